/** Mock exams (tables exams, exam_items; answers are read from table answers). */
import type { Db } from './open.js';

export type ExamStatus = 'active' | 'finished' | 'abandoned';

/** One exam as stored. Times are UTC ms. */
export interface Exam {
  id: number;
  userRef: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  total: number;
  minutes: number;
  startedAt: number;
  /** Answers at or after this instant are not counted. */
  endsAt: number;
  /** The question shown last (1-based), where a resume starts. */
  currentSeq: number;
  status: ExamStatus;
  finishedAt: number | null;
  /** The language it was started in; null for exams from before migration 008. */
  lang: string | null;
}

/** One question of an exam, with the owner's answer to it if any. */
export interface ExamItem {
  examId: number;
  seq: number;
  questionId: string;
  objective: string;
  /** The quiz instance, once the question has been shown. */
  instanceId: number | null;
  /** The exam owner's answer (table answers), if any. */
  answer: { correct: boolean; chosen: number[] | null; typed: string | null; answeredAt: number } | null;
}

export interface NewExam {
  userRef: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  minutes: number;
  startedAt: number;
  endsAt: number;
  /** The language the exam was started in (its time-out notice comes in it). */
  lang: string;
  items: readonly { questionId: string; objective: string }[];
}

const EXAM_COLUMNS = `id, user_ref AS userRef, platform, workspace_id AS workspaceId, channel_id AS channelId, total, minutes,
  started_at AS startedAt, ends_at AS endsAt, current_seq AS currentSeq, status, finished_at AS finishedAt, lang`;

interface ItemRow {
  examId: number;
  seq: number;
  questionId: string;
  objective: string;
  instanceId: number | null;
  correct: number | null;
  chosen: string | null;
  typed: string | null;
  answeredAt: number | null;
}

function toItem(r: ItemRow): ExamItem {
  return {
    examId: r.examId,
    seq: r.seq,
    questionId: r.questionId,
    objective: r.objective,
    instanceId: r.instanceId,
    answer:
      r.answeredAt === null
        ? null
        : { correct: r.correct === 1, chosen: r.chosen === null ? null : r.chosen === '' ? [] : r.chosen.split(',').map(Number), typed: r.typed, answeredAt: r.answeredAt },
  };
}

// The owner's answer to each item; answers from anyone else (a shared console) are not the exam's.
const ITEMS_SELECT = `SELECT i.exam_id AS examId, i.seq, i.question_id AS questionId, i.objective, i.instance_id AS instanceId,
    a.correct, a.chosen, a.typed, a.answered_at AS answeredAt
  FROM exam_items i JOIN exams e ON e.id = i.exam_id
  LEFT JOIN answers a ON a.instance_id = i.instance_id AND a.user_ref = e.user_ref`;

export class ExamRepo {
  private readonly insertExam;
  private readonly insertItem;
  private readonly getStmt;
  private readonly activeStmt;
  private readonly lastFinishedStmt;
  private readonly itemsStmt;
  private readonly itemStmt;
  private readonly byInstanceStmt;
  private readonly attachStmt;
  private readonly currentStmt;
  private readonly finishStmt;
  private readonly claimTimedOutStmt;
  private readonly anyTimedOutStmt;
  private readonly ownerStmt;
  private readonly createTx;

