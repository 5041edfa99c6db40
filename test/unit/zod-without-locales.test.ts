import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as zodModule from 'zod';
import * as slimModule from '../../src/platform/zod/without-locales.ts';

// Plain objects of the two modules' exports, to compare them key by key.
const zod: Record<string, unknown> & typeof zodModule = { ...zodModule };
const slim: Record<string, unknown> & typeof slimModule = { ...slimModule };

/** Left out of the worker's zod: nothing in the worker calls them (without-locales.ts). */
const LEFT_OUT = ['compile', 'withParser', 'toZod', 'ZodCompileAsyncError', 'ZodCompileUnsupportedError', 'fromJSONSchema'];
const CORE_LEFT_OUT = ['compile', 'compileFn', 'withParser', 'INVALID', 'ZodCompileAsyncError', 'ZodCompileUnsupportedError'];
const minus = (keys: string[], out: string[]) => keys.filter((k) => !out.includes(k)).sort();

/** The worker's zod (wrangler.toml [alias]) is zod itself minus the locales it does not serve. */
describe('zod without locales', () => {
  it('exports everything zod exports (but the compiler), the same values', () => {
    expect(Object.keys(slim).sort()).toEqual(minus(Object.keys(zod), LEFT_OUT));
    for (const key of minus(Object.keys(zod), LEFT_OUT)) {
      if (key === 'locales' || key === 'core' || key === 'z' || key === 'default') continue;
      expect(slim[key], key).toBe(zod[key]);
    }
    expect(Object.keys(slim.z).sort()).toEqual(minus(Object.keys(zod.z), LEFT_OUT));
    expect(Object.keys(slim.core).sort()).toEqual(minus(Object.keys(zod.core), CORE_LEFT_OUT));
    for (const key of minus(Object.keys(zod.core), CORE_LEFT_OUT)) {
      if (key !== 'locales')
        expect((slim.core as Record<string, unknown>)[key], `core.${key}`).toBe((zod.core as Record<string, unknown>)[key]);
    }
  });

  it('leaves out only what the worker’s dependencies never reach for', () => {
    const users = [
      '@hono/zod-openapi/dist/index.mjs',
      '@hono/zod-validator/dist/index.mjs',
      '@asteasolutions/zod-to-openapi/dist/index.mjs',
    ];
    for (const file of users) {
      const text = readFileSync(join('node_modules', file), 'utf8');
      for (const name of new Set([...LEFT_OUT, ...CORE_LEFT_OUT])) expect(text.includes(name), `${file} uses ${name}`).toBe(false);
    }
  });

  it('keeps exactly the locales of the languages the API answers in', () => {
    expect(Object.keys(slim.locales).sort()).toEqual(['en', 'zhCN']);
    expect(slim.locales.en).toBe(zod.locales.en);
    expect(slim.locales.zhCN).toBe(zod.locales.zhCN);
    expect(slim.core.locales).toBe(slim.locales);
  });
});
