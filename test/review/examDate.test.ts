/** `/virt config exam-date`: validation (local dates in VIRTBOT_TZ) and what /virt progress shows. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExamDate } from '../../src/core/review/examDate.js';
import { UserError } from '../../src/core/errors.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { answerLine, shown } from './helpers.js';

let app: TestApp;
beforeEach(() => {
  // 2026-11-30T00:00Z is 09:00 on 2026-11-30 in Tokyo (the default VIRTBOT_TZ).
  app = testApp({ defaultLang: 'en' });
});
afterEach(() => app.cleanup());

const stored = () => {
  const ref = app.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' });
  return ref === undefined ? undefined : app.services.review.examDate(ref);
};

describe('exam date', () => {
  it('stores a valid date and says how many days are left', async () => {
    const r = await app.chat('/virt config exam-date 2027-01-20');
    expect(r[0]!.visibility).toBe('private');
    expect(textOf(r)).toContain('Your exam date is 2027-01-20. 51 days to go.');
    expect(stored()).toBe('2027-01-20');
  });

  it('accepts full-width digits and slashes, and today', async () => {
    expect(textOf(await app.chat('/virt config exam-date ２０２６/１２/０１'))).toContain('2026-12-01');
    expect(textOf(await app.chat('/virt config exam-date 2026-11-30'))).toContain('The exam is today');
  });

  it('refuses a past date clearly and keeps the old one', async () => {
    await app.chat('/virt config exam-date 2027-01-20');
    const r = await app.chat('/virt config exam-date 2026-11-29');
    expect(r[0]!.visibility).toBe('private');
    expect(textOf(r)).toContain('2026-11-29 is in the past (today is 2026-11-30)');
    expect(stored()).toBe('2027-01-20');
  });

  it('uses the local date: at 23:30 UTC it is already tomorrow in Tokyo', async () => {
    app.clock.set('2026-11-30T23:30:00Z'); // 08:30 on 12-01 in Tokyo
    expect(textOf(await app.chat('/virt config exam-date 2026-11-30'))).toContain('is in the past (today is 2026-12-01)');
  });

  it('refuses dates that do not exist, text that is not a date, and dates years ahead', async () => {
    expect(textOf(await app.chat('/virt config exam-date 2027-02-30'))).toContain('There is no such date as 2027-02-30');
    expect(textOf(await app.chat('/virt config exam-date soon'))).toContain('"soon" is not a date');
    expect(textOf(await app.chat('/virt config exam-date 2031-01-01'))).toContain('more than 3 years ahead');
    expect(textOf(await app.chat('/virt config exam-date'))).toContain('Please give the date');
    expect(stored()).toBeUndefined();
  });

  it('clear removes it; /virt progress then asks for one', async () => {
    await app.chat('/virt config exam-date 2027-01-20');
    expect(textOf(await app.chat('/virt config exam-date clear'))).toContain('cleared');
    expect(stored()).toBeUndefined();
    const q = shown(await app.chat('/virt quiz 330.2'), 'quiz');
    await app.chat(answerLine(app.db, q.id, 'quiz', true).line);
    expect(textOf(await app.chat('/virt progress'))).toContain('No exam date set: /virt config exam-date 2027-01-20');
  });

  it('once the date has passed, /virt progress says so', async () => {
    await app.chat('/virt config exam-date 2026-12-02');
    const q = shown(await app.chat('/virt quiz 330.2'), 'quiz');
    await app.chat(answerLine(app.db, q.id, 'quiz', true).line);
    expect(textOf(await app.chat('/virt progress'))).toContain('Exam date 2026-12-02: 2 days left');
    app.clock.set('2026-12-03T00:00:00Z');
    expect(textOf(await app.chat('/virt progress'))).toContain('The exam date 2026-12-02 has passed');
  });

  it('parseExamDate throws UserError values with both languages', () => {
    try {
      parseExamDate('2026-01-01', '2026-11-30');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).text.ja).toContain('過去の日付');
    }
  });
});
