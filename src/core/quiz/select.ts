/**
 * Question selection, pure functions over the user's history. No repeat for a user
 * until their pool for the objective is used up (least served first), and, when no
 * objective is given, objectives weighted by exam weight and by how weak the user is.
 */
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type ObjectiveId, type Question } from '../../content/schema.js';

/** A random number in [0, 1); injected so tests are repeatable. */
export type Rng = () => number;

/** Answers and correct answers per objective. */
export type ObjectiveStats = ReadonlyMap<string, { answered: number; correct: number }>;

/**
 * Weight of an objective for one user: exam weight × (0.5 + error rate), the error
 * rate smoothed as 1 - (correct + 1) / (answered + 2) so one answer does not swing it.
 * A never-tried objective counts as 50 % wrong; all wrong gives up to 3× the weight
 * of all right.
 */
export function objectiveWeight(objective: ObjectiveId, stats: ObjectiveStats): number {
  const s = stats.get(objective) ?? { answered: 0, correct: 0 };
  const errorRate = 1 - (s.correct + 1) / (s.answered + 2);
  return OBJECTIVE_WEIGHTS[objective] * (0.5 + errorRate);
}

/** Draws an objective among those with questions, by objectiveWeight. */
export function pickObjective(available: readonly ObjectiveId[], stats: ObjectiveStats, rng: Rng): ObjectiveId {
  const list = OBJECTIVE_IDS.filter((o) => available.includes(o));
  if (!list.length) throw new Error('pickObjective: no objective has questions');
  const weights = list.map((o) => objectiveWeight(o, stats));
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < list.length; i++) {
    r -= weights[i]!;
    if (r < 0) return list[i]!;
  }
  return list[list.length - 1]!;
}

/**
 * A question from `pool` the user has been served least often (never-served first),
 * at random among those; `avoid` (the question just asked) is skipped when another
 * one is as fresh, so a new round does not start with the question that ended the last.
 */
export function pickQuestion(pool: readonly Question[], served: ReadonlyMap<string, number>, rng: Rng, avoid?: string): Question {
  if (!pool.length) throw new Error('pickQuestion: empty pool');
  const count = (q: Question) => served.get(q.id) ?? 0;
  const min = Math.min(...pool.map(count));
  let fresh = pool.filter((q) => count(q) === min);
  if (fresh.length > 1 && avoid) fresh = fresh.filter((q) => q.id !== avoid);
  return fresh[Math.floor(rng() * fresh.length)] ?? fresh[0]!;
}

/** A shuffled display order of `n` choices (Fisher-Yates): element i is the original index shown at position i. */
export function shuffleOrder(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
