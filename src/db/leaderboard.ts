/**
 * Leaderboard reads over board_scores (kept by src/db/answers.ts in the answer's
 * transaction, one row per user, board and objective with all-time, current-week
 * and current-month counts). One board is one range of the board_scores_board
 * index: its users, read once; ranking is done on those rows, so a read costs
 * O(users on the board) and never touches the answers.
 */
import type { Db } from './open.js';

export interface BoardRow {
  userRef: number;
  points: number;
  answered: number;
  /** UTC ms when the points last grew (in this period). */
  lastAt: number;
}

export interface NamedRow extends BoardRow {
  userId: string;
  displayName: string | null;
}

/** Which counts: all time, or the week / month with this key ('YYYY-MM-DD' Monday / 'YYYY-MM'). */
export type PeriodSel = { kind: 'all' } | { kind: 'week'; key: string } | { kind: 'month'; key: string };

export class LeaderboardRepo {
  private readonly allStmt;
  private readonly weekStmt;
  private readonly monthStmt;
  private readonly nameStmt;

  constructor(db: Db) {
    const cols = (p: string) => (p ? `${p}_points AS points, ${p}_answered AS answered, ${p}_last_at AS lastAt` : 'points, answered, last_at AS lastAt');
    const sql = (p: string) =>
      `SELECT user_ref AS userRef, ${cols(p)} FROM board_scores INDEXED BY board_scores_board WHERE board = ? AND objective = ?${p ? ` AND ${p} = ?` : ''}`;
    this.allStmt = db.prepare(sql(''));
    this.weekStmt = db.prepare(sql('week'));
    this.monthStmt = db.prepare(sql('month'));
    this.nameStmt = db.prepare('SELECT user_id AS userId, display_name AS displayName FROM users WHERE id = ?');
  }

  /** Every row of one board and period (unordered). */
  rows(board: string, objective: string, period: PeriodSel): BoardRow[] {
    if (period.kind === 'all') return this.allStmt.all(board, objective) as BoardRow[];
    return (period.kind === 'week' ? this.weekStmt : this.monthStmt).all(board, objective, period.key) as BoardRow[];
  }

  /** Adds the user id and display name to a row. */
  named(row: BoardRow): NamedRow {
    const u = this.nameStmt.get(row.userRef) as { userId: string; displayName: string | null } | undefined;
    return { ...row, userId: u?.userId ?? String(row.userRef), displayName: u?.displayName ?? null };
  }
}
