/**
 * The message catalogue's shape. Every sentence, heading, table header, unit, chart title and axis a user reads comes
 * from here, in every language: one module per area (`areas/<area>.ts`) holds that area's messages in English and in
 * Japanese side by side, typed so that a message missing in one language does not compile.
 */
export const LANGUAGES = ["en", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A message: a fixed string, or a function of the figures it states (already formatted for the language). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((...args: any[]) => string);
export type Messages = Record<string, Message>;

/** One area's messages in every language; Japanese must have exactly the English keys and signatures. */
export type Area<M extends Messages> = Record<Language, M>;

export const isLanguage = (s: unknown): s is Language => typeof s === "string" && (LANGUAGES as readonly string[]).includes(s);