  constructor(db: Db) {
    this.insertExam = db.prepare(
      `INSERT INTO exams (user_ref, platform, workspace_id, channel_id, total, minutes, started_at, ends_at, lang)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${EXAM_COLUMNS}`,
    );
    this.insertItem = db.prepare('INSERT INTO exam_items (exam_id, seq, question_id, objective) VALUES (?, ?, ?, ?)');
    this.getStmt = db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE id = ?`);
    this.activeStmt = db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE user_ref = ? AND status = 'active'`);
    this.lastFinishedStmt = db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE user_ref = ? AND status = 'finished' ORDER BY finished_at DESC, id DESC LIMIT 1`);
    this.itemsStmt = db.prepare(`${ITEMS_SELECT} WHERE i.exam_id = ? ORDER BY i.seq`);
    this.itemStmt = db.prepare(`${ITEMS_SELECT} WHERE i.exam_id = ? AND i.seq = ?`);
    this.byInstanceStmt = db.prepare('SELECT exam_id AS examId, seq FROM exam_items WHERE instance_id = ?');
    this.attachStmt = db.prepare('UPDATE exam_items SET instance_id = ? WHERE exam_id = ? AND seq = ? AND instance_id IS NULL');
    this.currentStmt = db.prepare('UPDATE exams SET current_seq = ? WHERE id = ?');
    this.finishStmt = db.prepare(`UPDATE exams SET status = ?, finished_at = ? WHERE id = ? AND status = 'active'`);
    this.claimTimedOutStmt = db.prepare(
      `UPDATE exams SET timeout_notified = 1
       WHERE id IN (SELECT id FROM exams WHERE status = 'active' AND ends_at <= ? AND timeout_notified = 0
                    AND platform IN (SELECT value FROM json_each(?)) ORDER BY ends_at LIMIT ?)
       RETURNING ${EXAM_COLUMNS}`,
    );
    this.anyTimedOutStmt = db
      .prepare(`SELECT 1 FROM exams WHERE status = 'active' AND ends_at <= ? AND timeout_notified = 0 AND platform IN (SELECT value FROM json_each(?)) LIMIT 1`)
      .pluck();
    this.ownerStmt = db.prepare('SELECT platform, workspace_id AS workspaceId, user_id AS userId FROM users WHERE id = ?');
    this.createTx = db.transaction((n: NewExam): Exam | undefined => {
      if (this.activeStmt.get(n.userRef)) return undefined;
      const exam = this.insertExam.get(n.userRef, n.platform, n.workspaceId, n.channelId, n.items.length, n.minutes, n.startedAt, n.endsAt, n.lang) as Exam;
      n.items.forEach((it, i) => this.insertItem.run(exam.id, i + 1, it.questionId, it.objective));
      return exam;
    });
  }

  /**
   * Creates an exam with its questions in one IMMEDIATE transaction.
   * @returns the exam, or undefined when the user already has an active one (one exam at a time; the partial unique index enforces it across processes too).
   */
  create(n: NewExam): Exam | undefined {
    if (n.items.length < 1) throw new Error('ExamRepo.create: an exam needs at least one question');
    return this.createTx.immediate(n);
  }

  get(id: number): Exam | undefined {
    return this.getStmt.get(id) as Exam | undefined;
  }

  /** The user's active exam (at most one). */
  active(userRef: number): Exam | undefined {
    return this.activeStmt.get(userRef) as Exam | undefined;
  }

  /** The user's exam scored last (abandoned ones are skipped), if any. */
  lastFinished(userRef: number): Exam | undefined {
    return this.lastFinishedStmt.get(userRef) as Exam | undefined;
  }

  /** The exam's questions in order, each with the owner's answer. */
  items(examId: number): ExamItem[] {
    return (this.itemsStmt.all(examId) as ItemRow[]).map(toItem);
  }

  item(examId: number, seq: number): ExamItem | undefined {
    const row = this.itemStmt.get(examId, seq) as ItemRow | undefined;
    return row && toItem(row);
  }

  /** The exam question shown as quiz instance `instanceId`, if it is one. */
  byInstance(instanceId: number): { examId: number; seq: number } | undefined {
    return this.byInstanceStmt.get(instanceId) as { examId: number; seq: number } | undefined;
  }

  /**
   * Links an item to the quiz instance that shows it, unless it already has one
   * (two clicks racing): the first link wins.
   * @returns the instance id now linked.
   */
  attachInstance(examId: number, seq: number, instanceId: number): number {
    this.attachStmt.run(instanceId, examId, seq);
    return this.item(examId, seq)?.instanceId ?? instanceId;
  }

  /** Remembers the question shown last (the resume point). */
  setCurrent(examId: number, seq: number): void {
    this.currentStmt.run(seq, examId);
  }

  /**
   * Claims up to `limit` active exams on `platforms` whose time ended at or before `nowMs`
   * (UTC ms) and whose user has not been told yet, marking them told in the same
   * statement: of two processes, only one gets each exam, and only one that can reach
   * the exam's platform.
   */
  claimTimedOut(nowMs: number, limit: number, platforms: readonly string[]): Exam[] {
    const on = JSON.stringify(platforms);
    // A read first: the tick runs every 15 s and usually finds nothing; an UPDATE would take the write lock each time.
    if (this.anyTimedOutStmt.get(nowMs, on) === undefined) return [];
    return this.claimTimedOutStmt.all(nowMs, on, limit) as Exam[];
  }

  /** Who an exam belongs to on its platform (for a private message), or undefined when the user is gone. */
  owner(userRef: number): { platform: string; workspaceId: string; userId: string } | undefined {
    return this.ownerStmt.get(userRef) as { platform: string; workspaceId: string; userId: string } | undefined;
  }

  /**
   * Ends an active exam as finished or abandoned at `atMs` (UTC ms).
   * @returns false when it was no longer active (another action ended it first).
   */
  finish(examId: number, status: Exclude<ExamStatus, 'active'>, atMs: number): boolean {
    return this.finishStmt.run(status, atMs, examId).changes === 1;
  }
}
