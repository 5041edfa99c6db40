import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/schema and committed; they are applied by scripts/migrate.ts
// (and by the embedded host at start-up). Never `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
  strict: true,
  verbose: true,
});
