/**
 * A large knowledge base made from a real one, for benchmarks: the real entries first,
 * then deterministic variations of them (new made-up words in the term, id, keywords and
 * summary), so every real word stays common and the index has realistic long postings.
 */
import type { KbEntry } from '../../content/schema.js';
import { seededRandom } from '../random.js';

const SYLLABLES = ['ka', 'ri', 'zo', 'me', 'tu', 'lan', 'vex', 'or', 'pi', 'sen', 'do', 'qua', 'bri', 'mo', 'hex', 'yu'];
const KANA = ['カ', 'リ', 'ゾ', 'メ', 'ト', 'ラン', 'ベ', 'オ', 'ピ', 'セン', 'ド', 'ク', 'ブ', 'モ', 'ヘ', 'ユ'];

function word(rand: () => number, parts: string[]): string {
  const n = 2 + Math.floor(rand() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += parts[Math.floor(rand() * parts.length)];
  return w;
}

/** The term with a made-up word put in one of three places (prefix, suffix, glued to the command). */
function varyTerm(term: string, w: string, how: number): string {
  const [first, ...rest] = term.split(' ');
  if (how === 0) return `${w}-${term}`;
  if (how === 1 || !rest.length) return `${term} ${w}`;
  return [`${first}${w}`, ...rest].join(' ');
}

/**
 * `count` entries: `base` itself, then variations of it in turn.
 * Deterministic for a given base and seed. Throws nothing; an empty base gives [].
 */
export function syntheticEntries(base: readonly KbEntry[], count: number, seed = 42): KbEntry[] {
  if (!base.length) return [];
  const out: KbEntry[] = base.slice(0, count);
  const rand = seededRandom(seed);
  for (let k = out.length; k < count; k++) {
    const b = base[k % base.length]!;
    const w = word(rand, SYLLABLES);
    const kana = word(rand, KANA);
    const keep = <T>(xs: T[]) => xs.filter(() => rand() < 0.6);
    out.push({
      ...b,
      id: `${b.id}-${w}-${k}`,
      term: varyTerm(b.term, w, k % 3),
      aliases: keep(b.aliases).map((a) => `${a} ${w}`),
      keywords: { ja: [...keep(b.keywords.ja), kana], en: [...keep(b.keywords.en), w] },
      summary: { ja: `${kana}版。${b.summary.ja}`, en: `The ${w} variant. ${b.summary.en}` },
      related: [],
      equivalents: [],
    });
  }
  return out;
}
