import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json, jsonBody } from '../../platform/http/route.ts';
import { LoginRequest, RefreshRequest, TokenResponse } from './schemas.ts';
import { login, logout, refresh } from './service.ts';

const loginRoute = defineRoute({
  method: 'post',
  path: '/auth/login',
  operationId: 'login',
  tags: ['auth'],
  summary: '登录 / Log in with tenant slug, username and password',
  public: true,
  request: { body: jsonBody(LoginRequest) },
  description:
    '未知单位、未知账号、已停用账号与密码错误的回答相同（invalid_credentials）。同一地址对同一账号失败 5 次，该地址登录此账号即被锁定（rate_limited，见 Retry-After，1 分钟起逐次加倍，最长 1 小时）；' +
    '同一地址累计失败 30 次则该地址被锁定；账号本身从不锁定，多地址猜测时每次登录仅稍作延迟。 / ' +
    'An unknown tenant or user, a disabled user and a wrong password get the same invalid_credentials. Five failures on an account from one address ' +
    'lock that address out of that account (rate_limited, see Retry-After; 1 minute, doubling up to 1 hour); 30 failures from one address lock the address. ' +
    'An account itself is never locked: guessing from many addresses only slows each attempt down.',
  responses: { 200: json(TokenResponse, 'tokens') },
  errors: ['invalid_credentials', 'rate_limited'],
});

const refreshRoute = defineRoute({
  method: 'post',
  path: '/auth/refresh',
  operationId: 'refreshTokens',
  tags: ['auth'],
  summary: '刷新令牌 / Rotate the refresh token (reuse revokes the session)',
  public: true,
  request: { body: jsonBody(RefreshRequest) },
  responses: { 200: json(TokenResponse, 'new tokens') },
  errors: ['unauthenticated'],
});

const logoutRoute = defineRoute({
  method: 'post',
  path: '/auth/logout',
  operationId: 'logout',
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
