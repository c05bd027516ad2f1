/**
 * Answers (appended facts) and the aggregates derived from them: user_questions,
 * user_days and board_scores. They are written in one transaction with the answer,
 * so a leaderboard or progress read never sees one without the other.
 */
import type { UserRef } from '../core/model.js';
import { GroupCommit } from './groupCommit.js';
import type { Db } from './open.js';
import type { SettingsRepo } from './settings.js';

/** One answer as stored. */
export interface AnswerRow {
  id: number;
  userRef: number;
  instanceId: number;
  questionId: string;
  objective: string;
  correct: boolean;
  /** Original choice indexes (choice questions), else null. */
  chosen: number[] | null;
  /** Text as typed (typed questions), else null. */
  typed: string | null;
  /** UTC ms. */
  answeredAt: number;
}

/** What to record; the caller has already checked the answer. */
export interface NewAnswer {
  user: UserRef;
  instanceId: number;
  questionId: string;
  objective: string;
  correct: boolean;
  chosen: readonly number[] | null;
  typed: string | null;
  /** UTC ms. */
  answeredAt: number;
  /** Local periods of answeredAt in VIRTBOT_TZ: 'YYYY-MM-DD', Monday 'YYYY-MM-DD', 'YYYY-MM'. */
  local: { day: string; week: string; month: string };
  /** Leaderboard keys: the server board and the channel board; null for private practice (review, exam), which scores no points. */
  boards: { server: string; channel: string } | null;
}

export type RecordResult = { status: 'recorded'; answer: AnswerRow } | { status: 'duplicate'; answer: AnswerRow };

/** Leaderboard board key of a server (guild / Slack workspace / console). */
export function serverBoard(platform: string, workspaceId: string): string {
  return `${platform}:${workspaceId}`;
}
/** Leaderboard board key of one channel. */
export function channelBoard(platform: string, workspaceId: string, channelId: string): string {
  return `${platform}:${workspaceId}#${channelId}`;
}
/** Objective key for "all objectives" in board_scores. */
export const ALL_OBJECTIVES = '*';

interface Row {
  id: number;
  user_ref: number;
  instance_id: number;
  question_id: string;
  objective: string;
  correct: number;
  chosen: string | null;
  typed: string | null;
  answered_at: number;
}

function toAnswer(r: Row): AnswerRow {
  return {
    id: r.id,
    userRef: r.user_ref,
    instanceId: r.instance_id,
    questionId: r.question_id,
    objective: r.objective,
    correct: r.correct === 1,
    chosen: r.chosen === null ? null : r.chosen === '' ? [] : r.chosen.split(',').map(Number),
    typed: r.typed,
    answeredAt: r.answered_at,
  };
}

export class AnswerRepo {
  private readonly insert;
  private readonly getOne;
  private readonly ofInstance;
  private readonly upsertQuestion;
  private readonly upsertDay;
  private readonly upsertBoard;
  private readonly recordTx;
  private readonly recordBody: (a: NewAnswer) => RecordResult;
  private readonly group: GroupCommit;
  private readonly inTransaction: ((a: AnswerRow) => void)[] = [];

