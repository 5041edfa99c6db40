import * as z from 'zod';
import { PROBLEM_AREAS } from '../../src/platform/problems/catalog.ts';

/**
 * The README's table of error codes, rendered from the catalog (src/platform/problems): one row
 * per code with its status, its parameters and its title in both languages. `npm run docs:errors`
 * writes it between the markers; test/unit/readme.test.ts fails when the README is behind.
 */
export const START = '<!-- error-codes:start (npm run docs:errors) -->';
export const END = '<!-- error-codes:end -->';

const AREA_TITLES: Record<keyof typeof PROBLEM_AREAS, string> = {
  common: 'Platform (every route)',
  registry: 'Registry, users, districts, sign-in',
  hazards: 'Hazards, their configuration, evidence, timelines',
  work: 'Tasks, campaigns, duties, inspections, patrols, facilities, maintenance',
  assessments: 'Assessment, rankings, oversight',
};

function paramsOf(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema) as {
    properties?: Record<string, { type?: string; enum?: unknown[]; items?: { enum?: unknown[] } }>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {})
    .map(([name, p]) => {
      const type = p.enum ? 'enum' : p.type === 'array' ? (p.items?.enum ? 'enum[]' : 'array') : (p.type ?? 'any');
      return `\`${name}${required.has(name) ? '' : '?'}\`: ${type}`;
    })
    .join(', ');
}

export function errorCodesTable(): string {
  const out: string[] = [START];
  for (const [area, problems] of Object.entries(PROBLEM_AREAS) as [
    keyof typeof PROBLEM_AREAS,
    Record<string, { status: number; title: Record<string, string>; params: z.ZodType }>,
  ][]) {
    out.push('', `**${AREA_TITLES[area]}**`, '', '| code | HTTP | params | 中文 | English |', '| --- | --- | --- | --- | --- |');
    for (const [code, def] of Object.entries(problems).sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| \`${code}\` | ${def.status} | ${paramsOf(def.params) || '—'} | ${def.title['zh-CN']} | ${def.title.en} |`);
    }
  }
  out.push('', END);
  return out.join('\n');
}
