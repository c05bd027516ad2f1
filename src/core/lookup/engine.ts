/**
 * The lookup engine behind `/virt ask`: names and command lines first, then typo-corrected
 * readings, then word search in keywords and summaries; merged, ranked, and judged
 * confident or "did you mean".
 */
import { OBJECTIVE_WEIGHTS, type KbEntry } from '../../content/schema.js';
import { entryTexts } from './entry-text.js';
import { NameIndex, type Scored } from './names.js';
import { normalize, normalizeText } from './normalize.js';
import { SCORE, typoPenalty } from './score.js';
import { SuggestIndex } from './suggest.js';
import { TextIndex } from './text.js';
import { TypoCorrector } from './typos.js';
import type { Lookup, LookupHit, LookupResult } from './types.js';

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
const SUGGEST_MAX = 25;

/** Scores equal to a tenth are a tie; the shorter term wins it. */
const tenths = (score: number) => Math.round(score * 10);

function clampLimit(limit: unknown, fallback: number, max: number): number {
  const n = typeof limit === 'number' && Number.isFinite(limit) ? Math.floor(limit) : fallback;
  return Math.max(0, Math.min(n, max));
}

/** Options of createLookup. */
export interface LookupOptions {
  /** Told about an internal error that search/suggest swallowed (tests make it fail loudly). */
  onError?: (error: unknown) => void;
}

/**
 * Builds the lookup indexes over `entries` (in memory; a few ms for 200 entries).
 * `search` and `suggest` never throw, whatever the input; an internal error gives an
 * empty answer and is reported to `opts.onError`.
 */
export function createLookup(entries: KbEntry[], opts: LookupOptions = {}): Lookup {
  const list = entries.slice();
  const texts = entryTexts(list);
  const names = new NameIndex(texts);
  const typos = new TypoCorrector(texts);
  const text = new TextIndex(texts);
  const completer = new SuggestIndex(texts);
  const prior = list.map((e) => SCORE.objectiveWeight * Math.max(0, ...e.objectives.map((o) => OBJECTIVE_WEIGHTS[o] ?? 0)));

  function rank(normalized: string): Scored[] {
    const best = new Map<number, number>();
    const take = (hits: Scored[]) => {
      for (const h of hits) if (h.score > (best.get(h.i) ?? -Infinity)) best.set(h.i, h.score);
    };
    const typoCache = new Map<string, boolean>();
    const isTypo = (w: string) => typoCache.get(w) ?? typoCache.set(w, typos.correct(w, 1).length > 0).get(w)!;
    take(names.match(normalized, 0, isTypo));
    const variants = typos.variants(normalized);
    for (const v of variants) take(names.match(v.text, typoPenalty(v.edits), isTypo));
    const words = text.search(normalized);
    take(words);
    const top = Math.max(0, ...best.values());
    // Text of a misspelt query finds little; try the closest corrected reading too.
    if (top < SCORE.textConfident && variants[0]) take(text.search(variants[0].text, 0.85));
    return [...best.entries()]
      .map(([i, score]) => ({ i, score: score + prior[i]! }))
      .filter((h) => h.score >= SCORE.floor)
      .sort((a, b) => tenths(b.score) - tenths(a.score) || list[a.i]!.term.length - list[b.i]!.term.length || (list[a.i]!.id < list[b.i]!.id ? -1 : 1));
  }

  function isConfident(ranked: Scored[]): boolean {
    const [first, second] = ranked;
    if (!first) return false;
    const lead = first.score - (second?.score ?? 0);
    if (first.score >= SCORE.nameConfident) return lead >= SCORE.nameMargin;
    return first.score >= SCORE.textConfident && lead >= SCORE.textMargin;
  }

  /** Whether entry `i` writes every option of an option-only query literally (term, aliases, usage, examples, texts). */
  function mentionsOptions(i: number, options: string[]): boolean {
    const e = list[i]!;
    const x = texts[i]!;
    const all = [x.term, ...x.aliases, x.summary, x.detail, normalizeText(e.usage ?? ''), ...e.examples.map((ex) => normalizeText(ex.cmd))].join('\n');
    return options.every((o) => new RegExp(`(^|[^\\w-])${o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(all));
  }

  function search(query: string, limit?: number): LookupResult {
    const normalized = normalize(query);
    const max = clampLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    if (!normalized || max === 0) return { normalized, hits: [], confident: false };
    let ranked = rank(normalized);
    // An option alone (`--all`, `--help`) names no entry: its words matched as text
    // (`--help` found qemu-bridge-helper, `--config` a config file) are not evidence;
    // only entries that write the option itself are.
    const words = normalized.split(' ');
    if (words.every((w) => /^-/.test(w))) ranked = ranked.filter((h) => mentionsOptions(h.i, words));
    const confident = isConfident(ranked);
    const shown = ranked.slice(0, confident ? max : Math.min(max, SCORE.didYouMean));
    return { normalized, hits: shown.map((h) => ({ entry: list[h.i]!, score: Math.round(h.score * 10) / 10 })), confident };
  }

  function suggest(partial: string, limit?: number): LookupHit[] {
    const max = clampLimit(limit, SUGGEST_MAX, SUGGEST_MAX);
    const found = completer.suggest(partial, max);
    if (found.length) return found.map((f, k) => ({ entry: list[f.i]!, score: 100 - f.rank * 10 - k * 0.01 }));
    // Nothing starts with it (a typo, a Japanese phrase): use the ranked search.
    const normalized = normalize(partial);
    if (!normalized || max === 0) return [];
    return rank(normalized)
      .slice(0, max)
      .map((h) => ({ entry: list[h.i]!, score: Math.round(h.score) / 100 }));
  }

  // The contract is "never throws": a bug in ranking must not take the command down.
  function safely<T>(run: () => T, fallback: T): T {
    try {
      return run();
    } catch (e) {
      opts.onError?.(e);
      return fallback;
    }
  }

  return {
    search: (q, limit) => safely(() => search(q, limit), { normalized: '', hits: [], confident: false }),
    suggest: (p, limit) => safely(() => suggest(p, limit), []),
  };
}
