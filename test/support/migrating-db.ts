import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/platform/db/types.ts';
import { OWNER, withDb } from './pg-database.ts';

/**
 * An empty database to migrate step by step as production does: as the owner role (not a
 * superuser, no BYPASSRLS) on tables whose row security is FORCED, with no tenant set; and a
 * superuser side door to write what an older app would have written and to check the result. A
 * fresh database on the api-pg project's PostgreSQL, else an in-memory PGlite with an owner role.
 */
export interface MigratingDb {
  /** Runs one migration statement as the migrating owner. */
  owner(sql: string): Promise<void>;
  /** As a superuser. */
  admin<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drizzle over the superuser connection: the app's reads, without row security. */
  drizzle: Db;
  close(): Promise<void>;
}

const MIGRATIONS = join(import.meta.dirname, '../../drizzle');

/** The migration files, in the order they run. */
export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

export async function applyMigrations(db: MigratingDb, names: readonly string[]): Promise<void> {
  for (const name of names) {
    for (const statement of readFileSync(join(MIGRATIONS, name), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await db.owner(statement);
    }
  }
}

export async function openMigratingDb(): Promise<MigratingDb> {
  const postgres = inject('postgres');
  if (postgres) {
    const name = `mig_${process.pid}_${Date.now()}`;
    const root = new pg.Client({ connectionString: postgres.adminUrl });
    await root.connect();
    await root.query(`create database ${name} owner ${OWNER.user}`);
    const owner = new pg.Client({ connectionString: withDb(postgres.adminUrl, name, OWNER) });
    const admin = new pg.Client({ connectionString: withDb(postgres.adminUrl, name) });
    await owner.connect();
    await admin.connect();
    return {
      owner: async (sql) => void (await owner.query(sql)),
      admin: async (sql, params) => (await admin.query(sql, params as unknown[])).rows,
      drizzle: drizzlePg({ client: admin, casing: 'snake_case' }) as unknown as Db,
      close: async () => {
        await owner.end();
        await admin.end();
        await root.query(`drop database if exists ${name} with (force)`);
        await root.end();
      },
    };
  }
  // PGlite: one connection, so the owner is a role switched to around each migration statement.
  const client = new PGlite();
  await client.exec('create role firegrid_owner createrole; grant create on schema public to firegrid_owner');
  return {
    owner: async (sql) => {
      await client.exec('set role firegrid_owner');
      try {
        await client.exec(sql);
      } finally {
        await client.exec('reset role');
      }
    },
    admin: async (sql, params) => (await client.query(sql, params)).rows as never,
    drizzle: drizzlePglite({ client, casing: 'snake_case' }) as unknown as Db,
    close: () => client.close(),
  };
}
