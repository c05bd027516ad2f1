/**
 * Local-time arithmetic of the daily question: when "09:00 in America/New_York" is
 * on a given local date, the next and the latest such instant, DST days included.
 * luxon (tz data from Intl) answers every zone question; this file only decides
 * which of the candidate instants a wall-clock time means:
 * - in the spring-forward gap (02:30 on 2026-03-08 in New York does not exist) it is
 *   the first valid minute after the gap (03:00 EDT), not luxon's default of
 *   shifting by the gap length (03:30), nor node-cron's skipping the day;
 * - in the fall-back hour (01:30 on 2026-11-01 happens twice) it is the first
 *   occurrence (EDT), so the post goes out once, when the clock first shows it.
 */
import { DateTime, IANAZone } from 'luxon';

/** 'HH:MM', 24 h, local wall-clock time. */
export type LocalTime = string;

/** A scheduled instant and the local date it belongs to. */
export interface Slot {
  /** 'YYYY-MM-DD' in the zone: the date the slot was scheduled for. */
  date: string;
  /** UTC ms. */
  at: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Parses '9:00', '09:00', '０９：００', '0900' into canonical 'HH:MM'.
 * @returns undefined when it is not a time of day (00:00-23:59).
 */
export function parseLocalTime(raw: string): LocalTime | undefined {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{1,2})(?::|時|h)?(\d{2})分?$/i.exec(s) ?? /^(\d{1,2})(?:時|h)$/i.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * The canonical IANA name of `raw` ('asia/tokyo' → 'Asia/Tokyo'), or undefined when
 * the runtime does not know the zone. Fixed offsets ('UTC+9') are not accepted: a
 * team's zone should follow its DST rules.
 */
export function canonicalZone(raw: string): string | undefined {
  const s = raw.normalize('NFKC').trim();
  if (!s || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s) || !IANAZone.isValidZone(s)) return undefined;
  if (/^(utc|gmt|etc\/(utc|gmt))$/i.test(s)) return 'UTC';
  if (/[+-]\d/.test(s)) return undefined;
  // Keep the name the user chose: Intl would turn Asia/Kolkata into the older link Asia/Calcutta.
  if (s.split('/').every((part) => /^[A-Z]/.test(part))) return s;
  const known = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === s.toLowerCase());
  return known ?? s.replace(/(^|[/_-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** The local date ('YYYY-MM-DD') of instant `ms` in `zone` (luxon's offset at that instant; the rest is reading a calendar). */
export function localDate(ms: number, zone: string): string {
  return new Date(ms + IANAZone.create(zone).offset(ms) * MINUTE).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days ('YYYY-MM-DD'); plain calendar arithmetic, no zone involved. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 'HH:MM' of instant `ms` in `zone`. */
export function localClock(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');
}

/**
 * The instant (UTC ms) at which wall-clock `time` happens on local `date` in `zone`:
 * the first occurrence when it happens twice (fall back), the first valid minute
 * after the gap when it does not happen at all (spring forward).
 */
export function slotInstant(date: string, time: LocalTime, zone: string): number {
  // Memoised: a thousand channels due in the same minute mostly share zone, time and date,
  // and each computation costs several Intl offset look-ups.
  const key = `${zone} ${date} ${time}`;
  const hit = slotMemo.get(key);
  if (hit !== undefined) return hit;
  const at = computeSlotInstant(date, time, zone);
  if (slotMemo.size >= SLOT_MEMO_MAX) slotMemo.clear();
  slotMemo.set(key, at);
  return at;
}

/** Entries kept in the slotInstant memo before it starts over (a few hundred KB at most). */
const SLOT_MEMO_MAX = 10_000;
const slotMemo = new Map<string, number>();

function computeSlotInstant(date: string, time: LocalTime, zone: string): number {
  const z = IANAZone.create(zone);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  // The wall-clock fields read as if they were UTC; the real instant is wall - offset.
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = z.offset(wall - DAY);
  const after = z.offset(wall + DAY);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * MINUTE)
    .filter((t) => z.offset(t) * MINUTE === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // A gap: every instant before the transition shows an earlier wall time, every one
  // after it a later one. Find the transition minute by bisection.
  let lo = wall - after * MINUTE; // still before the transition
  let hi = wall - before * MINUTE; // already after it
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (z.offset(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The slot of `time` on local `date`. */
export function slotOn(date: string, time: LocalTime, zone: string): Slot {
  return { date, at: slotInstant(date, time, zone) };
}

/** The first slot strictly after `ms` (UTC ms). */
export function nextSlot(ms: number, time: LocalTime, zone: string): Slot {
  let date = localDate(ms, zone);
  // Two steps at most; the loop only guards against zones that skip a whole day.
  for (let i = 0; i < 3; i++) {
    const s = slotOn(date, time, zone);
    if (s.at > ms) return s;
    date = addDays(date, 1);
  }
  return slotOn(date, time, zone);
}

/** The latest slot at or before `ms` (UTC ms). */
export function latestSlot(ms: number, time: LocalTime, zone: string): Slot {
  let date = localDate(ms, zone);
  for (let i = 0; i < 3; i++) {
    const s = slotOn(date, time, zone);
    if (s.at <= ms) return s;
    date = addDays(date, -1);
  }
  return slotOn(date, time, zone);
}

/** The UTC offset of `zone` at `ms`, as '+09:00' / '-04:00' / '+05:30'. */
export function offsetLabel(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ZZ');
}
