/**
 * Import boundaries, checked in `npm test` (npm run lint:deps). Each rule says what it keeps apart.
 *
 * "Pure rule modules" are the domain's rules as data and functions (DESIGN.md: workflow, policy,
 * indicators, rubric, recurrence, chain, scope rules, vocabularies): no I/O, tested exhaustively,
 * shared with the SPA. They may import each other, zod, date-fns and the problem catalog; never
 * the database, HTTP or a driver.
 */
const PURE = [
  '^src/features/[^/]+/(workflow|policy|rules|indicators|rubric|district-score|recurrence|months|flags|score|templates|vocabulary|actor|selector)\\.ts$',
  '^src/features/hazard-config/[^/]+/(period|party|pick)\\.ts$',
  '^src/features/timeline/chain\\.ts$',
  '^src/features/timeline/rules\\.ts$',
  '^src/platform/authz/(roles|scope)\\.ts$',
  '^src/platform/problems/',
];

module.exports = {
  forbidden: [
    {
      name: 'pure-rules-stay-pure',
      comment: 'A pure rule module imports nothing from drizzle, hono, the HTTP layer or the database schema.',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: [
          '^node_modules/(drizzle-orm|hono|@hono)/',
          '^src/platform/http/',
          '^src/platform/db/',
          '^src/db/',
          '^src/platform/errors\\.ts$',
        ],
      },
    },
    {
      name: 'features-know-no-driver',
      comment: 'Feature code receives a Drizzle database; drivers and SDKs (pg, PGlite, Neon, AWS) live in src/platform and the hosts.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^node_modules/(pg|@electric-sql/pglite|@neondatabase/serverless|@aws-sdk/[^/]+|s3rver|ws)/' },
    },
    {
      name: 'platform-knows-no-feature',
      comment:
        'The shared platform layer is below the features: it never imports one. The problem catalog may name things in the words of a feature vocabulary (pure leaves).',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/features/', pathNot: '^src/features/.+/vocabulary\\.ts$' },
    },
    {
      name: 'spa-imports-only-pure-modules',
      comment:
        'The SPA takes from src/ only pure vocabularies and rules (and, from issue 12 on, types generated from the OpenAPI document).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: PURE },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make module order matter and hide a missing layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // cloudflare:* modules exist inside workerd only (the workerd test suite imports them).
      to: { couldNotResolve: true, pathNot: '^cloudflare:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'web/dist', 'dist'] },
    // TypeScript 7 has no JS API yet: dependency-cruiser parses with swc instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6'],
  },
};
