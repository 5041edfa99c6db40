import * as z from 'zod';

export const LoginRequest = z
  .strictObject({
    tenant: z.string().trim().min(1).max(64).describe('district or office slug, e.g. demo-a'),
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .meta({ id: 'LoginRequest', example: { tenant: 'demo-a', username: 'committee_admin', password: 'firegrid-demo' } });

export const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(20).max(200) })
  .meta({ id: 'RefreshRequest', example: { refreshToken: 'rt.00000000-0000-4000-8000-000000000000.xxxxxxxxxxxxxxxxxxxxxxxxxx' } });

export const TokenResponse = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe('seconds until the access token expires'),
    tokenType: z.literal('Bearer'),
  })
  .meta({ id: 'TokenResponse' });
