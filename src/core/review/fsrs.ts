/**
 * The spaced-repetition scheduler: a thin layer over ts-fsrs (FSRS-6 with the
 * library's default parameters: 90 % requested retention, learning steps 1m/10m,
 * relearning step 10m, no fuzz). The FSRS math is the library's; this file only
 * converts between stored cards (UTC ms) and ts-fsrs's Card, and maps an answer
 * to a grade (wrong → Again, right → Good).
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import type { CardState } from '../../db/cards.js';

export type { CardState };

/** The FSRS fields of a card (CardState without its keys). */
export type Schedule = Omit<CardState, 'userRef' | 'questionId' | 'objective'>;

const scheduler = fsrs({ enable_fuzz: false });

/** The grade of a first answer: wrong → Again, right → Good. */
export function gradeOf(correct: boolean): Grade {
  return correct ? Rating.Good : Rating.Again;
}

function toCard(s: Schedule): Card {
  return {
    due: new Date(s.due),
    stability: s.stability,
    difficulty: s.difficulty,
    // Deprecated in ts-fsrs 5; the library derives elapsed time from last_review.
    elapsed_days: 0,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state as State,
    ...(s.lastReview !== null ? { last_review: new Date(s.lastReview) } : {}),
  };
}

function fromCard(c: Card): Schedule {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ? c.last_review.getTime() : null,
  };
}

/** A new, never-reviewed card created at `nowMs` (UTC ms). */
export function newSchedule(nowMs: number): Schedule {
  return fromCard(createEmptyCard(new Date(nowMs)));
}

/**
 * Reviews a card at `nowMs` (UTC ms) with the grade of the answer; `prev` undefined
 * means a new card. A review time before the last review (clock moved back) is
 * taken as the last review time, so intervals never go negative.
 */
export function reviewSchedule(prev: Schedule | undefined, correct: boolean, nowMs: number): Schedule {
  const base = prev ?? newSchedule(nowMs);
  const at = Math.max(nowMs, base.lastReview ?? nowMs);
  return fromCard(scheduler.next(toCard(base), new Date(at), gradeOf(correct)).card);
}

/**
 * Predicted probability of recall (0-1) at `atMs` (UTC ms) on ts-fsrs's forgetting curve
 * with the time since the last review in fractional days. ts-fsrs's own
 * get_retrievability counts whole days, so every card reviewed today reads 1.0 there;
 * the cram order needs minutes to tell the card just answered from one of this morning.
 * 0 for a never-reviewed card.
 */
export function recallNow(s: Schedule, atMs: number): number {
  if (s.state === State.New || s.lastReview === null) return 0;
  return scheduler.forgetting_curve(Math.max(0, atMs - s.lastReview) / 86_400_000, s.stability);
}

/** Predicted probability of recall (0-1) at `atMs` (UTC ms), per ts-fsrs; 0 for a never-reviewed card. */
export function retrievability(s: Schedule, atMs: number): number {
  if (s.state === State.New || s.lastReview === null) return 0;
  const at = Math.max(atMs, s.lastReview);
  return scheduler.get_retrievability(toCard(s), new Date(at), false);
}
