/** Readiness from predicted recall, on a hand-computed case (FSRS: recall is exactly 90 % after `stability` days; a card is judged at least a day after its last review). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import { readiness } from '../../src/core/review/readiness.js';
import type { CardState } from '../../src/db/cards.js';
import { CardRepo } from '../../src/db/cards.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { answerLine, shown } from './helpers.js';

const DAY = 86_400_000;

function card(questionId: string, objective: string, stability: number, lastReview: number): CardState {
  return { userRef: 1, questionId, objective, due: lastReview + stability * DAY, stability, difficulty: 5, scheduledDays: stability, learningSteps: 0, reps: 3, lapses: 0, state: State.Review, lastReview };
}

describe('readiness (pure)', () => {
  it('per objective: recall summed over the bank\'s questions (unseen = 0), else the cards\' mean; overall weighted 8/9/9/3/5/2', () => {
    const at = Date.parse('2026-12-10T00:00:00Z');
    const cards = [
      card('a', '330.1', 4, at - 4 * DAY), // 0.90
      card('b', '330.1', 1, at), // reviewed at `at`: judged a day later, at its stability: 0.90, not 100 %
      card('c', '330.2', 7, at - 7 * DAY), // 0.90
    ];
    const r = readiness(cards, at, new Map([['330.1', 20]]));
    const by = Object.fromEntries(r.objectives.map((o) => [o.objective, o]));
    // Two cards at 0.90 out of 20 questions: 1.8 / 20.
    expect(by['330.1']!.recall).toBeCloseTo(0.09, 6);
    expect(by['330.1']!.cards).toBe(2);
    expect(by['330.1']!.pool).toBe(20);
    expect(by['330.2']!.recall).toBeCloseTo(0.9, 6);
    expect(by['330.3']!.recall).toBe(0);
    expect(by['330.3']!.cards).toBe(0);
    // 330.2 has no pool size given: the mean of its one card. (8 × 0.09 + 9 × 0.90) / 36 = 8.82 / 36
    expect(r.overall).toBeCloseTo(8.82 / 36, 6);
  });

  it('one card does not stand for a whole objective (a newcomer saw 77 % for 1 of 54)', () => {
    const at = Date.parse('2026-12-10T00:00:00Z');
    const r = readiness([card('a', '330.2', 7, at - 7 * DAY)], at, new Map([['330.2', 54]]));
    expect(r.objectives.find((o) => o.objective === '330.2')!.recall).toBeCloseTo(0.9 / 54, 6);
  });

  it('a card answered wrong a minute ago is far from ready (not 100 %)', () => {
    const at = Date.parse('2026-12-10T00:00:00Z');
    // An "Again" card: stability well under a day.
    const r = readiness([{ ...card('w', '330.2', 0.2, at - 60_000), state: State.Relearning, lapses: 1 }], at);
    expect(r.objectives.find((o) => o.objective === '330.2')!.recall).toBeLessThan(0.8);
  });

  it('no cards at all → 0 everywhere', () => {
    const r = readiness([], Date.parse('2026-12-10T00:00:00Z'));
    expect(r.overall).toBe(0);
    expect(r.objectives.every((o) => o.recall === 0)).toBe(true);
  });
});

describe('readiness in /virt progress', () => {
  let app: TestApp;
  beforeEach(() => {
    app = testApp({ defaultLang: 'en' });
  });
  afterEach(() => app.cleanup());

  it('predicts recall for the morning of the exam date (VIRTBOT_TZ) and shows days left', async () => {
    const qs = app.services.content.questions;
    const q1 = qs.filter((q) => q.objective === '330.1');
    const q2 = qs.find((q) => q.objective === '330.2')!;
    // progress needs at least one answer; answer a quiz question, then lay the cards out by hand.
    const shownQ = shown(await app.chat('/virt quiz 330.4'), 'quiz');
    await app.chat(answerLine(app.db, shownQ.id, 'quiz', true).line);
    const userRef = app.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' })!;
    app.db.prepare('DELETE FROM cards').run();
    // Exam on 2026-12-05: its morning in Asia/Tokyo is 2026-12-04T15:00Z.
    const morning = Date.parse('2026-12-04T15:00:00Z');
    const repo = new CardRepo(app.db);
    const put = (c: CardState) => repo.update(userRef, c.questionId, c.objective, () => c);
    put(card(q1[0]!.id, '330.1', 5, morning - 5 * DAY)); // 0.90 on the morning
    put(card(q1[1]!.id, '330.1', 2, morning - 2 * DAY)); // 0.90
    put(card(q2.id, '330.2', 1, morning - DAY)); // 0.90
    await app.chat('/virt config exam-date 2026-12-05');
    const text = textOf(await app.chat('/virt progress'));
    // Every card at 0.90 on the morning; unseen questions count as 0: 330.1 = 1.8 / n1, 330.2 = 0.9 / n2.
    const n1 = q1.length;
    const n2 = qs.filter((q) => q.objective === '330.2').length;
    const overall = (8 * (1.8 / n1) + 9 * (0.9 / n2)) / 36;
    expect(text).toContain(`Readiness (predicted recall on the morning of your exam date): ${Math.round(overall * 100)}%`);
    expect(text).toContain('Exam date 2026-12-05: 5 days left');
    expect(text).toMatch(new RegExp(`330\\.1 weight 8 +\\S+ +${Math.round((1.8 / n1) * 100)}% +cards 2/${n1}`));
    expect(text).toMatch(/330\.3 weight 9 +░{10} +0% +cards 0\/\d+/);
    expect(app.services.review.outlook(userRef).readiness.overall).toBeCloseTo(overall, 6);
    // Someone else looking: the date is "their" exam date, and it stays private.
    await app.chat(':user bob');
    const other = textOf(await app.chat('/virt progress you'));
    expect(other).toContain('predicted recall on the morning of their exam date');
    expect(other).not.toContain('2026-12-05');
  });

  it('the footnote says what the figure is: the mean over the whole bank, an unanswered question as 0 (en and ja), like /virt help progress', async () => {
    const shownQ = shown(await app.chat('/virt quiz 330.4'), 'quiz');
    await app.chat(answerLine(app.db, shownQ.id, 'quiz', true).line);
    const en = textOf(await app.chat('/virt progress'));
    expect(en).toContain('Each objective shows the predicted recall (FSRS) averaged over all its questions in the bank, a question you have not answered yet counting as 0%.');
    expect(en).not.toMatch(/of its cards|no cards counts as 0/);
    await app.chat('/virt config lang ja');
    const ja = textOf(await app.chat('/virt progress'));
    expect(ja).toContain('範囲ごとの数字は、その範囲の問題集の全問題について予測想起率（FSRS）を平均したもので、まだ答えていない問題は 0% として数えます。');
    expect(ja).not.toContain('カードがない範囲は 0%');
    const help = textOf(await app.chat('/virt help progress'));
    expect(help).toContain('数えます。準備度:');
    expect(help).not.toMatch(/。 準備度/);
  });

});
