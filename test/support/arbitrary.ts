import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (draft 2020-12, as zod
 * writes them): values that mostly fit the schema, so requests get past validation and into the
 * handlers, plus the ways clients get it wrong (a wrong type, a missing or unknown field, text a
 * database cannot store, numbers at the edges). `ids` are real ids of the district: a field of
 * format uuid picks one of them most of the time, so lookups find something to work on.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

export interface SchemaContext {
  resolve(ref: string): JsonSchema;
  ids: readonly string[];
}

/** Strings clients and attackers send that a careless server stores, chokes on, or echoes. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  'a\ud800b',
  '\udc00',
  '💥'.repeat(50),
  "'; drop table hazards; --",
  '%00',
  '\u202e',
  'x'.repeat(5000),
];

function uuidArb(ctx: SchemaContext): fc.Arbitrary<string> {
  return ctx.ids.length ? fc.oneof({ arbitrary: fc.constantFrom(...ctx.ids), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }) : fc.uuid();
}

function stringArb(schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  switch (schema.format) {
    case 'uuid':
      return uuidArb(ctx);
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2110-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2110-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
  }
  if (schema.pattern) {
    let pattern: RegExp | null = null;
    try {
      pattern = new RegExp(schema.pattern, 'u');
    } catch {
      pattern = null;
    }
    if (pattern)
      return fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
}

/** Integers the database's integer and bigint columns cannot hold, or only just. */
const INTEGER_EDGES = [2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 31) - 1];

function numberArb(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  if (integer) {
    const lo = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
    const fits = fc.oneof(fc.integer({ min: lo, max: Math.max(lo, hi) }), fc.constantFrom(lo, Math.max(lo, hi)));
    // A schema without a maximum (or minimum) lets the column type's edges through: send them.
    const unbounded = schema.maximum === undefined || schema.minimum === undefined;
    return unbounded ? fc.oneof({ arbitrary: fits, weight: 5 }, fc.constantFrom(...INTEGER_EDGES)) : fits;
  }
  if (schema.minimum === undefined && schema.maximum === undefined) {
    // Unbounded in the schema: the edges of the column types behind it too.
    return fc.oneof(
      { arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), weight: 4 },
      fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 31) - 1),
    );
  }
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

/** A value that fits `schema` (as far as a generator can tell). */
export function fitting(schema: JsonSchema, ctx: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return fitting(ctx.resolve(schema.$ref), ctx, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((o) => fitting(o, ctx, depth + 1)));
  if (schema.allOf?.length) return fitting(Object.assign({}, ...schema.allOf), ctx, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => fitting({ ...schema, type: t }, ctx, depth + 1)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArb(schema, true);
    case 'number':
      return numberArb(schema, false);
    case 'string':
      return stringArb(schema, ctx);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 4, Math.max(min, depth > 2 ? min : 4));
      return fc.array(schema.items ? fitting(schema.items, ctx, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: min,
        maxLength: max,
      });
    }
    case 'object':
    case undefined: {
      if (!schema.properties && types[0] === undefined) return fc.jsonValue({ maxDepth: 2 });
      const required = new Set(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) shape[key] = fitting(child, ctx, depth + 1);
      return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
    }
  }
  return fc.jsonValue({ maxDepth: 1 });
}

/** A value that fits `schema`, or one of the ways a client gets it wrong. */
export function fittingOrNot(schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const resolved = schema.$ref ? ctx.resolve(schema.$ref) : schema;
  const wrong: fc.Arbitrary<unknown>[] = [fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...HOSTILE_STRINGS)];
  if (resolved.properties) {
    const keys = Object.keys(resolved.properties);
    wrong.push(
      // an unknown field, a field with hostile text, a required field missing
      fitting(resolved, ctx).map((v) => ({ ...(v as object), unexpectedField: 1 })),
      fc
        .tuple(fitting(resolved, ctx), fc.constantFrom(...keys), fc.constantFrom(...HOSTILE_STRINGS))
        .map(([v, k, s]) => ({ ...(v as object), [k]: s })),
      fc.tuple(fitting(resolved, ctx), fc.constantFrom(...keys)).map(([v, k]) => {
        const copy = { ...(v as Record<string, unknown>) };
        delete copy[k];
        return copy;
      }),
    );
  }
  return fc.oneof({ arbitrary: fitting(resolved, ctx), weight: 3 }, { arbitrary: fc.oneof(...wrong), weight: 2 });
}

/** A query- or path-parameter value as a URL carries it: fitting, or hostile. */
export function parameterValue(schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<string> {
  return fc
    .oneof(
      { arbitrary: fitting(schema, ctx), weight: 4 },
      { arbitrary: fc.constantFrom(...HOSTILE_STRINGS, '-1', '1e309', 'null'), weight: 1 },
    )
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
