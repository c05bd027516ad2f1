/**
 * Autocomplete: entries whose term, alias or keyword starts with the typed text, or has a
 * word starting with it (`snap` finds `virsh snapshot-list`). Binary search over a sorted
 * list, so it stays fast at any size.
 */
import type { KbEntry } from '../../content/schema.js';
import type { EntryText } from './entry-text.js';
import { normalize } from './normalize.js';
import { addTo, PrefixList } from './prefix.js';

/** Lower is better: where in the entry the typed text was found. */
const RANK = { term: 0, termWord: 1, alias: 2, aliasWord: 3, keyword: 4 } as const;
/** Prefix matches looked at before ranking; enough for any one prefix of a real KB. */
const SCAN = 400;

interface Ref {
  i: number;
  rank: number;
}

/** Every suffix of `s` that starts a word after a separator (`snapshot-list` in `virsh snapshot-list`). */
function wordStarts(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/[^\p{L}\p{N}]+(?=[\p{L}\p{N}])/gu)) out.push(s.slice(m.index + m[0].length));
  return out;
}

export class SuggestIndex {
  private readonly list: PrefixList<Ref>;

  private readonly entries: readonly KbEntry[];

  constructor(texts: readonly EntryText[]) {
    this.entries = texts.map((t) => t.entry);
    const groups = new Map<string, Ref[]>();
    const add = (n: string, i: number, whole: number, word?: number) => {
      if (!n) return;
      addTo(groups, n, { i, rank: whole });
      if (word !== undefined) for (const s of wordStarts(n)) addTo(groups, s, { i, rank: word });
    };
    texts.forEach((t, i) => {
      add(t.term, i, RANK.term, RANK.termWord);
      for (const a of t.aliases) add(a, i, RANK.alias, RANK.aliasWord);
      // Keywords only as typed from their start: their inner words are mostly other entries' terms.
      for (const k of t.keywords) add(k, i, RANK.keyword);
    });
    this.list = new PrefixList(groups);
  }

  /** Entry indexes, best first: by where the text matched, then shorter terms. */
  suggest(partial: string, limit: number): { i: number; rank: number }[] {
    const n = normalize(partial);
    if (!n || limit <= 0) return [];
    const best = new Map<number, number>();
    let seen = 0;
    for (const [, refs] of this.list.startingWith(n)) {
      for (const ref of refs) {
        const r = best.get(ref.i);
        if (r === undefined || ref.rank < r) best.set(ref.i, ref.rank);
      }
      if ((seen += refs.length) >= SCAN) break;
    }
    return [...best.entries()]
      .map(([i, rank]) => ({ i, rank }))
      .sort((a, b) => a.rank - b.rank || this.entries[a.i]!.term.length - this.entries[b.i]!.term.length || (this.entries[a.i]!.term < this.entries[b.i]!.term ? -1 : 1))
      .slice(0, limit);
  }
}
