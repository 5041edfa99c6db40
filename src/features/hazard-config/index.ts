import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.ts';
import { registerHazardCategoryRoutes } from './categories/routes.ts';
import { registerLookbackRoutes } from './lookbacks/routes.ts';
import { registerHazardPolicyRoutes } from './policy/routes.ts';
import { registerRoutingRuleRoutes } from './routing/routes.ts';

/**
 * The district's configuration of the hazard loop: categories, deadlines and escalation policy,
 * routing rules, and look-backs (回头看). The hazard service uses `loadPolicy` (policy-store.ts),
 * `suggestRouting` (routing/suggest.ts) and `recordRecheck` (lookbacks/recheck.ts).
 */
export function registerHazardConfigRoutes(app: OpenAPIHono<AppEnv>) {
  registerHazardCategoryRoutes(app);
  registerHazardPolicyRoutes(app);
  registerRoutingRuleRoutes(app);
  registerLookbackRoutes(app);
}

export { ensureDefaultCategories } from './categories/defaults.ts';
export { recordRecheck } from './lookbacks/recheck.ts';
export { loadPolicy } from './policy-store.ts';
export { type RoutingProposal, suggestRouting } from './routing/suggest.ts';
