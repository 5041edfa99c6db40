import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FIELD_ISSUE_AREAS, FIELD_ISSUES, PROBLEM_AREAS, PROBLEM_CODES, PROBLEMS } from '../../src/platform/problems/catalog.ts';
import { LANGUAGES, negotiateLanguage } from '../../src/platform/problems/language.ts';
import { fitting, type JsonSchema } from '../support/arbitrary.ts';

const CJK = /[\u3400-\u9fff]/;
/** "中文 / English" in one string: what the catalog exists to end. */
const BOTH = /[\u3400-\u9fff][^/]* \/ [A-Za-z]/;

/** Parameters a code could be thrown with, generated from its own params schema. */
function sampleParams(schema: z.ZodType, count: number): Record<string, unknown>[] {
  const json = z.toJSONSchema(schema) as JsonSchema;
  return fc.sample(fitting(json, { ids: ['00000000-0000-4000-8000-000000000001'], resolve: () => ({}) }), {
    numRuns: count,
    seed: 7,
  }) as Record<string, unknown>[];
}

describe('the problem catalog', () => {
  it('has no code defined in two areas, and each code once in the assembled catalog', () => {
    const all = Object.values(PROBLEM_AREAS).flatMap((area) => Object.keys(area));
    expect(new Set(all).size).toBe(all.length);
    expect(PROBLEM_CODES.length).toBe(all.length);
    const fields = Object.values(FIELD_ISSUE_AREAS).flatMap((area) => Object.keys(area));
    expect(new Set(fields).size).toBe(fields.length);
    expect(Object.keys(FIELD_ISSUES).length).toBe(fields.length);
  });

  it('names every code in snake_case and gives it a 4xx or 5xx status', () => {
    for (const code of PROBLEM_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(PROBLEMS[code].status).toBeGreaterThanOrEqual(400);
      expect(PROBLEMS[code].status).toBeLessThan(600);
    }
  });

  it('renders every code with any of its parameters in each language: Chinese in zh-CN, English in en, never both in one string', () => {
    for (const code of PROBLEM_CODES) {
      const def = PROBLEMS[code];
      for (const params of sampleParams(def.params, 5)) {
        expect(def.params.safeParse(params).success, `${code} ${JSON.stringify(params)}`).toBe(true);
        const detail = (def.detail as (p: unknown) => Record<string, string>)(params);
        for (const lang of LANGUAGES) {
          for (const text of [def.title[lang], detail[lang]]) {
            expect(text, `${code} ${lang}`).toMatch(/\S/);
            expect(text, `${code} ${lang}`).not.toMatch(BOTH);
            expect(text, `${code} ${lang}`).not.toContain('undefined');
          }
        }
        expect(detail['zh-CN'], code).toMatch(CJK);
        expect(def.title['zh-CN'], code).toMatch(CJK);
        // English may quote a user's Chinese input or a name, but its own words are English.
        expect(def.title.en, code).not.toMatch(CJK);
      }
    }
  });

  it('renders every field-level code in both languages', () => {
    for (const [code, def] of Object.entries(FIELD_ISSUES)) {
      const message = (def.message as (p: unknown) => Record<string, string>)({
        start: '2026-01-01',
        min: '2000-01-01',
        max: '2099-12-31',
        fields: 'a, b',
      });
      expect(message['zh-CN'], code).toMatch(CJK);
      expect(message.en, code).not.toMatch(CJK);
      for (const lang of LANGUAGES) expect(message[lang], code).not.toMatch(BOTH);
    }
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh-TW;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=abc', 'zh-CN'],
  ] as const)('%j → %s', (header, lang) => {
    expect(negotiateLanguage(header)).toBe(lang);
  });
});
