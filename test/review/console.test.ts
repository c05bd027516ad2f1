/**
 * The "Done when", in the console: answer some quiz questions, move the
 * clock, `/virt review` serves the due ones; `/virt exam 10 5` runs a 10-question,
 * 5-minute exam to the score page. Also in Japanese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { TestClock, testApp, textOf, type TestApp } from '../helpers/app.js';
import { keyOf, seeded } from '../quiz/helpers.js';
import { answerLine, shown } from './helpers.js';

let app: TestApp;
afterEach(() => app.cleanup());

const buttonsOf = (r: Reply[]) => r.flatMap((x) => x.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])));

describe('done when: quiz → clock → review → exam', () => {
  it('review serves exactly the due cards, wrong answers first; the exam runs to the score page', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(21) });
    // A run of three quiz questions: wrong, right, wrong.
    let r = await app.chat('/virt quiz 330.2 3');
    const answeredIds: { id: string; right: boolean }[] = [];
    for (const right of [false, true, false]) {
      const q = shown(r, 'quiz');
      answeredIds.push({ id: keyOf(app.db, q.id).question.id, right });
      const result = await app.chat(answerLine(app.db, q.id, 'quiz', right).line);
      const next = buttonsOf(result).find((b) => b.id.startsWith('quiz.n:'))!;
      r = await app.chat(`click ${next.id}`);
    }
    // Right after answering nothing is due yet (Again: 1 minute, Good: 10 minutes, ts-fsrs learning steps).
    expect(textOf(await app.chat('/virt review'))).toContain('Nothing is due right now');
    expect(textOf(await app.chat('/virt review'))).toContain('Due now: 0 · today: 3 · tomorrow: 0');

    app.clock.advance(2 * 60_000); // the two wrong ones are due, the right one not yet
    r = await app.chat('/virt review');
    expect(textOf(r)).toContain('Due now: 2');
    app.clock.advance(9 * 60_000); // now all three
    r = await app.chat('/virt review');
    expect(textOf(r)).toContain('Due now: 3 · today: 3');

    const served: string[] = [];
    for (let i = 0; i < 4 && !textOf(r).includes('Nothing is due right now'); i++) {
      const q = shown(r, 'review');
      served.push(keyOf(app.db, q.id).question.id);
      const result = await app.chat(answerLine(app.db, q.id, q.answerPrefix, true).line);
      expect(result[0]!.visibility).toBe('private');
      expect(textOf(result)).toMatch(/Correct!/);
      r = await app.chat(`click ${buttonsOf(result).find((b) => b.id.startsWith('review.n:'))!.id}`);
    }
    expect(served).toHaveLength(3);
    expect(new Set(served.slice(0, 2))).toEqual(new Set(answeredIds.filter((a) => !a.right).map((a) => a.id)));
    expect(served[2]).toBe(answeredIds.find((a) => a.right)!.id);
    expect(textOf(r)).toContain('Nothing is due right now');

    // The mock exam: 10 questions in 5 minutes, to the score page.
    r = await app.chat('/virt exam 10 5');
    expect(textOf(r)).toContain('Mock exam started: 10 questions in 5 minutes');
    const kinds = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const q = shown(r, 'exam');
      kinds.add(keyOf(app.db, q.id).question.kind);
      app.clock.advance(20_000);
      r = await app.chat(answerLine(app.db, q.id, 'exam', i < 7).line);
    }
    expect(kinds).toEqual(new Set(['single', 'multiple', 'typed']));
    const text = textOf(r);
    expect(text).toContain('Mock exam result');
    expect(text).toContain('7/10 (70%)');
    expect(text).toContain('Time used: 3:20 / 5:00');
    expect(text).toMatch(/Weighted score: \d+%/);
    expect(text.match(/❌ \d+\. \[330\.\d\]/g)).toHaveLength(3);
  });

  it('works in Japanese too', async () => {
    app = testApp({ defaultLang: 'ja', rng: seeded(22) });
    const q = shown(await app.chat('/virt quiz 330.3'), 'quiz');
    await app.chat(answerLine(app.db, q.id, 'quiz', false).line);
    app.clock.advance(60_000);
    const r = await app.chat('/virt review');
    expect(textOf(r)).toContain('復習待ち: 今 1 枚');
    const rq = shown(r, 'review');
    expect(textOf(await app.chat(answerLine(app.db, rq.id, rq.answerPrefix, true).line))).toContain('このカードの次の復習');
    const e = await app.chat('/virt exam 1 5');
    expect(textOf(e)).toContain('模擬試験を始めます: 1 問 / 5 分');
    expect(textOf(await app.chat(answerLine(app.db, shown(e, 'exam').id, 'exam', true).line))).toContain('模擬試験の結果');
  });

  it('a daily question answer becomes a card too, and comes back in /virt review', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(23), clock: new TestClock(new Date('2026-11-30T00:00:20Z')) });
    app.services.daily.attach(app.console, ['console']);
    await app.chat('/virt daily set time:09:01 zone:Asia/Tokyo');
    app.clock.set('2026-11-30T00:01:00Z');
    await app.services.daily.runDue(app.clock.now());
    const daily = app.db.prepare("SELECT id FROM quiz_instances WHERE source = 'daily'").get() as { id: number };
    const { line, key } = answerLine(app.db, daily.id, 'quiz', false);
    await app.chat(line);
    const card = app.db.prepare('SELECT question_id AS q, lapses, reps FROM cards').all() as { q: string; reps: number }[];
    expect(card).toEqual([{ q: key.question.id, lapses: 0, reps: 1 }]);
    app.clock.advance(2 * 60_000);
    const r = await app.chat('/virt review');
    expect(keyOf(app.db, shown(r, 'review').id).question.id).toBe(key.question.id);
  });
});
