/** Streaks over local days ('YYYY-MM-DD' in VIRTBOT_TZ) with at least one answer. */
import { LocalCalendar } from './calendar.js';

export interface Streaks {
  /** Days in a row up to today, or up to yesterday when today has no answer yet (0 if neither). */
  current: number;
  longest: number;
}

/** Current and longest streak from ascending distinct `days` as seen on `today`. */
export function streaks(days: readonly string[], today: string): Streaks {
  let longest = 0;
  let run = 0;
  let prev: string | undefined;
  for (const d of days) {
    if (d > today) break; // an answer "from the future" (clock moved back) does not count yet
    run = prev !== undefined && LocalCalendar.daysBetween(prev, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const last = prev;
  const current = last !== undefined && (last === today || LocalCalendar.daysBetween(last, today) === 1) ? run : 0;
  return { current, longest };
}
