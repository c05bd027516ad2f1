/**
 * Exam readiness from the cards' predicted recall (ts-fsrs retrievability).
 *
 * Per objective: the predicted share of its questions the user would get right at a
 * given instant (the morning of the exam date, or now, but never the same day as the
 * card's last review): the cards' predicted recall summed over every question of the
 * objective in the bank, an unseen question counting as 0. A mean over the cards alone
 * let one card stand for a whole objective (77 % from one wrong answer, found by a
 * newcomer run). Overall: those shares weighted by the exam weights (330.1-330.6:
 * 8/9/9/3/5/2, sum 36).
 */
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type ObjectiveId } from '../../content/schema.js';
import { retrievability, type CardState } from './fsrs.js';

export interface ObjectiveReadiness {
  objective: ObjectiveId;
  /** Exam weight (OBJECTIVE_WEIGHTS). */
  weight: number;
  /** The user's cards of this objective. */
  cards: number;
  /** Questions of this objective in the bank. */
  pool: number;
  /** Predicted recall summed over the cards, divided by the questions of the objective in the bank (the cards when the pool is unknown), 0-1. */
  recall: number;
}

export interface Readiness {
  /** UTC ms the recall is predicted for. */
  at: number;
  objectives: ObjectiveReadiness[];
  /** Σ weight × recall / Σ weight over all six objectives, 0-1. */
  overall: number;
}

/** One day in ms. */
const DAY_MS = 86_400_000;

/**
 * When a card's recall is judged: `atMs`, but never less than a day after its last
 * review. ts-fsrs counts elapsed time in whole days, so on the day of an answer every
 * card, even one answered wrong, predicts 100 % recall; readiness is about the exam,
 * never about the minute after the answer.
 */
function judgedAt(card: CardState, atMs: number): number {
  return card.lastReview === null ? atMs : Math.max(atMs, card.lastReview + DAY_MS);
}

/**
 * Readiness of one user's `cards` at `atMs` (UTC ms); each card at least a day after its last review. `poolSizes` gives the bank's
 * question count per objective (unseen questions count as 0; without it, the mean over the cards). Cards of unknown objectives are ignored.
 */
export function readiness(cards: readonly CardState[], atMs: number, poolSizes: ReadonlyMap<string, number> = new Map()): Readiness {
  const objectives = OBJECTIVE_IDS.map((o): ObjectiveReadiness => {
    const mine = cards.filter((c) => c.objective === o);
    const sum = mine.reduce((n, c) => n + retrievability(c, judgedAt(c, atMs)), 0);
    const pool = poolSizes.get(o) ?? 0;
    const over = Math.max(pool, mine.length);
    return { objective: o, weight: OBJECTIVE_WEIGHTS[o], cards: mine.length, pool, recall: over ? sum / over : 0 };
  });
  const totalWeight = objectives.reduce((n, o) => n + o.weight, 0);
  const overall = objectives.reduce((n, o) => n + o.weight * o.recall, 0) / totalWeight;
  return { at: atMs, objectives, overall };
}
