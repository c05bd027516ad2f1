/** Per-user progress reads (tables user_questions, user_days, users), plus the run score. */
import type { Db } from './open.js';

export interface QuestionState {
  questionId: string;
  objective: string;
  served: number;
  answered: number;
  correct: number;
  /** null: never answered. */
  lastCorrect: boolean | null;
  /** UTC ms of the last answer, or null. */
  lastAt: number | null;
}

export interface UserRow {
  id: number;
  userId: string;
  displayName: string | null;
}

export class ProgressRepo {
  private readonly statsStmt;
  private readonly statesStmt;
  private readonly daysStmt;
  private readonly runScoreStmt;
  private readonly findUserStmt;
  private readonly userStmt;

  constructor(db: Db) {
    this.statsStmt = db.prepare(
      'SELECT objective, sum(answered) AS answered, sum(correct) AS correct FROM user_questions WHERE user_ref = ? GROUP BY objective',
    );
    this.statesStmt = db.prepare(
      `SELECT question_id AS questionId, objective, served, answered, correct, last_correct AS lastCorrect, last_at AS lastAt
       FROM user_questions WHERE user_ref = ?`,
    );
    this.daysStmt = db.prepare('SELECT day FROM user_days WHERE user_ref = ? ORDER BY day');
    this.runScoreStmt = db.prepare(
      `SELECT count(*) AS answered, coalesce(sum(a.correct), 0) AS correct
       FROM quiz_instances i JOIN answers a ON a.instance_id = i.id AND a.user_ref = @userRef WHERE i.run_id = @runId`,
    );
    this.findUserStmt = db.prepare(
      `SELECT id, user_id AS userId, display_name AS displayName FROM users
       WHERE platform = @platform AND workspace_id = @workspaceId AND (user_id = @needle OR lower(display_name) = lower(@needle))
       ORDER BY user_id = @needle DESC, id LIMIT 1`,
    );
    this.userStmt = db.prepare('SELECT id, user_id AS userId, display_name AS displayName FROM users WHERE id = ?');
  }

  /** Answers and correct answers per objective (all time). */
  objectiveStats(userRef: number): Map<string, { answered: number; correct: number }> {
    const rows = this.statsStmt.all(userRef) as { objective: string; answered: number; correct: number }[];
    return new Map(rows.map((r) => [r.objective, { answered: r.answered, correct: r.correct }]));
  }

  /** Every question the user was served or answered. */
  questionStates(userRef: number): QuestionState[] {
    return (this.statesStmt.all(userRef) as (Omit<QuestionState, 'lastCorrect'> & { lastCorrect: number | null })[]).map((r) => ({
      ...r,
      lastCorrect: r.lastCorrect === null ? null : r.lastCorrect === 1,
    }));
  }

  /** Local days ('YYYY-MM-DD', ascending) with at least one answer. */
  activeDays(userRef: number): string[] {
    return (this.daysStmt.all(userRef) as { day: string }[]).map((r) => r.day);
  }

  /** Answers and correct answers of `userRef` in run `runId`. */
  runScore(runId: number, userRef: number): { answered: number; correct: number } {
    return this.runScoreStmt.get({ runId, userRef }) as { answered: number; correct: number };
  }

  /** A user of this platform/workspace by user id or display name (case-insensitive), id matches first. */
  findUser(platform: string, workspaceId: string, idOrName: string): UserRow | undefined {
    return this.findUserStmt.get({ platform, workspaceId, needle: idOrName }) as UserRow | undefined;
  }

  user(userRef: number): UserRow | undefined {
    return this.userStmt.get(userRef) as UserRow | undefined;
  }
}
