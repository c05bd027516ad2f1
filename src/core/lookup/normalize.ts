/**
 * Text normalisation and tokenisation shared by the lookup indexes and queries.
 * Everything here is total: any string in, no throw.
 */

/** Longest raw input we look at; the rest of a pasted wall of text cannot change the answer. */
const MAX_RAW = 1000;
/** Longest normalised query we search with (characters). */
export const MAX_QUERY = 200;

// Control and format characters (zero-width joiners, bidi marks) and private-use ones.
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}]/gu;
// A lone surrogate would make invalid UTF-8 further on; most text has no surrogate at all.
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// NFKC leaves these dash look-alikes alone; people paste them from web pages (e.g. `‐‐all`).
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63]/g;

/**
 * NFKC, lowercase, control/format characters removed, whitespace collapsed, trimmed.
 * Full-width `ｘｌ　ｌｉｓｔ` becomes `xl list`. For knowledge-base text of any length.
 */
export function normalizeText(text: string): string {
  return (SURROGATE.test(text) ? text.replace(LONE_SURROGATE, ' ') : text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(CONTROL, ' ')
    .replace(DASHES, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A user's query normalised like normalizeText and cut to MAX_QUERY characters; any value in, no throw. */
export function normalize(input: unknown): string {
  const raw = typeof input === 'string' ? input : input == null ? '' : String(input);
  const s = normalizeText(raw.slice(0, MAX_RAW));
  return s.length > MAX_QUERY ? s.slice(0, MAX_QUERY).trimEnd() : s;
}

/**
 * Separator-insensitive key of a name: every run of non letter/digit characters becomes "-".
 * For ASCII this is the KB id rule, so `virsh list`, `virsh-list` and the id all meet;
 * an option keeps its leading dashes (`--enable-kvm`).
 */
export function nameKey(normalized: string): string {
  // A leading dash is kept: the option `-monitor` is not the word `monitor`.
  return leadingDashes(normalized) + normalized.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** The key with no separators at all (`qemuimg` finds `qemu-img`). */
export function compactKey(normalized: string): string {
  return leadingDashes(normalized) + normalized.replace(/[^\p{L}\p{N}]+/gu, '');
}

function leadingDashes(s: string): string {
  return /^--?(?=[\p{L}\p{N}])/u.exec(s)?.[0] ?? '';
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]/u;
const KATAKANA_WORD = /^[\p{Script=Katakana}ー]+$/u;
const HIRAGANA_WORD = /^[\p{Script=Hiragana}ー]+$/u;
// Runs of one script family: ASCII-ish words, CJK, or any other letters/digits.
const RUNS = /[a-z0-9]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+|[\p{L}\p{N}]+/gu;

/** True when the string contains a Chinese/Japanese character. */
export function hasCjk(s: string): boolean {
  return CJK_CHAR.test(s);
}

/** True for a run made of CJK characters. */
export function isCjkRun(s: string): boolean {
  return s.length > 0 && CJK_CHAR.test(s[0]!);
}

/** Overlapping character bigrams of a CJK run (a 1-character run is its own gram). */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Index terms of a text: words as they are, CJK runs as overlapping bigrams, so 2-character
 * Japanese words such as 一覧 or 作成 are terms without a dictionary.
 */
export function indexTokens(normalized: string): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(RUNS)) {
    const run = m[0];
    if (isCjkRun(run)) out.push(...bigrams(run));
    else out.push(run);
  }
  return out;
}

const STOP_EN = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'what', 'how', 'do', 'does', 'with', 'and', 'or', 'by', 'i', 'me', 'my', 'it', 'be', 'can', 'which', 'that', 'this', 'use', 'using']);
const STOP_JA = new Set([
  'を', 'の', 'が', 'は', 'に', 'で', 'と', 'へ', 'も', 'や', 'か', 'な', 'て', 'た', 'い', 'だ',
  'する', 'します', 'したい', 'して', 'した', 'される', 'できる', 'ある', 'いる', 'こと', 'もの', 'ため',
  'とは', 'には', 'では', 'です', 'ですか', 'ます', 'ない', 'どう', 'どの', 'なに', '何', '方法', 'やり方', 'には',
]);

let segmenter: Intl.Segmenter | undefined;
function jaWords(run: string): string[] {
  segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const words: string[] = [];
  let prevKatakana = false;
  for (const { segment } of segmenter.segment(run)) {
    const kata = KATAKANA_WORD.test(segment);
    // ICU splits unknown loanwords (ライブ|マイ|グレー|ション); a katakana run is one word.
    if (kata && prevKatakana && words.length) words[words.length - 1] += segment;
    else words.push(segment);
    prevKatakana = kata;
  }
  return words.filter((w) => !STOP_JA.has(w) && !(HIRAGANA_WORD.test(w) && w.length <= 2));
}

/**
 * Search words of a normalised query: ASCII words of 2+ characters and Japanese words
 * (ICU word segmentation, particles dropped), stop words removed, unique, at most `max`.
 * Arguments after the first token (paths, numbers, key=value, URIs) are left out: in
 * `qemu-img create -f qcow2 disk.qcow2 20G` they name the user's files, not the entry.
 */
export function queryWords(normalized: string, max = 6): string[] {
  const out = new Set<string>();
  const tokens = normalized.split(' ');
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (t > 0 && isArgToken(token)) continue;
    for (const m of token.matchAll(RUNS)) {
      const run = m[0];
      const words = isCjkRun(run) ? jaWords(run) : run.length >= 2 && !STOP_EN.has(run) ? [run] : [];
      for (const w of words) {
        out.add(w);
        if (out.size >= max) return [...out];
      }
    }
  }
  return [...out];
}

/** A command-line option (`-l`, `--all`, `--os-variant=rhel9`). */
export function isOptionToken(tok: string): boolean {
  return /^--?[a-z0-9]/.test(tok);
}

/** Something a user passes to a command rather than a word of its name: a path, file, number, URI, key=value. */
export function isArgToken(tok: string): boolean {
  return /[/.=:@,]/.test(tok) || /^\d+[a-z]?$/.test(tok);
}
