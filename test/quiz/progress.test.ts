/** /virt progress: counts, accuracy, mastery per objective with weights, streaks in VIRTBOT_TZ, weakest objectives, what to study. */
import { afterEach, describe, expect, it } from 'vitest';
import { streaks } from '../../src/core/progress/streak.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { keyOf, seeded } from './helpers.js';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

function make(timeZone = 'Asia/Tokyo'): TestApp {
  app = testApp({ defaultLang: 'en', timeZone, rng: seeded(3) });
  return app;
}

/** The console user answers one single-choice question of `objective` at the current clock time. */
async function answer(correct: boolean, objective = '330.2', n = 0): Promise<void> {
  const a = app!;
  const q = a.services.content.questions.filter((x) => x.kind === 'single' && x.objective === objective)[n]!;
  const { instance } = a.services.quiz.postQuestion(q, { platform: 'console', workspaceId: 'console', channelId: 'general' }, 'quiz', 'en');
  const key = keyOf(a.db, instance.id);
  await a.chat(`click quiz.a:${instance.id}:${correct ? key.right[0] : key.wrong[0]}`);
}

describe('streaks', () => {
  it('two answers 20 minutes apart across midnight in Asia/Tokyo (same UTC day) make a 2-day streak', async () => {
    make('Asia/Tokyo');
    app!.clock.set('2026-11-30T14:50:00Z'); // 23:50 JST 30 Nov
    await answer(true);
    app!.clock.set('2026-11-30T15:10:00Z'); // 00:10 JST 1 Dec; UTC still 30 Nov
    await answer(true, '330.2', 1);
    const r = app!.services.progress.report(app!.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' })!);
    expect(r.streak).toEqual({ current: 2, longest: 2 });
    expect(textOf(await app!.chat('/virt progress'))).toContain('current 2 · longest 2 (days in a row)');
  });

  it('the same two answers make a 1-day streak when VIRTBOT_TZ is UTC', async () => {
    make('UTC');
    app!.clock.set('2026-11-30T14:50:00Z');
    await answer(true);
    app!.clock.set('2026-11-30T15:10:00Z');
    await answer(true, '330.2', 1);
    expect(textOf(await app!.chat('/virt progress'))).toContain('current 1 · longest 1 (days in a row)');
  });

  it('a streak stays current through today until the day is missed, and the longest is kept', () => {
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-10', '2026-11-11'];
    expect(streaks(days, '2026-11-11')).toEqual({ current: 2, longest: 3 });
    expect(streaks(days, '2026-11-12')).toEqual({ current: 2, longest: 3 });
    expect(streaks(days, '2026-11-13')).toEqual({ current: 0, longest: 3 });
    expect(streaks([], '2026-11-13')).toEqual({ current: 0, longest: 0 });
    // Month and year boundaries are plain consecutive days.
    expect(streaks(['2026-12-31', '2027-01-01'], '2027-01-01')).toEqual({ current: 2, longest: 2 });
  });
});

describe('/virt progress', () => {
  it('shows answered, accuracy, mastery with exam weights, weakest objectives and entries to study', async () => {
    make();
    app!.clock.set('2026-12-01T03:00:00Z');
    await answer(true, '330.2', 0);
    await answer(true, '330.2', 1);
    await answer(false, '330.3', 0);
    const r = await app!.chat('/virt progress');
    expect(r[0]!.visibility).toBe('private');
    const text = textOf(r);
    expect(text).toContain('Answered: 3');
    expect(text).toContain('Accuracy: 67% (2/3)');
    expect(text).toMatch(/330\.2 weight 9 .* accuracy 100% \(2\/2\)/);
    expect(text).toMatch(/330\.3 weight 9 .* accuracy 0% \(0\/1\)/);
    expect(text).toMatch(/330\.6 weight 2 .* accuracy -/);
    expect(text).toMatch(/Work on next \(lowest accuracy, or not studied yet\): 330\.3/);
    const q = app!.services.content.questions.filter((x) => x.kind === 'single' && x.objective === '330.3')[0]!;
    const ids = r.flatMap((x) => x.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((y) => y.id) : [])));
    expect(ids).toContain(`ask.entry:${q.entries[0]}`);
  });

  it('mastery counts questions whose last answer was right, over the objective\'s pool', async () => {
    make();
    await answer(false, '330.6', 0);
    await answer(true, '330.6', 0);
    const me = app!.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' })!;
    const o = app!.services.progress.report(me).objectives.find((x) => x.objective === '330.6')!;
    expect(o.answered).toBe(2);
    expect(o.correct).toBe(1);
    expect(o.mastery).toBeCloseTo(1 / o.pool);
  });

  it('shows a teammate by name, and says so for someone with no answers', async () => {
    make();
    await app!.chat(':user bob');
    await answer(true);
    await app!.chat(':user alice');
    expect(textOf(await app!.chat('/virt progress bob'))).toContain('Progress: bob');
    expect(textOf(await app!.chat('/virt progress @BOB'))).toContain('Answered: 1');
    expect(textOf(await app!.chat('/virt progress nobody'))).toContain('"nobody" has not answered anything here yet');
    expect(textOf(await app!.chat('/virt progress'))).toContain('No answers yet');
  });
});
