/** `/virt exam` right after an exam ended shows that exam's result; `/virt exam start` (or explicit numbers) starts a new one. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { seeded } from '../quiz/helpers.js';
import { answerLine, shown } from '../review/helpers.js';

let app: TestApp;
afterEach(() => app?.cleanup());

const exams = () => app.db.prepare('SELECT status FROM exams ORDER BY id').pluck().all() as string[];

/** Finishes a 2-question exam, the first answer right and the second wrong: 1/2. */
async function finishOne(): Promise<Reply[]> {
  let r = await app.chat('/virt exam 2 10');
  r = await app.chat(answerLine(app.db, shown(r, 'exam').id, 'exam', true).line);
  return app.chat(answerLine(app.db, shown(r, 'exam').id, 'exam', false).line);
}

describe('/virt exam after an exam ended', () => {
  it('shows the result just finished instead of starting over; exam start begins a new one', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(21) });
    expect(textOf(await finishOne())).toContain('1/2 (50%)');
    expect(textOf(await app.chat('/virt exam'))).toContain('Your last mock exam (finished just now)');
    app.clock.advance(5 * 60_000);
    const again = await app.chat('/virt exam');
    expect(textOf(again)).toContain('1/2 (50%)');
    expect(textOf(again)).toContain('Your last mock exam (finished 5 minutes ago)');
    expect(textOf(again)).toContain('/virt exam start');
    expect(exams()).toEqual(['finished']);
    const started = await app.chat('/virt exam start');
    expect(textOf(started)).toContain('Mock exam started: 60 questions in 90 minutes.');
    expect(exams()).toEqual(['finished', 'active']);
  });

  it('explicit numbers start a new exam at once; in Japanese the hint names exam start too', async () => {
    app = testApp({ defaultLang: 'ja', rng: seeded(22) });
    await finishOne();
    app.clock.advance(3 * 60 * 60_000);
    expect(textOf(await app.chat('/virt exam'))).toContain('前回の模擬試験（3 時間前に終了）の結果です。新しい試験は /virt exam start で始められます');
    expect(textOf(await app.chat('/virt exam 3 5'))).toContain('模擬試験を始めます: 3 問 / 5 分');
    expect(exams()).toEqual(['finished', 'active']);
  });

  it('a result older than a day, or an abandoned exam, does not hold back a new one', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(23) });
    await finishOne();
    app.clock.advance(24 * 60 * 60_000 + 1);
    expect(textOf(await app.chat('/virt exam'))).toContain('Mock exam started: 60 questions');
    await app.chat('/virt exam stop');
    expect(textOf(await app.chat('/virt exam'))).toContain('Mock exam started: 60 questions');
    expect(exams()).toEqual(['finished', 'abandoned', 'active']);
  });

  it('an exam stopped after a scored one does not hide that result; in Japanese it reads たった今終了', async () => {
    app = testApp({ defaultLang: 'ja', rng: seeded(24) });
    expect(textOf(await finishOne())).toContain('1/2');
    await app.chat('/virt exam 2 5');
    await app.chat('/virt exam stop');
    const again = textOf(await app.chat('/virt exam'));
    expect(again).toContain('前回の模擬試験（たった今終了）の結果です。');
    expect(again).toContain('1/2');
    expect(exams()).toEqual(['finished', 'abandoned']);
  });

  it('exam start with an exam in progress resumes it (one at a time)', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(24) });
    const first = shown(await app.chat('/virt exam start 3 5'), 'exam');
    const again = await app.chat('/virt exam start');
    expect(textOf(again)).toContain('Resuming your exam in progress');
    expect(shown(again, 'exam').id).toBe(first.id);
  });
});
