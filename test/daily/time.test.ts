import { describe, expect, it } from 'vitest';
import { LATE_GRACE_MS, planDue, revealAt } from '../../src/core/daily/plan.js';
import { canonicalZone, checkZone, latestSlot, localDate, nextSlot, parseLocalTime, slotInstant, zoneProblem, type ZoneCheck } from '../../src/core/daily/time.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

describe('local time arithmetic', () => {
  it('parses times of day and refuses others', () => {
    expect(parseLocalTime('9:00')).toBe('09:00');
    expect(parseLocalTime('０９：３０')).toBe('09:30');
    expect(parseLocalTime('0905')).toBe('09:05');
    expect(parseLocalTime('23:59')).toBe('23:59');
    expect(parseLocalTime('9時')).toBe('09:00');
    for (const bad of ['24:00', '12:60', 'noon', '', '9', '-1:00', '12:5']) expect(parseLocalTime(bad)).toBeUndefined();
  });

  it('canonicalises IANA zones and refuses unknown ones and fixed offsets', () => {
    expect(canonicalZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalZone('America/New_York')).toBe('America/New_York');
    expect(canonicalZone('UTC')).toBe('UTC');
    // The current name is kept (Intl alone would give the older link Asia/Calcutta).
    expect(canonicalZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
    for (const bad of ['Mars/Olympus', 'JST+9', 'UTC+9', '', '../etc']) expect(canonicalZone(bad)).toBeUndefined();
  });

  it('the zone rule: region zones only (and UTC), abbreviations and fixed offsets refused with a region zone to use', () => {
    // ICU accepts these, as fixed zones (EST is UTC-05:00 all year) or other places (CET → Brussels).
    for (const abbr of ['EST', 'JST', 'CET', 'PST', 'Japan', 'US/Eastern', 'EST5EDT']) expect(canonicalZone(abbr), abbr).toBeUndefined();
    // Valid IANA names, but fixed offsets.
    for (const fixed of ['Etc/GMT-9', 'Etc/GMT+5', 'UTC+9', 'GMT-05:00', '+09:00']) expect(canonicalZone(fixed), fixed).toBeUndefined();
    expect(checkZone('EST')).toMatchObject({ ok: false, kind: 'abbreviation', suggest: 'America/New_York' });
    expect(checkZone('JST')).toMatchObject({ ok: false, kind: 'abbreviation', suggest: 'Asia/Tokyo' });
    expect(checkZone('US/Eastern')).toMatchObject({ ok: false, kind: 'abbreviation', suggest: 'America/New_York' });
    // Etc/GMT-9 is UTC+9 (POSIX signs are inverted).
    expect(checkZone('Etc/GMT-9')).toMatchObject({ ok: false, kind: 'fixed-offset', offset: 'UTC+09:00', suggest: 'Asia/Tokyo' });
    expect(checkZone('UTC+5:30')).toMatchObject({ ok: false, kind: 'fixed-offset', offset: 'UTC+05:30', suggest: 'Asia/Kolkata' });
    const msg = zoneProblem(checkZone('Etc/GMT-9') as Exclude<ZoneCheck, { ok: true }>);
    expect(msg.ja).toMatch(/固定オフセット.*Asia\/Tokyo/);
    expect(msg.en).toMatch(/fixed offset.*Asia\/Tokyo/);
    expect(msg.en).not.toMatch(/Amman/);
    // UTC stays allowed under its usual spellings; old links become the current name.
    for (const utc of ['UTC', 'Etc/UTC', 'GMT', 'utc']) expect(canonicalZone(utc), utc).toBe('UTC');
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  });

  it('spring forward, America/New_York 02:30 on 2026-03-08: the first valid minute after the gap (03:00 EDT)', () => {
    expect(iso(slotInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    // The days around it are ordinary.
    expect(iso(slotInstant('2026-03-07', '02:30', 'America/New_York'))).toBe('2026-03-07T07:30:00.000Z');
    expect(iso(slotInstant('2026-03-09', '02:30', 'America/New_York'))).toBe('2026-03-09T06:30:00.000Z');
    // A time just outside the gap keeps its own minute.
    expect(iso(slotInstant('2026-03-08', '03:00', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(slotInstant('2026-03-08', '01:59', 'America/New_York'))).toBe('2026-03-08T06:59:00.000Z');
  });

  it('fall back, America/New_York 01:30 on 2026-11-01: the first occurrence (EDT) only', () => {
    expect(iso(slotInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    // After the first 01:30 the next slot is the following day, not the second 01:30 (06:30Z).
    expect(iso(nextSlot(at('2026-11-01T05:30:00Z'), '01:30', 'America/New_York').at)).toBe('2026-11-02T06:30:00.000Z');
    expect(latestSlot(at('2026-11-01T06:45:00Z'), '01:30', 'America/New_York')).toEqual({ date: '2026-11-01', at: at('2026-11-01T05:30:00Z') });
  });

  it('Asia/Tokyo (no DST) and Asia/Kolkata (+05:30)', () => {
    expect(iso(slotInstant('2026-11-30', '09:00', 'Asia/Tokyo'))).toBe('2026-11-30T00:00:00.000Z');
    expect(iso(slotInstant('2026-11-30', '00:15', 'Asia/Tokyo'))).toBe('2026-11-29T15:15:00.000Z');
    expect(iso(slotInstant('2026-11-30', '09:00', 'Asia/Kolkata'))).toBe('2026-11-30T03:30:00.000Z');
    expect(iso(slotInstant('2026-11-30', '00:10', 'Asia/Kolkata'))).toBe('2026-11-29T18:40:00.000Z');
    expect(localDate(at('2026-11-29T18:40:00Z'), 'Asia/Kolkata')).toBe('2026-11-30');
  });

  it('next and latest slot around the slot itself', () => {
    const s = at('2026-11-30T00:00:00Z'); // 09:00 Tokyo
    expect(nextSlot(s - 1, '09:00', 'Asia/Tokyo')).toEqual({ date: '2026-11-30', at: s });
    expect(nextSlot(s, '09:00', 'Asia/Tokyo').date).toBe('2026-12-01');
    expect(latestSlot(s, '09:00', 'Asia/Tokyo')).toEqual({ date: '2026-11-30', at: s });
    expect(latestSlot(s - 1, '09:00', 'Asia/Tokyo').date).toBe('2026-11-29');
  });
});

describe('planDue', () => {
  const tokyo = { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: null };
  const slot30 = at('2026-11-30T00:00:00Z');

  it('claims the slot that has come', () => {
    expect(planDue({ ...tokyo, nextRunAt: slot30 }, slot30 + 5_000)).toMatchObject({ claim: { date: '2026-11-30', at: slot30 }, next: { date: '2026-12-01' } });
  });

  it('after downtime: the missed post of the same local date is made, an older one is not', () => {
    // Down from 08:00 to 15:00 Tokyo: today's 09:00 is owed.
    expect(planDue({ ...tokyo, nextRunAt: slot30 }, at('2026-11-30T06:00:00Z')).claim?.date).toBe('2026-11-30');
    // Down for 3 days, back at 08:00 Tokyo on 12-03 (before that day's slot): nothing is owed today.
    const p = planDue({ ...tokyo, nextRunAt: slot30 }, at('2026-12-02T23:00:00Z'));
    expect(p.claim).toBeUndefined();
    expect(p.missed?.date).toBe('2026-12-02');
    expect(p.next).toEqual({ date: '2026-12-03', at: at('2026-12-03T00:00:00Z') });
    // Back at 10:00 on 12-03: only 12-03's post.
    expect(planDue({ ...tokyo, nextRunAt: slot30 }, at('2026-12-03T01:00:00Z')).claim?.date).toBe('2026-12-03');
  });

  it('a 23:59 slot seen a few minutes after midnight is still made', () => {
    const s = { ...tokyo, localTime: '23:59', nextRunAt: at('2026-11-30T14:59:00Z') };
    expect(planDue(s, at('2026-11-30T15:02:00Z')).claim?.date).toBe('2026-11-30');
    expect(planDue(s, at('2026-11-30T14:59:00Z') + LATE_GRACE_MS + 60_000).claim).toBeUndefined();
  });

  it('a slot before next_run_at (set after today\'s time) is not owed', () => {
    expect(planDue({ ...tokyo, nextRunAt: at('2026-12-01T00:00:00Z') }, at('2026-11-30T05:00:00Z')).claim).toBeUndefined();
  });

  it('reveal: the given time, else one minute before the next post', () => {
    expect(iso(revealAt({ ...tokyo, nextRunAt: null, revealTime: '18:00' }, slot30))).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(revealAt({ ...tokyo, nextRunAt: null, revealTime: '08:00' }, slot30))).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(revealAt({ ...tokyo, nextRunAt: null }, slot30))).toBe('2026-11-30T23:59:00.000Z');
    // `daily now` five minutes before the slot stays open until the next day's post.
    expect(iso(revealAt({ ...tokyo, nextRunAt: null }, slot30 - 5 * 60_000))).toBe('2026-11-30T23:59:00.000Z');
    // Six hours before the slot: an extra post closes before that slot; the day's own post waits for the next day's.
    expect(iso(revealAt({ ...tokyo, nextRunAt: null }, slot30 - 6 * 3_600_000))).toBe('2026-11-29T23:59:00.000Z');
    expect(iso(revealAt({ ...tokyo, nextRunAt: null }, slot30 - 6 * 3_600_000, '2026-11-30'))).toBe('2026-11-30T23:59:00.000Z');
  });
});
