/**
 * Scheduling rules of the daily question as pure functions of (subscription, now):
 * which local date a tick may still post, when the next slot is, when to reveal.
 * No database and no clock here, so each rule is tested with plain numbers.
 */
import { DateTime } from 'luxon';
import { latestSlot, localDate, nextSlot, slotOn, type Slot } from './time.js';

/**
 * How late a slot may still be posted when its local date is already over: a tick
 * that runs a few seconds after midnight must not drop the 23:59 post. After a
 * longer outage the rule of the issue holds: only the current local date catches up.
 */
export const LATE_GRACE_MS = 10 * 60_000;
/** A post stays open at least this long with the default reveal. */
export const MIN_OPEN_MS = 60 * 60_000;
/** The default reveal comes this long before the next post ("just before"). */
export const REVEAL_LEAD_MS = 60_000;

/** What a subscription needs for planning. */
export interface PlanInput {
  localTime: string;
  zone: string;
  revealTime: string | null;
  /** The slot the subscription waits for (UTC ms); a slot before it is not owed. */
  nextRunAt: number | null;
}

/** The decision for one due subscription at `now`. */
export interface DuePlan {
  /** The slot to claim now, if one is owed: the latest slot, when it is of today's local date (or only just missed). */
  claim?: Slot;
  /** A slot that was missed for good (older local date), for the log. */
  missed?: Slot;
  /** The next slot after `now`: the new next_run_at. */
  next: Slot;
}

/** Decides what a tick at `now` (UTC ms) does with a subscription whose next_run_at has come. */
export function planDue(s: PlanInput, now: number): DuePlan {
  const latest = latestSlot(now, s.localTime, s.zone);
  const next = nextSlot(now, s.localTime, s.zone);
  const owed = s.nextRunAt === null || latest.at >= s.nextRunAt;
  if (!owed) return { next };
  const current = latest.date === localDate(now, s.zone) || now - latest.at <= LATE_GRACE_MS;
  return current ? { claim: latest, next } : { missed: latest, next };
}

/** True when a retry of a scheduled post for `day` is still worth making at `now` (same rule as a catch-up). */
export function stillCurrent(day: string, scheduledAt: number, zone: string, now: number): boolean {
  return day === localDate(now, zone) || now - scheduledAt <= LATE_GRACE_MS;
}

/**
 * When a question posted at `postedAt` (UTC ms) is revealed (and closed): the next
 * reveal_time after it, or by default one minute before the next post that is at
 * least MIN_OPEN_MS away (a post made just before a slot stays open until the
 * following one).
 * @param day the local date ('YYYY-MM-DD') whose post this is: the next post is then
 *   after that date's slot too, even when the post went out before it (a `daily now`
 *   that took the place of the day's scheduled post). Undefined for an extra post.
 */
export function revealAt(s: PlanInput, postedAt: number, day?: string): number {
  if (s.revealTime) return nextSlot(postedAt, s.revealTime, s.zone).at;
  const earliest = postedAt + MIN_OPEN_MS;
  const from = day === undefined ? earliest : Math.max(earliest, slotOn(day, s.localTime, s.zone).at);
  return nextSlot(from, s.localTime, s.zone).at - REVEAL_LEAD_MS;
}

/** "12/01 08:59 (Asia/Tokyo)": an instant as a channel in `zone` reads it. */
export function localLabel(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')} (${zone})`;
}

/** "2026-11-30 00:00 UTC". */
export function utcLabel(ms: number): string {
  return `${DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm')} UTC`;
}
