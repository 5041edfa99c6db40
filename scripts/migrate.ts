import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS } from '../src/node/embedded.ts';

/**
 * Applies the committed migrations as the OWNER role (DATABASE_OWNER_URL): tables, the app role,
 * row-level security. The app itself never connects as the owner. The embedded default migrates
 * itself at start-up and needs no command.
 */
const url = process.env.DATABASE_OWNER_URL;
if (!url) {
  console.error('DATABASE_OWNER_URL is not set (the owner role’s connection string; see README “Deploy”).');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
const { rows } = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
console.log(`migrations applied: ${rows[0]?.n ?? 0} in total on ${new URL(url).host}`);
await client.end();
