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
import { distance } from 'fastest-levenshtein';
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
 * The zone rule shared by `daily set zone:` and VIRTBOT_TZ: an IANA region zone
 * (Area/Location, e.g. Asia/Tokyo, America/New_York), so the schedule follows the
 * place's DST rules; or UTC itself, for a team that wants no local time at all.
 * Abbreviations (EST, JST, CET: ICU accepts some of them, as fixed or surprising
 * zones) and fixed offsets (UTC+9, +09:00, Etc/GMT-9) are refused with a region
 * zone to use instead.
 */
export type ZoneCheck =
  | { ok: true; zone: string }
  | { ok: false; kind: 'fixed-offset'; input: string; offset: string; suggest: string | undefined }
  | { ok: false; kind: 'abbreviation'; input: string; suggest: string | undefined }
  | { ok: false; kind: 'unknown'; input: string; close: string[] };

/** The IANA areas of region zones (tzdata's continents and oceans). */
const REGION = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z0-9_+\-/]+$/i;
const UTC_NAMES = /^(etc\/)?(utc|gmt|uct|zulu|universal|gmt0|gmt[+-]0|greenwich)$/i;
/** Old link name → current name, where Node 20's list still has the old one. */
const NEWER: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Asia/Rangoon': 'Asia/Yangon',
};
/** Current names missing from Node 20's list of zones (it has their older link). */
export const NEWER_ZONE_NAMES = Object.values(NEWER);
/** Abbreviations people type → the region zone they usually mean (ICU maps EST to America/Panama, CET to Europe/Brussels). */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', EST5EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CST6CDT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PST8PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  HST: 'Pacific/Honolulu', AKST: 'America/Anchorage',
  JST: 'Asia/Tokyo', KST: 'Asia/Seoul', IST: 'Asia/Kolkata', SGT: 'Asia/Singapore', HKT: 'Asia/Hong_Kong',
  CET: 'Europe/Berlin', CEST: 'Europe/Berlin', MET: 'Europe/Berlin', EET: 'Europe/Athens', EEST: 'Europe/Athens',
  WET: 'Europe/Lisbon', BST: 'Europe/London', AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', NZST: 'Pacific/Auckland',
};
/** UTC offset in minutes → a region zone that has it (in standard time), for the fixed-offset message. */
const BY_OFFSET: Record<number, string> = {
  [-600]: 'Pacific/Honolulu', [-540]: 'America/Anchorage', [-480]: 'America/Los_Angeles', [-420]: 'America/Denver',
  [-360]: 'America/Chicago', [-300]: 'America/New_York', [-240]: 'America/Halifax', [-180]: 'America/Sao_Paulo',
  60: 'Europe/Berlin', 120: 'Europe/Athens', 180: 'Europe/Moscow', 240: 'Asia/Dubai', 300: 'Asia/Karachi',
  330: 'Asia/Kolkata', 345: 'Asia/Kathmandu', 360: 'Asia/Dhaka', 420: 'Asia/Bangkok', 480: 'Asia/Singapore',
  540: 'Asia/Tokyo', 570: 'Australia/Adelaide', 600: 'Australia/Sydney', 720: 'Pacific/Auckland',
};

