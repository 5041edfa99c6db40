import type { OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json, jsonBody } from '../../platform/http/route.ts';
import { LoginRequest, RefreshRequest, TokenResponse } from './schemas.ts';
import { login, logout, refresh } from './service.ts';

const loginRoute = defineRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: '登录 / Log in with tenant slug, username and password',
  public: true,
  request: { body: jsonBody(LoginRequest) },
  responses: {
    200: json(TokenResponse, 'tokens'),
    401: json(z.any(), 'invalid credentials (same answer for unknown tenant or user)'),
    429: json(z.any(), 'too many failures; see Retry-After'),
  },
});

const refreshRoute = defineRoute({
  method: 'post',
  path: '/auth/refresh',
  tags: ['auth'],
  summary: '刷新令牌 / Rotate the refresh token (reuse revokes the session)',
  public: true,
  request: { body: jsonBody(RefreshRequest) },
  responses: { 200: json(TokenResponse, 'new tokens'), 401: json(z.any(), 'invalid, used or revoked') },
});

const logoutRoute = defineRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: '退出登录 / End the current session',
  authenticated: true,
  responses: { 204: { description: 'session ended' } },
});

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(loginRoute, async (c) => c.json(await login(c, c.req.valid('json')), 200));
  app.openapi(refreshRoute, async (c) => c.json(await refresh(c, c.req.valid('json').refreshToken), 200));
  app.openapi(logoutRoute, async (c) => {
    await logout(c);
    return c.body(null, 204);
  });
}
