import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredShapes, handTypedCopies, schemaShapes } from '../../scripts/lib/hand-typed-shapes.ts';
import { openApiDocument } from '../../src/app.ts';

const WEB = 'web/src';
const GENERATED = 'api.generated.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && e.name !== GENERATED ? [path] : [];
  });
}

describe('the SPA types the API only through the generated document', () => {
  const schemas = schemaShapes(openApiDocument());

  it('finds the shapes a source declares, with their own fields only', () => {
    const shapes = declaredShapes(`
      export interface Loaded<T> { data: T | undefined; refresh: () => Promise<void>; nested: { inner: string }; 'quoted'?: number }
      type Row = { id: string; fn: (a: Map<string, number>) => void, last: boolean };
    `);
    expect(shapes.map((s) => [s.name, [...s.fields].sort()])).toEqual([
      ['Loaded', ['data', 'nested', 'quoted', 'refresh']],
      ['Row', ['fn', 'id', 'last']],
    ]);
  });

  it('recognises a hand-written copy of a schema, by its fields or by its name', () => {
    const copy = `interface Crumb {\n  id: string;\n  number: string;\n  categoryId: string;\n  categoryName: string;\n  orgUnitId: string;\n  orgUnitName: string;\n  placeId: string | null;\n  placeName: string | null;\n  description: string;\n  severity: string;\n  source: string;\n  latitude: number | null;\n  longitude: number | null;\n  state: string;\n  outcome: string | null;\n  reporterId: string;\n  reportedAt: string;\n  routedAt: string | null;\n  respondBy: string | null;\n  dueAt: string | null;\n  closedAt: string | null;\n  overdue: boolean;\n  escalationLevel: number;\n  reopenCount: number;\n  rejectCount: number;\n  extensionCount: number;\n  pendingExtension: null;\n  duplicateOfId: string | null;\n  parties: unknown[];\n  version: number;\n}`;
    expect(handTypedCopies('x.ts', copy, schemas).map((c) => c.schema)).toContain('Hazard');
    expect(handTypedCopies('x.ts', 'export type Me = { who: string };', schemas).map((c) => c.schema)).toEqual(['Me']);
  });

  it('has no such copy anywhere in web/src', () => {
    const copies = sourceFiles(WEB).flatMap((file) => handTypedCopies(file, readFileSync(file, 'utf8'), schemas));
    expect(copies.map((c) => `${c.file}: ${c.declared} copies ${c.schema} (${c.shared.join(', ')})`)).toEqual([]);
  });
});
