/**
 * Word search over names, keywords, summaries and details (Japanese and English).
 *
 * CandidateIndex finds entries sharing terms with the query (words, and CJK bigrams so
 * 2-character Japanese words such as 一覧 or 作成 need no dictionary). The ranking is ours:
 * each query word scores by the best field it appears in (term > alias > keyword >
 * summary > detail), averaged over the query words.
 */
import { CandidateIndex, type CandidateWord } from './candidates.js';
import { GLOSSARY } from './glossary.js';
import type { Scored } from './names.js';
import type { EntryText } from './entry-text.js';
import { bigrams, compactKey, hasCjk, nameKey, queryWords } from './normalize.js';
import { SCORE } from './score.js';

/** Candidates ranked per query. */
const CANDIDATES = 40;
/** A Japanese word matched through its English name scores this share of a direct match. */
const TRANSLATED = 0.95;
/** Share of a word's summary match added to its best field (the definition mentions it). */
const SPREAD = 0.08;

/** A word to look for, with what degree() needs prepared once per query. */
interface Needle {
  text: string;
  cjk: boolean;
  grams: string[];
  /** Only a whole-word match counts (an English translation means that word, not its prefix). */
  whole: boolean;
}

/** A query word and, for a Japanese word in GLOSSARY, its English alternatives (split in words). */
interface QueryWord extends CandidateWord {
  needle: Needle;
  englishNeedles: Needle[][];
}

type Fields = EntryText;

function needle(text: string, whole = false): Needle {
  const cjk = hasCjk(text);
  return { text, cjk, grams: cjk ? bigrams(text) : [], whole };
}

function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return /[\p{L}\p{N}]/u.test(c);
}

/**
 * How well the word occurs in `text`: 1 the whole text or a whole word, 0.85 a word start,
 * 0.5 inside a word, 0 absent. Japanese has no word boundaries: contained scores 0.9, and
 * with `partial`, most of its bigrams present score up to 0.7.
 */
function degree(w: Needle, text: string, partial = true): number {
  const word = w.text;
  if (w.cjk) {
    if (text === word) return 1;
    if (text.includes(word)) return 0.9;
    if (!partial || w.grams.length < 2) return 0;
    let hit = 0;
    for (const g of w.grams) if (text.includes(g)) hit++;
    hit /= w.grams.length;
    return hit >= 0.5 ? 0.7 * hit : 0;
  }
  let best = 0;
  for (let at = text.indexOf(word), n = 0; at >= 0 && n < 8; at = text.indexOf(word, at + 1), n++) {
    const start = !isWordChar(text[at - 1]);
    const end = !isWordChar(text[at + word.length]);
    // `-monitor` is an option named after the word, a step away from the word itself.
    const option = text[at - 1] === '-' && (at === 1 || text[at - 2] === ' ' || text[at - 2] === '-');
    const d = start && end && !option ? 1 : start ? 0.85 : word.length >= 3 ? 0.5 : 0.2;
    if (d > best) best = d;
    if (best === 1) break;
  }
  return w.whole && best < 1 ? 0 : best;
}

/** Weight of a query word: short words say less. */
function wordWeight(w: string): number {
  if (hasCjk(w)) return w.length === 1 ? 0.4 : w.length === 2 ? 0.9 : 1;
  return w.length === 2 ? 0.6 : 1;
}

function toQueryWords(normalized: string): QueryWord[] {
  return queryWords(normalized).map((word) => {
    const english = (GLOSSARY.get(word) ?? []).map((alt) => alt.split(' '));
    return { word, weight: wordWeight(word), english, needle: needle(word), englishNeedles: english.map((alt) => alt.map((e) => needle(e, true))) };
  });
}

export class TextIndex {
  private readonly fields: readonly Fields[];
  /** Words of each term (`virsh snapshot-list` -> virsh, snapshot, list). */
  private readonly termWords: string[][];
  private readonly index: CandidateIndex;
  /** Japanese keywords and aliases by compact key (`スナップショット 一覧` typed with or without the space). */
  private readonly phrases = new Map<string, number[]>();

  constructor(texts: readonly EntryText[]) {
    this.fields = texts;
    this.termWords = texts.map((t) => nameKey(t.term).split('-').filter(Boolean));
    this.index = new CandidateIndex(this.fields);
    this.fields.forEach((f, i) => {
      // English phrases are left to word scoring, where the term's words outrank a keyword.
      for (const k of [...f.keywords, ...f.aliases].filter(hasCjk)) {
        const key = compactKey(k);
        const list = this.phrases.get(key) ?? this.phrases.set(key, []).get(key)!;
        if (list[list.length - 1] !== i) list.push(i);
      }
    });
  }

