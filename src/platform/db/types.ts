import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * What feature code receives: a Drizzle Postgres database or transaction, never a driver. PGlite,
 * node-postgres and the Neon serverless driver all produce one of these. Without the schema's
 * relational config (no `db.query.*`): building it walks every table, and a transaction's Drizzle
 * instance is made per request (0.1 ms and more of each request's CPU on the Node host).
 */
export type Db = PgDatabase<PgQueryResultHKT>;

/** A connection for one unit of work. Workers open and end one per request; Node hosts share one. */
export interface DatabaseHandle {
  db: Db;
  release(): Promise<void>;
}

export interface DatabaseProvider {
  acquire(): DatabaseHandle;
  /**
   * The unprivileged role tenant work runs as. Set where the connection itself logs in as a more
   * powerful role (PGlite has only a superuser): every transaction then switches to it first.
   * null where the connection already logs in as the app role.
   */
  readonly switchToRole: string | null;
  /**
   * Runs `work` in a transaction of `db` set to `tenantId` (see inTenant), where the driver can do
   * better than Drizzle's own transaction plus a separate `set_config`. Absent: inTenant does that.
   */
  transaction?<T>(db: Db, tenantId: string | null, work: (tx: Db) => Promise<T>): Promise<T>;
}

/**
 * Hears every statement a provider's connection sends (Drizzle's logger), with its bound values
 * (none for the transaction's own BEGIN and COMMIT): to count round trips per request, and for the
 * benchmark to replay a request's exact SQL. Optional on every provider; the hosts leave it out.
 */
export type StatementObserver = (statement: string, params?: readonly unknown[]) => void;

/** The Drizzle logger that tells `observe` each statement (none without an observer). */
export const statementLogger = (observe?: StatementObserver) =>
  observe ? { logQuery: (query: string, params: unknown[]) => observe(query, params) } : undefined;

/** The role every request runs as: owns no table, NOSUPERUSER NOBYPASSRLS. Created by the migrations. */
export const APP_ROLE = 'firegrid_app';

export type { SelectResultFields as RowOf } from 'drizzle-orm/query-builders/select.types';

/**
 * The default `extra` of a shared select builder (`selectHazards(tx, where, extra?)`): nothing
 * beside its own columns. A list passes `{ total: ks.total }`; single-row reads pass nothing.
 */
export type NoColumns = Record<never, never>;

/**
 * Rows of a raw SQL statement. Every driver we use (PGlite, node-postgres, Neon) answers
 * `execute` with `{ rows }`; the shared Db type cannot say so, hence this one cast.
 */
export async function queryRows<T>(tx: Db, query: SQL): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}
