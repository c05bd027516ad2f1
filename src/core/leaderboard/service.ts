/**
 * Leaderboards: points = correct first answers (one per user and question instance),
 * per server or channel, this week (from Monday 00:00 in VIRTBOT_TZ), this month or
 * all time, over all objectives or one. Equal points share a rank (10,10,8,8,5 →
 * 1,1,3,3,5); inside a rank, whoever reached the points first comes first.
 */
import { ALL_OBJECTIVES, channelBoard, serverBoard } from '../../db/answers.js';
import type { BoardRow, LeaderboardRepo, NamedRow, PeriodSel } from '../../db/leaderboard.js';
import type { Clock } from '../ports.js';
import type { LocalCalendar } from '../progress/calendar.js';

export type Period = 'week' | 'month' | 'all';
export type Scope = 'server' | 'channel';

/** How many rows a board shows before the caller's own row. */
export const TOP_N = 10;

export interface RankedRow extends NamedRow {
  rank: number;
}

export interface Board {
  period: Period;
  scope: Scope;
  objective: string | undefined;
  /** Local start of the period, 'YYYY-MM-DD' (week: Monday) or 'YYYY-MM'; undefined for all time. */
  since: string | undefined;
  top: RankedRow[];
  /** The caller's row when it is not in `top` (undefined if they have no answers in the period). */
  me: RankedRow | undefined;
  /** The caller is in `top`. */
  meInTop: boolean;
  participants: number;
}

/** Board order: points descending, then who reached them first, then user. */
export function byRank(a: BoardRow, b: BoardRow): number {
  return b.points - a.points || a.lastAt - b.lastAt || a.userRef - b.userRef;
}

/** Competition ranking of rows already sorted by points descending: 10,10,8,8,5 → 1,1,3,3,5. */
export function rankRows<T extends { points: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const out: (T & { rank: number })[] = [];
  rows.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && prev.points === r.points ? prev.rank : i + 1 });
  });
  return out;
}

export interface BoardQuery {
  platform: string;
  workspaceId: string;
  channelId: string;
  period: Period;
  scope: Scope;
  objective?: string;
  /** The caller's users.id, if known. */
  userRef?: number;
}

export class LeaderboardService {
  constructor(
    private readonly repo: LeaderboardRepo,
    private readonly calendar: LocalCalendar,
    private readonly clock: Clock,
  ) {}

  /** The board for `q` as of now. */
  board(q: BoardQuery): Board {
    const local = this.calendar.periodsOf(this.clock.now().getTime());
    const period: PeriodSel = q.period === 'week' ? { kind: 'week', key: local.week } : q.period === 'month' ? { kind: 'month', key: local.month } : { kind: 'all' };
    const board = q.scope === 'channel' ? channelBoard(q.platform, q.workspaceId, q.channelId) : serverBoard(q.platform, q.workspaceId);
    const rows = this.repo.rows(board, q.objective ?? ALL_OBJECTIVES, period).sort(byRank);
    // Ranks only for the rows shown: the top N (ties looked up in order) and the caller's (1 + those with more points).
    const top = rankRows(rows.slice(0, TOP_N)).map((r) => ({ ...this.repo.named(r), rank: r.rank }));
    const meInTop = q.userRef !== undefined && top.some((r) => r.userRef === q.userRef);
    const mine = meInTop || q.userRef === undefined ? undefined : rows.find((r) => r.userRef === q.userRef);
    const me: RankedRow | undefined = mine && { ...this.repo.named(mine), rank: 1 + rows.findIndex((r) => r.points === mine.points) };
    return {
      period: q.period,
      scope: q.scope,
      objective: q.objective,
      since: q.period === 'week' ? local.week : q.period === 'month' ? local.month : undefined,
      top,
      me,
      meInTop,
      participants: rows.length,
    };
  }
}
