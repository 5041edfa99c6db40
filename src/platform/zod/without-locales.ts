/**
 * zod, as the Workers bundle gets it: zod's own entry (zod/index.js → v4/classic/external.js)
 * with the same exports, except that `locales` holds the two languages the API speaks instead of
 * all 64, and that the parts nothing in the worker calls are left out: the schema compiler
 * (`compile`, `withParser`, `toZod`, their errors) and `fromJSONSchema`. zod offers no entry
 * without them, and @hono/zod-openapi's `import { z } from 'zod'` keeps its whole namespace in
 * the bundle (~300 KiB of it these). wrangler.toml aliases the bare specifier "zod" to this
 * module for the worker build only; Node, the tests and the SPA use zod itself.
 * test/unit/zod-without-locales.test.ts checks the exports stay zod's, minus exactly these.
 *
 * The paths go into zod's package by file because its "exports" map offers these modules to no
 * one; zod is pinned to an exact version in package.json.
 */
import * as z from './external.ts';

export * from './external.ts';
export { z, z as default };
