/** The normalised texts of an entry, computed once and shared by every index. */
import type { KbEntry } from '../../content/schema.js';
import { normalizeText } from './normalize.js';

export interface EntryText {
  entry: KbEntry;
  term: string;
  aliases: string[];
  keywordsEn: string[];
  /** Japanese then English keywords. */
  keywords: string[];
  /** Japanese and English summary in one string. */
  summary: string;
  /** Japanese and English detail in one string, normalised on first use (most are never read). */
  readonly detail: string;
}

/** Normalises every entry's texts (see normalizeText). */
export function entryTexts(entries: readonly KbEntry[]): EntryText[] {
  return entries.map((entry) => {
    const keywordsEn = entry.keywords.en.map(normalizeText);
    return {
      entry,
      term: normalizeText(entry.term),
      aliases: entry.aliases.map(normalizeText),
      keywordsEn,
      keywords: [...entry.keywords.ja.map(normalizeText), ...keywordsEn],
      summary: normalizeText(`${entry.summary.ja} \n ${entry.summary.en}`),
      get detail() {
        const value = normalizeText(`${entry.detail.ja} \n ${entry.detail.en}`);
        Object.defineProperty(this, 'detail', { value });
        return value;
      },
    };
  });
}
