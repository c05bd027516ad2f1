/** Language helpers. Japanese is the default language (VIRTBOT_LANG). */
import type { Lang, LocalText } from '../content/schema.js';

/** Picks the text for `lang`. */
export function t(text: LocalText, lang: Lang): string {
  return text[lang];
}

/** Maps a platform locale ('ja', 'en-US', 'en-GB', 'ja-JP') to a supported language, or undefined. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (l.startsWith('ja')) return 'ja';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

/** Template: replaces {name} in both languages. */
export function fmt(text: LocalText, vars: Record<string, string | number>): LocalText {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  return { ja: sub(text.ja), en: sub(text.en) };
}

const EN_PLURAL = new Intl.PluralRules('en');

/** "1 minute" / "2 minutes": an English count with the noun's regular plural (Intl.PluralRules; Japanese has none). */
export function countEn(n: number, noun: string): string {
  return `${n} ${EN_PLURAL.select(n) === 'one' ? noun : `${noun}s`}`;
}
