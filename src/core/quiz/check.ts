/**
 * Answer checking, pure functions. Choice questions compare sets of original
 * choice indexes; typed questions compare after normalisation (NFKC, case unless
 * caseSensitive, spacing; for `match: command` also option order and the short/long
 * forms in optionAliases, while options always keep their case: -c is not -C; a leading
 * shell prompt and "sudo" are ignored). A wrong typed answer within edit distance 1-2 of an
 * accepted one is a near miss ("close, but still wrong").
 */
import { distance } from 'fastest-levenshtein';
import type { ChoiceQuestion, TypedQuestion } from '../../content/schema.js';

/** Longest typed answer accepted (chars); longer input is refused before checking. */
export const MAX_TYPED = 200;

export interface CheckResult {
  correct: boolean;
  /** Wrong, but within edit distance 1-2 of an accepted answer. */
  nearMiss: boolean;
}

/** Right when the picked original indexes are exactly the correct ones (single: one; multiple: all N and nothing else). */
export function checkChoices(q: ChoiceQuestion, picked: readonly number[]): CheckResult {
  const want = q.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const got = new Set(picked);
  const correct = got.size === picked.length && got.size === want.length && want.every((i) => got.has(i));
  return { correct, nearMiss: false };
}

/** Normalises free text: NFKC, trimmed, inner whitespace collapsed, no space around = and ",", enclosing quotes/backticks dropped; lowercased unless caseSensitive. */
export function normalizeText(s: string, caseSensitive = false): string {
  // Phone keyboards type “smart” quotes; NFKC leaves them as they are.
  let x = s.normalize('NFKC').replace(/[“”„‟″]/g, '"').replace(/[‘’‚‛′]/g, "'").trim();
  // People quote commands the way the question shows them: `xl list`, "xl list".
  const q = /^([`'"])([\s\S]*)\1$/.exec(x);
  if (q) x = q[2]!.trim();
  x = x.replace(/\s+/g, ' ').replace(/\s*=\s*/g, '=').replace(/\s*,\s*/g, ',').replace(/[.。]$/, '');
  return caseSensitive ? x : x.toLowerCase();
}

/** Splits a command line into words, honouring simple '…' and "…" quoting. */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

const isOption = (w: string) => /^--?[^\d\s-]/.test(w) || /^--[^\s]/.test(w);

/**
 * Canonical forms of a command line, for comparison regardless of option order.
 * Options are mapped to the first form of their optionAliases pair and `--opt=v` is
 * split. Two readings, because an option's value cannot be told from a positional
 * argument without the tool's manual: `bound` (an option takes the following
 * non-option word as its value) and `flags` (it never does). Each is
 * "positional words in order | sorted option units".
 */
export function commandForms(line: string, q: Pick<TypedQuestion, 'caseSensitive' | 'optionAliases'>): { bound: string; flags: string } {
  // Options keep their case even when the question ignores case: -o and -O, -f and -F
  // are different options (qemu-img convert -O sets the output format, -o passes format options).
  const text = normalizeText(line, true);
  const word = (w: string) => (q.caseSensitive ? w : w.toLowerCase());
  const canon = new Map<string, string>();
  for (const [a, b] of q.optionAliases) {
    const ka = normalizeText(a, true);
    canon.set(ka, ka);
    canon.set(normalizeText(b, true), ka);
  }
  const words: string[] = [];
  for (const w of splitWords(text)) {
    const eq = w.startsWith('-') && !canon.has(w) ? w.indexOf('=') : -1;
    if (eq > 0) words.push(canon.get(w.slice(0, eq)) ?? w.slice(0, eq), word(w.slice(eq + 1)));
    else words.push(isOption(w) ? (canon.get(w) ?? w) : word(w));
  }
  const read = (bind: boolean) => {
    const positional: string[] = [];
    const options: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (!isOption(w)) positional.push(w);
      else if (bind && i + 1 < words.length && !isOption(words[i + 1]!)) options.push(`${w} ${words[++i]}`);
      else options.push(w);
    }
    return `${positional.join(' ')} | ${options.sort().join(' ')}`;
  };
  return { bound: read(true), flags: read(false) };
}

/**
 * A command line without a leading shell prompt ("$ " or "# ") and a leading "sudo "
 * (not "sudo -u …": that one's options are not the answer's), inside enclosing quotes too.
 * Learners copy commands the way the bot's own lookup examples print them (`$ xl list`),
 * and root-only tools are typed with sudo; neither is part of the answer.
 */
export function withoutPrompt(line: string): string {
  return line.normalize('NFKC').trim().replace(/^([`'"]?)\s*(?:[$#]\s+)?(?:sudo\s+(?!-))?/, '$1');
}

/** True when `line` is only a shell prompt and/or sudo (`$`, `#`, `sudo`, `$ sudo`, quoted or not): no answer at all. */
export function onlyPrompt(line: string): boolean {
  // What withoutPrompt leaves of a bare prompt or sudo (it strips only what a command follows).
  return /^(?:[$#]|sudo)?$/i.test(normalizeText(withoutPrompt(line)));
}

/** Checks a typed answer against every accepted form, after withoutPrompt (a command name or path is copied with a prompt as often as a command line). */
export function checkTyped(q: TypedQuestion, typed: string): CheckResult {
  const input = withoutPrompt(typed);
  const given = normalizeText(input, q.caseSensitive);
  if (!given) return { correct: false, nearMiss: false };
  let best = Infinity;
  let bestLen = 0;
  // The input's forms, once: commands are compared as forms and, for near misses, as text that keeps
  // its case too, or "-F" for "-f" would count as no difference at all.
  const g = q.match === 'command' ? commandForms(input, q) : undefined;
  const givenCased = normalizeText(input, true);
  for (const accepted of q.answers) {
    if (g) {
      const a = commandForms(accepted, q);
      if (a.bound === g.bound || a.flags === g.flags) return { correct: true, nearMiss: false };
      const d = Math.min(distance(a.bound, g.bound), distance(a.flags, g.flags), distance(normalizeText(accepted, true), givenCased));
      if (d < best) [best, bestLen] = [d, normalizeText(accepted, q.caseSensitive).length];
    } else {
      const a = normalizeText(accepted, q.caseSensitive);
      if (a === given) return { correct: true, nearMiss: false };
      const d = distance(a, given);
      if (d < best) [best, bestLen] = [d, a.length];
    }
  }
  // A one-character answer ("4") is not "close" to "5": the distance must stay under half the answer.
  return { correct: false, nearMiss: best >= 1 && best <= 2 && best * 2 < bestLen };
}
