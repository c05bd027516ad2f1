/** Quiz runs and question instances (tables quiz_runs, quiz_instances, user_questions.served). */
import type { Db } from './open.js';

export type InstanceSource = 'quiz' | 'daily' | 'review' | 'exam';

/** One posted question, as stored. */
export interface QuizInstance {
  id: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  questionId: string;
  /** Original choice indexes in display order ([] for typed questions). */
  choiceOrder: number[];
  source: InstanceSource;
  runId: number | null;
  /** 1-based position in the run. */
  seq: number | null;
  visibility: 'public' | 'private';
  messageId: string | null;
  createdBy: number | null;
  /** UTC ms. */
  createdAt: number;
  /** UTC ms; null: open until closed. */
  closesAt: number | null;
  closed: boolean;
}

export interface QuizRun {
  id: number;
  userRef: number;
  objective: string | null;
  total: number;
  createdAt: number;
}

export interface NewInstance {
  platform: string;
  workspaceId: string;
  channelId: string;
  questionId: string;
  objective: string;
  choiceOrder: readonly number[];
  source: InstanceSource;
  runId?: number | null;
  seq?: number | null;
  visibility?: 'public' | 'private';
  /** The user who asked for it: their served count for the question goes up. */
  createdBy?: number | null;
  createdAt: number;
  closesAt?: number | null;
}

interface InstanceRow {
  id: number;
  platform: string;
  workspace_id: string;
  channel_id: string;
  question_id: string;
  choice_order: string;
  source: InstanceSource;
  run_id: number | null;
  seq: number | null;
  visibility: 'public' | 'private';
  message_id: string | null;
  created_by: number | null;
  created_at: number;
  closes_at: number | null;
  closed: number;
}

function toInstance(r: InstanceRow): QuizInstance {
  return {
    id: r.id,
    platform: r.platform,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    questionId: r.question_id,
    choiceOrder: r.choice_order ? r.choice_order.split(',').map(Number) : [],
    source: r.source,
    runId: r.run_id,
    seq: r.seq,
    visibility: r.visibility,
    messageId: r.message_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closesAt: r.closes_at,
    closed: r.closed === 1,
  };
}

export class QuizInstanceRepo {
  private readonly insertRun;
  private readonly getRunStmt;
  private readonly insertInstance;
  private readonly getInstanceStmt;
  private readonly getBySeq;
  private readonly runQuestionsStmt;
  private readonly bumpServed;
  private readonly servedStmt;
  private readonly setMessage;
  private readonly closeStmt;

  constructor(private readonly db: Db) {
    this.insertRun = db.prepare('INSERT INTO quiz_runs (user_ref, objective, total, created_at) VALUES (?, ?, ?, ?) RETURNING id');
    this.getRunStmt = db.prepare('SELECT id, user_ref AS userRef, objective, total, created_at AS createdAt FROM quiz_runs WHERE id = ?');
    this.insertInstance = db.prepare(
      `INSERT INTO quiz_instances (platform, workspace_id, channel_id, question_id, choice_order, source, run_id, seq, visibility, created_by, created_at, closes_at)
       VALUES (@platform, @workspaceId, @channelId, @questionId, @choiceOrder, @source, @runId, @seq, @visibility, @createdBy, @createdAt, @closesAt)
       ON CONFLICT (run_id, seq) DO NOTHING RETURNING *`,
    );
    this.getInstanceStmt = db.prepare('SELECT * FROM quiz_instances WHERE id = ?');
    this.getBySeq = db.prepare('SELECT * FROM quiz_instances WHERE run_id = ? AND seq = ?');
    this.runQuestionsStmt = db.prepare('SELECT question_id AS questionId FROM quiz_instances WHERE run_id = ?');
    this.bumpServed = db.prepare(
      `INSERT INTO user_questions (user_ref, question_id, objective, served) VALUES (?, ?, ?, 1)
       ON CONFLICT (user_ref, question_id) DO UPDATE SET served = served + 1`,
    );
    this.servedStmt = db.prepare('SELECT question_id AS questionId, served FROM user_questions WHERE user_ref = ?');
    this.setMessage = db.prepare('UPDATE quiz_instances SET message_id = ? WHERE id = ?');
    this.closeStmt = db.prepare('UPDATE quiz_instances SET closed = 1 WHERE id = ?');
  }

  /** A new run of `total` questions for `userRef`. `createdAt`: UTC ms. */
  createRun(userRef: number, objective: string | null, total: number, createdAt: number): QuizRun {
    const { id } = this.insertRun.get(userRef, objective, total, createdAt) as { id: number };
    return { id, userRef, objective, total, createdAt };
  }

  run(id: number): QuizRun | undefined {
    return this.getRunStmt.get(id) as QuizRun | undefined;
  }

  /**
   * Stores a posted question and counts it as served to its requester, in one
   * transaction. When (runId, seq) already exists (a double click on "next"), the
   * existing instance is returned and nothing changes.
   */
  create(n: NewInstance): { instance: QuizInstance; created: boolean } {
    return this.db.transaction(() => {
      const row = this.insertInstance.get({
        platform: n.platform,
        workspaceId: n.workspaceId,
        channelId: n.channelId,
        questionId: n.questionId,
        choiceOrder: n.choiceOrder.join(','),
        source: n.source,
        runId: n.runId ?? null,
        seq: n.seq ?? null,
        visibility: n.visibility ?? 'public',
        createdBy: n.createdBy ?? null,
        createdAt: n.createdAt,
        closesAt: n.closesAt ?? null,
      }) as InstanceRow | undefined;
      if (!row) return { instance: toInstance(this.getBySeq.get(n.runId, n.seq) as InstanceRow), created: false };
      if (n.createdBy != null) this.bumpServed.run(n.createdBy, n.questionId, n.objective);
      return { instance: toInstance(row), created: true };
    }).immediate();
  }

  get(id: number): QuizInstance | undefined {
    const row = this.getInstanceStmt.get(id) as InstanceRow | undefined;
    return row && toInstance(row);
  }

  /** The instance at position `seq` of run `runId`, if posted. */
  bySeq(runId: number, seq: number): QuizInstance | undefined {
    const row = this.getBySeq.get(runId, seq) as InstanceRow | undefined;
    return row && toInstance(row);
  }

  /** Ids of the questions already posted in run `runId` (empty for an unknown run). */
  runQuestionIds(runId: number): Set<string> {
    return new Set((this.runQuestionsStmt.all(runId) as { questionId: string }[]).map((r) => r.questionId));
  }

  /** How many times each question was served to `userRef` (absent: never). */
  servedCounts(userRef: number): Map<string, number> {
    const rows = this.servedStmt.all(userRef) as { questionId: string; served: number }[];
    return new Map(rows.map((r) => [r.questionId, r.served]));
  }

  /** Remembers the platform's message id of a posted instance (for later edits). */
  setMessageId(id: number, messageId: string): void {
    this.setMessage.run(messageId, id);
  }

  /** Closes an instance: later answers are refused with a private "closed". */
  close(id: number): void {
    this.closeStmt.run(id);
  }
}
