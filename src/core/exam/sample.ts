/**
 * Mock-exam question sampling, pure. N questions are shared among the objectives in
 * proportion to their exam weights (largest remainder; an objective with too few
 * questions gives its share to the others), and within an objective the three kinds
 * (single, multiple, typed) take turns so the exam mixes them like the real one.
 */
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type ObjectiveId, type Question } from '../../content/schema.js';
import type { Rng } from '../quiz/select.js';

const KINDS: readonly Question['kind'][] = ['single', 'multiple', 'typed'];

/**
 * How many questions each objective gets: `n` split by exam weight with the
 * largest-remainder method (ties: heavier objective, then objective order), never
 * more than `available` has; the shortfall goes to the others the same way.
 * @returns counts per objective summing to min(n, Σ available).
 */
export function quotas(n: number, available: ReadonlyMap<ObjectiveId, number>): Map<ObjectiveId, number> {
  const out = new Map<ObjectiveId, number>(OBJECTIVE_IDS.map((o) => [o, 0]));
  let left = Math.min(n, OBJECTIVE_IDS.reduce((s, o) => s + (available.get(o) ?? 0), 0));
  while (left > 0) {
    const open = OBJECTIVE_IDS.filter((o) => out.get(o)! < (available.get(o) ?? 0));
    const weight = open.reduce((s, o) => s + OBJECTIVE_WEIGHTS[o], 0);
    const share = open.map((o) => ({ o, exact: (left * OBJECTIVE_WEIGHTS[o]) / weight }));
    const give = new Map(share.map(({ o, exact }) => [o, Math.floor(exact)]));
    let rest = left - [...give.values()].reduce((s, x) => s + x, 0);
    const byRemainder = [...share].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || OBJECTIVE_WEIGHTS[b.o] - OBJECTIVE_WEIGHTS[a.o]);
    for (const { o } of byRemainder) {
      if (rest <= 0) break;
      give.set(o, give.get(o)! + 1);
      rest--;
    }
    for (const o of open) {
      const room = (available.get(o) ?? 0) - out.get(o)!;
      const g = Math.min(give.get(o)!, room);
      out.set(o, out.get(o)! + g);
      left -= g;
    }
  }
  return out;
}

function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** `count` questions of one objective's `pool`, kinds taking turns from a random first kind. */
function pickMixed(pool: readonly Question[], count: number, rng: Rng): Question[] {
  const byKind = new Map(KINDS.map((k) => [k, shuffled(pool.filter((q) => q.kind === k), rng)]));
  const start = Math.floor(rng() * KINDS.length);
  const out: Question[] = [];
  for (let i = 0; out.length < count; i++) {
    const kind = KINDS[(start + i) % KINDS.length]!;
    const q = byKind.get(kind)!.shift();
    if (q) out.push(q);
    if (KINDS.every((k) => byKind.get(k)!.length === 0)) break;
  }
  return out;
}

/**
 * Samples an exam of `n` questions from `bank` (fewer when the bank is smaller), by
 * objective weight with kinds mixed, then shuffled so objectives are not in blocks.
 */
export function sampleExam(bank: readonly Question[], n: number, rng: Rng): Question[] {
  const pools = new Map<ObjectiveId, Question[]>(OBJECTIVE_IDS.map((o) => [o, bank.filter((q) => q.objective === o)]));
  const counts = quotas(n, new Map(OBJECTIVE_IDS.map((o) => [o, pools.get(o)!.length])));
  const picked = OBJECTIVE_IDS.flatMap((o) => pickMixed(pools.get(o)!, counts.get(o)!, rng));
  return shuffled(picked, rng);
}
