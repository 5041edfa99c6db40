import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/http/idempotency.ts';
import { bodyDefect, MAX_JSON_DEPTH } from '../../src/platform/http/input.ts';

describe('the input gate: text a database cannot store', () => {
  it('finds a NUL or a lone surrogate anywhere in a body, keys included, and names where', () => {
    const at = (value: unknown) => {
      const defect = bodyDefect(value);
      return defect?.kind === 'unstorable' ? defect.path : defect;
    };
    expect(at({ name: 'a\ud800b' })).toBe('name');
    expect(at({ a: [{ b: 'x' }, { c: 'y\u0000' }] })).toBe('a.1.c');
    expect(at({ 'k\udc00': 1 })).toBe('k\udc00');
    expect(at('\udfff')).toBe('(body)');
  });

  it('lets every well-formed string through, astral characters and control characters other than NUL included', () => {
    expect(bodyDefect({ name: '隐患 🔥 \t\n\r\u0001', list: ['𠀀', '\ud83d\ude00'] })).toBeNull();
    // Any UTF-16 string: what TextEncoder would mangle (a lone surrogate) or PostgreSQL refuse (NUL).
    const storable = (s: string) => s.isWellFormed() && !s.includes('\u0000');
    let seenBad = false;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 5 }), (text, key) => {
        if (!storable(text) || !storable(key)) seenBad = true;
        expect(bodyDefect({ [key]: [text] }) === null).toBe(storable(text) && storable(key));
      }),
      { numRuns: 500 },
    );
    expect(seenBad, 'the generator produced unstorable strings too').toBe(true);
  });
});

describe('the input gate: nesting', () => {
  it('refuses a body nested deeper than the limit without exhausting the stack (30,000 levels)', () => {
    const deep = JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`) as unknown;
    expect(bodyDefect(deep)).toEqual({ kind: 'too_deep' });
    const atLimit = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}"x"${']'.repeat(MAX_JSON_DEPTH)}`) as unknown;
    expect(bodyDefect(atLimit)).toBeNull();
    const overLimit = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH + 1)}"x"${']'.repeat(MAX_JSON_DEPTH + 1)}`) as unknown;
    expect(bodyDefect(overLimit)).toEqual({ kind: 'too_deep' });
  });
});

describe('canonical JSON for Idempotency-Key', () => {
  it('reads the same for the same value whatever the key order or spacing', () => {
    expect(canonicalJson(JSON.parse('{ "b": 1, "a": [ {"y": 2, "x": null} ] }'))).toBe(
      canonicalJson(JSON.parse('{"a":[{"x":null,"y":2}],"b":1}')),
    );
    /** The same value with every object's keys in reverse order, and spaced out. */
    const reorder = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reorder)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reorder(x)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered = JSON.parse(JSON.stringify(reorder(value), null, 2)) as unknown;
        expect(canonicalJson(reordered)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('tells different values apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });
});
