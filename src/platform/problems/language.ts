/**
 * The two languages the API answers in: Chinese first (the people reading are district clerks),
 * English second. `Accept-Language` picks one; anything else, or nothing, gets zh-CN.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** A text in every language we serve. */
export type Localized = Record<Language, string>;

/** Builds a Localized from its Chinese and English wording. */
export const l = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

/**
 * The language of the best-weighted tag we serve (RFC 9110 §12.5.4): `en-GB;q=0.9, zh;q=0.8`
 * → en. Tags with q=0 are refused; ties keep the order the client wrote them in.
 */
export function negotiateLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: { lang: Language; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [rawTag = '', ...rest] = part.trim().split(';');
    const tag = rawTag.trim().toLowerCase();
    const qParam = rest.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Language | null = tag === 'en' || tag.startsWith('en-') ? 'en' : tag === 'zh' || tag.startsWith('zh-') ? 'zh-CN' : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANGUAGE;
}
