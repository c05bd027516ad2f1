/**
 * Leaderboard reads over board_scores (kept by src/db/answers.ts in the answer's
 * transaction). Top N is a range read of the board_scores_rank index; a rank is
 * a count of the rows above, so neither scans the answers.
 */
import type { Db } from './open.js';

export interface BoardRow {
  userRef: number;
  userId: string;
  displayName: string | null;
  points: number;
  answered: number;
  /** UTC ms when the points last grew. */
  lastAt: number;
}

export class LeaderboardRepo {
  private readonly topStmt;
  private readonly rowStmt;
  private readonly aboveStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.topStmt = db.prepare(
      `SELECT b.user_ref AS userRef, u.user_id AS userId, u.display_name AS displayName, b.points, b.answered, b.last_at AS lastAt
       FROM board_scores b INDEXED BY board_scores_rank JOIN users u ON u.id = b.user_ref
       WHERE b.board = ? AND b.period = ? AND b.objective = ?
       ORDER BY b.points DESC, b.last_at, b.user_ref LIMIT ?`,
    );
    this.rowStmt = db.prepare(
      `SELECT b.user_ref AS userRef, u.user_id AS userId, u.display_name AS displayName, b.points, b.answered, b.last_at AS lastAt
       FROM board_scores b JOIN users u ON u.id = b.user_ref
       WHERE b.board = ? AND b.period = ? AND b.objective = ? AND b.user_ref = ?`,
    );
    this.aboveStmt = db.prepare(
      'SELECT count(*) AS n FROM board_scores INDEXED BY board_scores_rank WHERE board = ? AND period = ? AND objective = ? AND points > ?',
    );
    this.countStmt = db.prepare('SELECT count(*) AS n FROM board_scores WHERE board = ? AND period = ? AND objective = ?');
  }

  /** The first `limit` rows: points descending, then who reached them first, then user. */
  top(board: string, period: string, objective: string, limit: number): BoardRow[] {
    return this.topStmt.all(board, period, objective, limit) as BoardRow[];
  }

  /** One user's row, if they answered in that board and period. */
  row(board: string, period: string, objective: string, userRef: number): BoardRow | undefined {
    return this.rowStmt.get(board, period, objective, userRef) as BoardRow | undefined;
  }

  /** Competition rank of `points`: 1 + the number of users with more points. */
  rankOf(board: string, period: string, objective: string, points: number): number {
    return 1 + (this.aboveStmt.get(board, period, objective, points) as { n: number }).n;
  }

  /** How many users are on the board. */
  size(board: string, period: string, objective: string): number {
    return (this.countStmt.get(board, period, objective) as { n: number }).n;
  }
}
