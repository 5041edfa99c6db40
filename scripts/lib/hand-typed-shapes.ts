/**
 * Finds hand-written copies of the API's shapes in the SPA's source: an interface or an object
 * type alias whose fields are (mostly) those of a schema of the OpenAPI document, or that takes a
 * schema's name. The SPA must take these shapes from api.generated.ts (through api-types.ts), so
 * that a renamed field fails its typecheck; a copy would compile and break at run time.
 */

export interface Shape {
  name: string;
  fields: Set<string>;
}

export interface Copy {
  file: string;
  declared: string;
  schema: string;
  shared: string[];
}

/** A copy shares at least this many fields with a schema… */
const MIN_SHARED = 4;
/** …and at least this share of the schema's fields. */
const MIN_RATIO = 0.75;

/** The text between the brace at `open` and its match. */
function block(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** The names of an object type body's own fields (the fields of nested objects are not its own). */
function topLevelFields(body: string): Set<string> {
  const fields = new Set<string>();
  let depth = 0;
  let line = '';
  const take = () => {
    const m = /^\s*(?:readonly\s+)?['"]?([A-Za-z_$][\w$]*)['"]?\??\s*:/.exec(line);
    if (m) fields.add(m[1]!);
    line = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const arrow = ch === '>' && body[i - 1] === '=';
    if ('{([<'.includes(ch)) depth++;
    else if ('})]'.includes(ch) || (ch === '>' && !arrow)) depth--;
    else if (depth === 0 && (ch === ';' || ch === ',' || ch === '\n')) take();
    else if (depth === 0) line += ch;
  }
  take();
  return fields;
}

/** The interfaces and object type aliases a source file declares, with their field names. */
export function declaredShapes(source: string): Shape[] {
  const shapes: Shape[] = [];
  const declaration =
    /(?:^|\n)\s*(?:export\s+)?(?:interface\s+([A-Za-z_$][\w$]*)[^{=;]*\{|type\s+([A-Za-z_$][\w$]*)(?:<[^=]*>)?\s*=\s*\{)/g;
  for (const m of source.matchAll(declaration)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    shapes.push({ name: (m[1] ?? m[2])!, fields: topLevelFields(block(source, open)) });
  }
  return shapes;
}

/** The object schemas of an OpenAPI document, with their property names. */
export function schemaShapes(document: { components?: { schemas?: Record<string, unknown> } }): Shape[] {
  const shapes: Shape[] = [];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties;
    if (properties) shapes.push({ name, fields: new Set(Object.keys(properties)) });
  }
  return shapes;
}

/** The declarations of `file` that copy a schema: by its name, or by most of its fields. */
export function handTypedCopies(file: string, source: string, schemas: readonly Shape[]): Copy[] {
  const copies: Copy[] = [];
  for (const declared of declaredShapes(source)) {
    for (const schema of schemas) {
      const shared = [...declared.fields].filter((f) => schema.fields.has(f));
      const sameName = declared.name === schema.name;
      const sameFields = shared.length >= MIN_SHARED && shared.length >= MIN_RATIO * schema.fields.size;
      if (sameName || sameFields) copies.push({ file, declared: declared.name, schema: schema.name, shared });
    }
  }
  return copies;
}
