/**
 * Typo correction of the command words of a query (`virsh lsit` -> `virsh list`) against
 * the words that occur in names and keywords. Edit distance is fastest-levenshtein's; this
 * file only chooses which words to compare (same length band and first letter) and counts
 * an adjacent swap as one edit, the commonest typing slip.
 */
import { distance } from 'fastest-levenshtein';
import type { EntryText } from './entry-text.js';
import { isArgToken, isOptionToken, nameKey } from './normalize.js';

/** A reading of the query with some words replaced, and how many edits that took. */
export interface Variant {
  text: string;
  edits: number;
}

const WORD = /^[a-z0-9]+$/;
const MAX_VARIANTS = 8;
/** Words compared per typo at most, so a huge vocabulary cannot make one query slow. */
const MAX_COMPARISONS = 3000;
/** Leading words of a query that can still be part of a command name. */
const COMMAND_ZONE = 4;

/** Edit distance where swapping two neighbours costs 1. */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  return swapped ? 1 : d;
}

function maxEdits(len: number): number {
  return len <= 4 ? 1 : len <= 7 ? 2 : 3;
}

export class TypoCorrector {
  /** word -> how many names/keywords use it (ties go to the commoner word). */
  private readonly freq = new Map<string, number>();
  /** `${length}:${first letter}` -> words. */
  private readonly byShape = new Map<string, string[]>();
  /** length -> words, for a typo in the first letter. */
  private readonly byLength = new Map<number, string[]>();

  constructor(texts: readonly EntryText[]) {
    for (const t of texts) {
      for (const name of [t.term, t.entry.id, ...t.aliases, ...t.keywordsEn]) {
        for (const w of nameKey(name).split('-')) {
          if (w.length >= 2 && WORD.test(w)) this.freq.set(w, (this.freq.get(w) ?? 0) + 1);
        }
      }
    }
    for (const w of this.freq.keys()) {
      const shape = `${w.length}:${w[0]}`;
      (this.byShape.get(shape) ?? this.byShape.set(shape, []).get(shape)!).push(w);
      (this.byLength.get(w.length) ?? this.byLength.set(w.length, []).get(w.length)!).push(w);
    }
  }

  /** Known words within the allowed edits of `word`, closest (then commonest) first. */
  correct(word: string, max = 2): { word: string; edits: number }[] {
    // `br0`, `vm1`, `tap0`: names people give to their own things, not misspelt words.
    if (this.freq.has(word) || word.length < 3 || /\d$/.test(word)) return [];
    const limit = maxEdits(word.length);
    const found: { word: string; edits: number }[] = [];
    let budget = MAX_COMPARISONS;
    const scan = (pool: string[] | undefined, lim: number) => {
      for (const w of pool ?? []) {
        if (budget-- <= 0) return;
        const d = editDistance(word, w);
        if (d <= lim) found.push({ word: w, edits: d });
      }
    };
    for (let len = word.length - limit; len <= word.length + limit; len++) scan(this.byShape.get(`${len}:${word[0]}`), limit);
    if (!found.length && word.length >= 4) {
      for (let len = word.length - 1; len <= word.length + 1; len++) scan(this.byLength.get(len), 1);
    }
    found.sort((a, b) => a.edits - b.edits || (this.freq.get(b.word) ?? 0) - (this.freq.get(a.word) ?? 0) || (a.word < b.word ? -1 : 1));
    return found.slice(0, max);
  }

  /**
   * Readings of a normalised query with unknown command words corrected, fewest edits
   * first; empty when every command word is known.
   */
  variants(normalized: string): Variant[] {
    const toks = normalized.split(' ');
    // Each slot is a list of choices; choice 0 is the text as typed.
    const slots: { text: string; edits: number }[][] = [];
    let zone = 0;
    let unknown = 0;
    for (const tok of toks) {
      const inZone = zone < COMMAND_ZONE && !isOptionToken(tok) && !isArgToken(tok);
      if (inZone) zone++;
      else zone = COMMAND_ZONE;
      for (const part of tok.split(/([^a-z0-9]+)/)) {
        const fixes = inZone && WORD.test(part) ? this.correct(part) : [];
        if (fixes.length) unknown++;
        slots.push([{ text: part, edits: 0 }, ...fixes.map((f) => ({ text: f.word, edits: f.edits }))]);
      }
      slots.push([{ text: ' ', edits: 0 }]);
    }
    if (!unknown) return [];
    let combos: Variant[] = [{ text: '', edits: 0 }];
    for (const slot of slots) {
      const next: Variant[] = [];
      for (const c of combos) for (const ch of slot) next.push({ text: c.text + ch.text, edits: c.edits + ch.edits });
      combos = next.sort((a, b) => a.edits - b.edits).slice(0, MAX_VARIANTS * 2);
    }
    return combos
      .filter((c) => c.edits > 0)
      .map((c) => ({ text: c.text.trim(), edits: c.edits }))
      .slice(0, MAX_VARIANTS);
  }
}