/** Offset minutes of a fixed-offset spelling ('UTC+9', 'GMT-05:30', '+0900', 'Etc/GMT-9'), else undefined. */
function fixedOffset(s: string): number | undefined {
  const etc = /^etc\/gmt([+-])(\d{1,2})$/i.exec(s);
  // Etc/GMT-9 is UTC+9: POSIX signs are inverted.
  if (etc) return (etc[1] === '-' ? 1 : -1) * Number(etc[2]) * 60;
  const m = /^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(s);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function offsetText(min: number): string {
  const a = Math.abs(min);
  return `UTC${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Case-fixed name of a region zone the runtime knows ('asia/kolkata' → 'Asia/Kolkata'), old links to current names. */
function canonicalRegion(s: string): string {
  const lower = s.toLowerCase();
  const known = [...Intl.supportedValuesOf('timeZone'), ...NEWER_ZONE_NAMES].find((z) => z.toLowerCase() === lower);
  // Intl's own resolution is not used: it would turn Asia/Kolkata into the older link Asia/Calcutta.
  const name = known ?? s.replace(/(^|[/_-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  return NEWER[name] ?? name;
}

/**
 * Checks `raw` against the zone rule (see ZoneCheck). Pure; never throws.
 * @returns the canonical name ('asia/kolkata' → 'Asia/Kolkata', 'Etc/UTC' → 'UTC'), or why it is refused.
 */
export function checkZone(raw: string): ZoneCheck {
  const s = raw.normalize('NFKC').trim();
  const input = s.slice(0, 40);
  if (UTC_NAMES.test(s)) return { ok: true, zone: 'UTC' };
  const offset = fixedOffset(s);
  if (offset !== undefined) {
    if (offset === 0) return { ok: true, zone: 'UTC' };
    return { ok: false, kind: 'fixed-offset', input, offset: offsetText(offset), suggest: BY_OFFSET[offset] };
  }
  if (REGION.test(s) && IANAZone.isValidZone(s)) return { ok: true, zone: canonicalRegion(s) };
  const abbr = ABBREVIATIONS[s.toUpperCase()];
  if (abbr) return { ok: false, kind: 'abbreviation', input, suggest: abbr };
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s) && IANAZone.isValidZone(s)) {
    // A legacy name (Japan, US/Eastern, SystemV/EST5): offer the region zone ICU resolves it to, when that is one.
    const resolved = new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone;
    return { ok: false, kind: 'abbreviation', input, suggest: REGION.test(resolved) ? canonicalRegion(resolved) : undefined };
  }
  return { ok: false, kind: 'unknown', input, close: closeZones(s) };
}

/** The three region zones nearest to `s` by edit distance (for "did you mean"). */
function closeZones(s: string): string[] {
  const needle = s.toLowerCase();
  return [...new Set([...Intl.supportedValuesOf('timeZone'), ...NEWER_ZONE_NAMES])]
    .filter((z) => REGION.test(z))
    .map((z) => ({ z, d: distance(z.toLowerCase(), needle) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.z);
}

/** Why a zone was refused, in Japanese and English; `{ ok: true }` has no problem. */
export function zoneProblem(c: Exclude<ZoneCheck, { ok: true }>): { ja: string; en: string } {
  const q = c.input;
  switch (c.kind) {
    case 'fixed-offset': {
      const use = c.suggest ? `（${c.offset} なら例えば ${c.suggest}）` : '（例: Asia/Tokyo、America/New_York）';
      const useEn = c.suggest ? ` (for ${c.offset}, e.g. ${c.suggest})` : ' (e.g. Asia/Tokyo, America/New_York)';
      return {
        ja: `「${q}」は固定オフセット（${c.offset}）で、夏時間に従わないため使えません。地域のタイムゾーン名で指定してください${use}。`,
        en: `"${q}" is a fixed offset (${c.offset}), refused because it does not follow daylight saving time. Give a region zone instead${useEn}.`,
      };
    }
    case 'abbreviation': {
      const use = c.suggest ? `（「${q}」なら例えば ${c.suggest}）` : '（例: Asia/Tokyo、America/New_York）';
      const useEn = c.suggest ? ` (for "${q}", e.g. ${c.suggest})` : ' (e.g. Asia/Tokyo, America/New_York)';
      return {
        ja: `「${q}」は略号か旧式の名前で、固定オフセットのことがあるため使えません。地域のタイムゾーン名で指定してください${use}。`,
        en: `"${q}" is an abbreviation or legacy name (some are fixed offsets), so it is refused. Give a region zone instead${useEn}.`,
      };
    }
    default:
      return {
        ja: `タイムゾーン「${q}」はわかりません。Asia/Tokyo のような IANA の地域名で指定してください（近いもの: ${c.close.join(', ')}）。`,
        en: `Unknown time zone "${q}". Use an IANA region name such as Asia/Tokyo (close matches: ${c.close.join(', ')}).`,
      };
  }
}

/**
 * The canonical zone name of `raw` under the zone rule (checkZone), or undefined when refused.
 */
export function canonicalZone(raw: string): string | undefined {
  const c = checkZone(raw);
  return c.ok ? c.zone : undefined;
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
