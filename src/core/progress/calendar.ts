/**
 * Local calendar in the server's time zone (VIRTBOT_TZ): which local day, week
 * (starting Monday) and month an instant falls in. Streaks and leaderboard periods
 * are counted on these keys; luxon does the zone arithmetic (DST included).
 */
import { DateTime } from 'luxon';

/** The local periods an instant belongs to. */
export interface LocalPeriods {
  /** 'YYYY-MM-DD', local. */
  day: string;
  /** Monday of the local week, 'YYYY-MM-DD'. */
  week: string;
  /** 'YYYY-MM', local. */
  month: string;
}

export class LocalCalendar {
  // The day containing the last instant asked about: most calls fall in it, and luxon
  // zone math costs ~10 µs, which would show in the answers-per-second benchmark.
  private cache: { from: number; to: number; periods: LocalPeriods } | undefined;

  /** @param zone IANA zone name (validated by src/config.ts). */
  constructor(readonly zone: string) {}

  /** Local day/week/month of `ms` (UTC ms). */
  periodsOf(ms: number): LocalPeriods {
    const c = this.cache;
    if (c && ms >= c.from && ms < c.to) return c.periods;
    const dt = DateTime.fromMillis(ms, { zone: this.zone });
    const start = dt.startOf('day');
    const periods: LocalPeriods = {
      day: start.toISODate()!,
      week: dt.startOf('week').toISODate()!,
      month: dt.toFormat('yyyy-MM'),
    };
    this.cache = { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis(), periods };
    return periods;
  }

  /** The local day before `day` ('YYYY-MM-DD'). */
  static previousDay(day: string): string {
    return new Date(dayNumber(day) * 86_400_000 - 86_400_000).toISOString().slice(0, 10);
  }

  /** Whole days from `a` to `b` (both 'YYYY-MM-DD'); 1 when b is the day after a. */
  static daysBetween(a: string, b: string): number {
    return dayNumber(b) - dayNumber(a);
  }
}

/** Days since 1970-01-01 of a calendar date 'YYYY-MM-DD' (plain date arithmetic, no zone: the date is already local). */
export function dayNumber(day: string): number {
  return Math.round(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
}
