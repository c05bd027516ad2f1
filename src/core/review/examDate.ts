/**
 * The user's exam date (`/virt config exam-date 2027-01-20`): validation and the
 * local-calendar arithmetic around it (VIRTBOT_TZ, via luxon).
 */
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';
import { fmt } from '../i18n.js';

/** user_settings key of the exam date ('YYYY-MM-DD'). */
export const EXAM_DATE_KEY = 'exam_date';

/** How far ahead an exam date may be (years); later dates are almost always typos. */
export const MAX_YEARS_AHEAD = 3;

/**
 * Parses an exam date typed by the user: 'YYYY-MM-DD' (also 'YYYY/MM/DD', full-width
 * digits). `today` is the local date 'YYYY-MM-DD' in VIRTBOT_TZ.
 * @returns the date as 'YYYY-MM-DD'.
 * @throws UserError bad_argument: not a date, a date that does not exist, a past date, or more than MAX_YEARS_AHEAD years ahead.
 */
export function parseExamDate(input: string, today: string): string {
  const s = input.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (!m) {
    throw new UserError('bad_argument', fmt({ ja: '「{v}」は日付として読めません。2027-01-20 の形で指定してください。', en: '"{v}" is not a date. Use the form 2027-01-20.' }, { v: s.slice(0, 30) }));
  }
  const d = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: 'UTC' });
  if (!d.isValid) {
    throw new UserError('bad_argument', fmt({ ja: '{v} という日付はありません。', en: 'There is no such date as {v}.' }, { v: s }));
  }
  const iso = d.toISODate()!;
  if (iso < today) {
    throw new UserError('bad_argument', fmt({ ja: '{d} は過去の日付です（今日は {t}）。これからの試験日を指定してください。', en: '{d} is in the past (today is {t}). Please give an upcoming exam date.' }, { d: iso, t: today }));
  }
  const limit = DateTime.fromISO(today, { zone: 'UTC' }).plus({ years: MAX_YEARS_AHEAD }).toISODate()!;
  if (iso > limit) {
    throw new UserError('bad_argument', fmt({ ja: '{d} は {n} 年以上先です。日付を確認してください。', en: '{d} is more than {n} years ahead. Please check the date.' }, { d: iso, n: MAX_YEARS_AHEAD }));
  }
  return iso;
}

/** UTC ms of the start (00:00) of local date `day` ('YYYY-MM-DD') in `zone`. */
export function startOfLocalDay(day: string, zone: string): number {
  return DateTime.fromISO(day, { zone }).startOf('day').toMillis();
}

/** UTC ms of the end of the local day containing `ms` in `zone` (the next local midnight), and of the day after. */
export function localDayEnds(ms: number, zone: string): { today: number; tomorrow: number } {
  const start = DateTime.fromMillis(ms, { zone }).startOf('day');
  return { today: start.plus({ days: 1 }).toMillis(), tomorrow: start.plus({ days: 2 }).toMillis() };
}