  constructor(
    db: Db,
    private readonly settings: SettingsRepo,
  ) {
    this.insert = db.prepare(
      `INSERT INTO answers (user_ref, instance_id, question_id, objective, correct, chosen, typed, answered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_ref, instance_id) DO NOTHING RETURNING *`,
    );
    this.getOne = db.prepare('SELECT * FROM answers WHERE user_ref = ? AND instance_id = ?');
    this.ofInstance = db.prepare(
      `SELECT a.*, coalesce(u.display_name, u.user_id) AS name FROM answers a JOIN users u ON u.id = a.user_ref
       WHERE a.instance_id = ? ORDER BY a.answered_at, a.id`,
    );
    this.upsertQuestion = db.prepare(
      `INSERT INTO user_questions (user_ref, question_id, objective, served, answered, correct, last_correct, last_at)
       VALUES (?, ?, ?, 1, 1, ?, ?, ?)
       ON CONFLICT (user_ref, question_id) DO UPDATE SET
         served = served + (CASE WHEN answered >= served THEN 1 ELSE 0 END),
         answered = answered + 1, correct = correct + excluded.correct, last_correct = excluded.last_correct, last_at = excluded.last_at`,
    );
    this.upsertDay = db.prepare('INSERT INTO user_days (user_ref, day) VALUES (?, ?) ON CONFLICT DO NOTHING');
    // One row per (user, board, objective) with all-time, current-week and current-month
    // counts (migration 005). last_at moves only when points grow: on equal points, who got
    // there first ranks first. A new week/month restarts its counts; an answer older than
    // the row's week/month (another process, a clock step back) leaves them alone.
    const period = (p: 'week' | 'month') => `
         ${p}_points = CASE WHEN ${p} IS NULL OR excluded.${p} > ${p} THEN excluded.${p}_points WHEN excluded.${p} = ${p} THEN ${p}_points + excluded.${p}_points ELSE ${p}_points END,
         ${p}_answered = CASE WHEN ${p} IS NULL OR excluded.${p} > ${p} THEN 1 WHEN excluded.${p} = ${p} THEN ${p}_answered + 1 ELSE ${p}_answered END,
         ${p}_last_at = CASE WHEN ${p} IS NULL OR excluded.${p} > ${p} OR (excluded.${p} = ${p} AND excluded.points > 0) THEN excluded.${p}_last_at ELSE ${p}_last_at END,
         ${p} = CASE WHEN ${p} IS NULL OR excluded.${p} > ${p} THEN excluded.${p} ELSE ${p} END`;
    // The 4 rows of one answer (server and channel board x all objectives and its own) in one statement.
    const row = (board: string, objective: string) => `(@u, ${board}, ${objective}, @c, 1, @at, @week, @c, 1, @at, @month, @c, 1, @at)`;
    this.upsertBoard = db.prepare(
      `INSERT INTO board_scores (user_ref, board, objective, points, answered, last_at, week, week_points, week_answered, week_last_at, month, month_points, month_answered, month_last_at)
       VALUES ${row('@server', `'${ALL_OBJECTIVES}'`)}, ${row('@server', '@objective')}, ${row('@channel', `'${ALL_OBJECTIVES}'`)}, ${row('@channel', '@objective')}
       ON CONFLICT (user_ref, board, objective) DO UPDATE SET
         points = points + excluded.points, answered = answered + 1,
         last_at = CASE WHEN excluded.points > 0 THEN excluded.last_at ELSE last_at END,${period('week')},${period('month')}`,
    );
    this.group = new GroupCommit(db);
    this.recordBody = (a: NewAnswer): RecordResult => {
      // Look before upserting: ensureUser always rewrites the row, one more page per commit.
      const userRef = this.settings.findUser(a.user) ?? this.settings.ensureUser(a.user, a.answeredAt);
      const c = a.correct ? 1 : 0;
      const row = this.insert.get(userRef, a.instanceId, a.questionId, a.objective, c, a.chosen === null ? null : a.chosen.join(','), a.typed, a.answeredAt) as Row | undefined;
      if (!row) return { status: 'duplicate', answer: toAnswer(this.getOne.get(userRef, a.instanceId) as Row) };
      this.upsertQuestion.run(userRef, a.questionId, a.objective, c, c, a.answeredAt);
      this.upsertDay.run(userRef, a.local.day);
      if (a.boards) this.upsertBoard.run({ u: userRef, server: a.boards.server, channel: a.boards.channel, objective: a.objective, c, at: a.answeredAt, week: a.local.week, month: a.local.month });
      const answer = toAnswer(row);
      for (const fn of this.inTransaction) fn(answer);
      return { status: 'recorded', answer };
    };
    this.recordTx = db.transaction(this.recordBody);
  }

  /**
   * Calls `fn` inside the transaction of every recorded (not duplicate) answer, after
   * its aggregates, so derived state (spaced-repetition cards) commits with the answer
   * in the same fsync. A throwing `fn` rolls the answer back too: a hook that must not
   * do that wraps its writes in a nested db.transaction (a savepoint) and catches.
   */
  onRecorded(fn: (a: AnswerRow) => void): void {
    this.inTransaction.push(fn);
  }

  /**
   * Records the first answer of a user to an instance with all its aggregates, in
   * one IMMEDIATE transaction (waits up to the busy timeout for another process).
   * A second answer, even a concurrent one from another process, is refused by
   * UNIQUE (user_ref, instance_id): the result is then 'duplicate' with the first
   * answer, and nothing is written.
   */
  record(a: NewAnswer): RecordResult {
    return this.recordTx.immediate(a);
  }

  /**
   * Like `record`, but the write joins the answers asked for in the same event-loop
   * turn in one transaction (src/db/groupCommit.ts), each in its own savepoint: a burst
   * of answers (a daily question at 09:00) shares one commit instead of one each.
   * Resolves once the batch has committed.
   * @throws (rejects) the batch's commit error (e.g. SQLITE_BUSY after the busy timeout); nothing of the batch is recorded then.
   */
  recordGrouped(a: NewAnswer): Promise<RecordResult> {
    // GroupCommit runs each write in its own savepoint already.
    return this.group.run(() => this.recordBody(a));
  }

  /** The answer of `userRef` to `instanceId`, if any. */
  find(userRef: number, instanceId: number): AnswerRow | undefined {
    const row = this.getOne.get(userRef, instanceId) as Row | undefined;
    return row && toAnswer(row);
  }

  /** Every answer to `instanceId`, first answered first, with the user's display name (or id): the daily question's reveal. */
  forInstance(instanceId: number): (AnswerRow & { name: string })[] {
    return (this.ofInstance.all(instanceId) as (Row & { name: string })[]).map((r) => ({ ...toAnswer(r), name: r.name }));
  }
}