  /**
   * Entries matching the query's words, scored up to about SCORE.textMax by weighted word
   * coverage; an entry with the whole query as a Japanese keyword phrase scores
   * SCORE.keywordPhrase plus a tenth of that. `factor` scales every score.
   */
  search(normalized: string, factor = 1): Scored[] {
    const words = toQueryWords(normalized);
    if (!words.length) return [];
    const total = words.reduce((a, w) => a + w.weight, 0);
    const compounds = this.compounds(normalized);
    const coverage = (i: number) => this.coverage(i, words, total) + (compounds.get(i) ?? 0);
    const out: Scored[] = [];
    // The index's order (rarity of the shared terms) only breaks ties.
    const tie = new Map<number, number>();
    this.index.candidates(words, CANDIDATES).forEach((i, rank) => tie.set(i, (CANDIDATES - rank) * 0.05));
    for (const [i, bonus] of tie) {
      const score = coverage(i);
      if (score > 0) out.push({ i, score: (score + bonus) * factor });
    }
    // A big knowledge base can share a phrase among thousands: rank the best-placed ones only.
    const phrased = (this.phrases.get(compactKey(normalized)) ?? [])
      .map((i) => ({ i, at: tie.get(i) ?? 0 }))
      .sort((a, b) => b.at - a.at || a.i - b.i)
      .slice(0, CANDIDATES);
    for (const { i } of phrased) out.push({ i, score: (SCORE.keywordPhrase + coverage(i) * 0.1) * factor });
    return out;
  }

  /** Weighted share of the query words found in entry `i`, on the SCORE.textMax scale, plus term coverage. */
  private coverage(i: number, words: QueryWord[], total: number): number {
    const f = this.fields[i]!;
    let sum = 0;
    for (const w of words) sum += w.weight * this.wordScore(w, f);
    if (sum <= 0) return 0;
    const termWords = this.termWords[i]!;
    let covered = 0;
    for (const tw of termWords) if (words.some((w) => coversTermWord(w, tw))) covered++;
    return (SCORE.textMax * sum) / total + (SCORE.termCover * covered) / Math.max(1, termWords.length);
  }

  /**
   * Bonus per entry for the query's Japanese chunks (between spaces) that are whole keywords
   * or aliases of it: in `イメージ 形式変換`, 形式変換 is one keyword, though word
   * segmentation splits it.
   */
  private compounds(normalized: string): Map<number, number> {
    const bonus = new Map<number, number>();
    const chunks = normalized.split(' ');
    if (chunks.length < 2) return bonus;
    for (const c of chunks.filter(hasCjk)) {
      for (const i of this.phrases.get(compactKey(c)) ?? []) bonus.set(i, (bonus.get(i) ?? 0) + SCORE.compound / chunks.length);
    }
    return bonus;
  }

  private wordScore(w: QueryWord, f: Fields): number {
    let score = this.best(w.needle, f);
    for (const alt of w.englishNeedles) {
      let sum = 0;
      for (const t of alt) sum += this.best(t, f);
      score = Math.max(score, (TRANSLATED * sum) / alt.length);
    }
    return score;
  }

  /** The word's match in its best field, plus a little when the summary mentions it too. */
  private best(w: Needle, f: Fields): number {
    const F = SCORE.field;
    // Part of a Japanese word is looked for in names and keywords only: in running text it is noise.
    const inSummary = degree(w, f.summary, false);
    let best = Math.max(F.term * degree(w, f.term), F.summary * inSummary);
    if (best < F.term) {
      for (const a of f.aliases) best = Math.max(best, F.alias * degree(w, a));
      for (const k of f.keywords) best = Math.max(best, k === w.text ? F.keywordExact : F.keyword * degree(w, k));
      if (best < F.summary) best = Math.max(best, F.detail * degree(w, f.detail, false));
    }
    return best + SPREAD * inSummary;
  }
}

function coversTermWord(w: QueryWord, termWord: string): boolean {
  if (hits(termWord, w.word)) return true;
  for (const alt of w.english) for (const e of alt) if (hits(termWord, e)) return true;
  return false;
}

// A plain function, not a closure: this runs per term word per query word per candidate.
function hits(termWord: string, q: string): boolean {
  return termWord === q || (q.length >= 3 && termWord.startsWith(q));
}
