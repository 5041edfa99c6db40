/**
 * The hosts' log lines: one JSON object per line (Workers Logs and any log shipper filter by its
 * fields), with the request id, the tenant and the route where there is a request, and never
 * personal data. What an error carries is reduced to what identifies the failure: names, codes,
 * constraint, the SQL text without its bound values (Drizzle appends them to its message: the
 * reporter's description, names, phone numbers), and the stack's frames.
 */

/** Where a line comes from: a request (ids and the route template, not the path) or a job. */
export interface LogContext {
  requestId?: string;
  tenantId?: string | null;
  method?: string;
  route?: string;
}

interface ErrorFields {
  name: string;
  message?: string;
  code?: string;
  constraint?: string;
  stack?: string[];
  cause?: ErrorFields;
}

/** SQLSTATE classes whose messages quote the offending value (22 data exception, 23 integrity). */
const QUOTES_VALUES = /^2[23]/;

function fieldsOf(error: unknown, depth: number): ErrorFields {
  if (!(error instanceof Error)) return { name: typeof error };
  const e = error as Error & { code?: unknown; constraint?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  // Drizzle: "Failed query: <sql>\nparams: <values>": the SQL names the statement, the values are data.
  const message = e.message.split('\nparams:')[0]!;
  const fields: ErrorFields = { name: e.name };
  if (!(code && QUOTES_VALUES.test(code))) fields.message = message.slice(0, 2000);
  if (code) fields.code = code;
  if (typeof e.constraint === 'string') fields.constraint = e.constraint;
  // Frames only: the stack's first line repeats the message.
  if (depth === 0 && e.stack)
    fields.stack = e.stack
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 12);
  if (e.cause !== undefined && depth < 4) fields.cause = fieldsOf(e.cause, depth + 1);
  return fields;
}

/** What a log line says of an error (exported for its test). */
export const errorFields = (error: unknown): ErrorFields => fieldsOf(error, 0);

/** An error line, as JSON on stderr. */
export function logError(message: string, error: unknown, context: LogContext = {}): void {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...context, error: errorFields(error) }));
}
