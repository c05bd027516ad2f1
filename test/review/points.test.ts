/** Review and exam are private practice: answering the same card again and again scores no leaderboard points. */
import { afterEach, describe, expect, it } from 'vitest';
import { textOf, testApp, type TestApp } from '../helpers/app.js';
import { answerLine, shown } from './helpers.js';

let app: TestApp;
afterEach(() => app.cleanup());

function points(board: string): number {
  const m = /you\D+(\d+)\s*(?:点|pts?|points?)/.exec(board);
  return m ? Number(m[1]) : 0;
}

describe('leaderboard points come from quiz and daily answers only', () => {
  it('five right answers to one card in review cram leave the points where the quiz put them', async () => {
    app = testApp();
    const q = await app.chat('/virt quiz 330.1');
    const first = shown(q, 'quiz');
    await app.chat(answerLine(app.db, first.id, first.answerPrefix, true).line);
    const before = points(textOf(await app.chat('/virt leaderboard all')));
    expect(before).toBe(1);
    for (let i = 0; i < 5; i++) {
      const card = await app.chat('/virt review cram');
      const s = shown(card, 'review');
      const res = await app.chat(answerLine(app.db, s.id, s.answerPrefix, true).line);
      expect(textOf(res)).toMatch(/正解|Correct/);
    }
    expect(points(textOf(await app.chat('/virt leaderboard all')))).toBe(before);
    // ...but they still count as study: the card history and progress see them.
    expect(textOf(await app.chat('/virt progress'))).toMatch(/6/);
  });
});

describe('private questions belong to the user they were served to', () => {
  it('another user cannot answer someone’s review card or the next question of their run', async () => {
    app = testApp();
    const q = await app.chat('/virt quiz 330.2 3');
    const first = shown(q, 'quiz');
    const result = await app.chat(answerLine(app.db, first.id, first.answerPrefix, false).line);
    const next = result.flatMap((r) => r.message.blocks).find((b) => b.type === 'buttons');
    const nextId = next && next.type === 'buttons' ? next.buttons.find((b) => b.id.startsWith('quiz.n'))!.id : '';
    const second = shown(await app.chat(`click ${nextId}`), 'quiz');
    const card = shown(await app.chat('/virt review cram'), 'review');
    await app.chat(':user bob');
    for (const s of [second, card]) {
      const r = await app.chat(answerLine(app.db, s.id, s.answerPrefix, true).line);
      expect(textOf(r)).toMatch(/別の人に出題|served to someone else/);
    }
    expect(textOf(await app.chat('/virt mydata'))).toMatch(/保存されているデータはありません|Nothing is stored/);
    // The owner still can.
    await app.chat(':user you');
    expect(textOf(await app.chat(answerLine(app.db, card.id, card.answerPrefix, true).line))).toMatch(/正解|Correct/);
  });
});
