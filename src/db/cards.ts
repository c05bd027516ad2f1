/** Spaced-repetition cards (table cards): one per (user, question), FSRS fields as ts-fsrs keeps them. */
import type { Db } from './open.js';

/** A card as stored. Times are UTC ms. */
export interface CardState {
  userRef: number;
  questionId: string;
  objective: string;
  /** UTC ms when the card is due for review. */
  due: number;
  /** FSRS stability in days (the interval at which predicted recall drops to 90 %). */
  stability: number;
  /** FSRS difficulty, 1-10. */
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  /** UTC ms of the last review, null for a never-reviewed card. */
  lastReview: number | null;
}

const COLUMNS = `user_ref AS userRef, question_id AS questionId, objective, due, stability, difficulty,
  scheduled_days AS scheduledDays, learning_steps AS learningSteps, reps, lapses, state, last_review AS lastReview`;

export class CardRepo {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly dueStmt;
  private readonly allStmt;
  private readonly countStmt;
  private readonly nextDueStmt;
  private readonly updateTx;

  constructor(db: Db) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM cards WHERE user_ref = ? AND question_id = ?`);
    this.upsertStmt = db.prepare(
      `INSERT INTO cards (user_ref, question_id, objective, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, state, last_review)
       VALUES (@userRef, @questionId, @objective, @due, @stability, @difficulty, @scheduledDays, @learningSteps, @reps, @lapses, @state, @lastReview)
       ON CONFLICT (user_ref, question_id) DO UPDATE SET
         objective = excluded.objective, due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
         scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps,
         lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review`,
    );
    this.dueStmt = db.prepare(`SELECT ${COLUMNS} FROM cards WHERE user_ref = ? AND due <= ? ORDER BY due, question_id LIMIT ?`);
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM cards WHERE user_ref = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM cards WHERE user_ref = ? AND due > ? AND due <= ?');
    this.nextDueStmt = db.prepare('SELECT min(due) AS due FROM cards WHERE user_ref = ? AND due > ?');
    this.updateTx = db.transaction((userRef: number, questionId: string, objective: string, fn: (prev: CardState | undefined) => Omit<CardState, 'userRef' | 'questionId' | 'objective'>) => {
      const prev = this.getStmt.get(userRef, questionId) as CardState | undefined;
      const next: CardState = { ...fn(prev), userRef, questionId, objective };
      this.upsertStmt.run(next);
      return next;
    });
  }

  /** The card of `userRef` for `questionId`, if any. */
  get(userRef: number, questionId: string): CardState | undefined {
    return this.getStmt.get(userRef, questionId) as CardState | undefined;
  }

  /**
   * Reads the card (undefined when new), lets `fn` compute its next FSRS fields, and
   * writes them, in one IMMEDIATE transaction so two reviews from two processes
   * cannot both start from the same old state.
   * @returns the card as written.
   */
  update(userRef: number, questionId: string, objective: string, fn: (prev: CardState | undefined) => Omit<CardState, 'userRef' | 'questionId' | 'objective'>): CardState {
    return this.updateTx.immediate(userRef, questionId, objective, fn);
  }

  /** Cards due at or before `untilMs` (UTC ms), earliest due first (ties by question id), at most `limit`. */
  due(userRef: number, untilMs: number, limit: number): CardState[] {
    return this.dueStmt.all(userRef, untilMs, limit) as CardState[];
  }

  /** Every card of the user (for cram order and readiness; a user has at most one per question). */
  all(userRef: number): CardState[] {
    return this.allStmt.all(userRef) as CardState[];
  }

  /** How many cards fall due in (fromMs, toMs] (UTC ms); fromMs = Number.MIN_SAFE_INTEGER counts every overdue card too. */
  countDue(userRef: number, fromMs: number, toMs: number): number {
    return (this.countStmt.get(userRef, fromMs, toMs) as { n: number }).n;
  }

  /** The earliest due time after `afterMs` (UTC ms), or undefined when no card is due later. */
  nextDue(userRef: number, afterMs: number): number | undefined {
    return (this.nextDueStmt.get(userRef, afterMs) as { due: number | null }).due ?? undefined;
  }
}
