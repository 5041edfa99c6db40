/**
 * Text the database can store as it was sent: no NUL (PostgreSQL text cannot hold one) and no lone
 * UTF-16 surrogate (JSON can say `"\ud800"`, UTF-8 cannot, so a driver would silently store U+FFFD
 * and jsonb would refuse it). Every input path checks its strings with this before any write.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character PostgreSQL text cannot hold
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorable = (text: string): boolean => !UNSTORABLE.test(text);

/** The same text with what cannot be stored replaced by U+FFFD (for records that must never fail, like audit rows). */
export const storable = (text: string): string => (isStorable(text) ? text : text.toWellFormed().replaceAll('\u0000', '\uFFFD'));
