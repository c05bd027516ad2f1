/** `/virt review` order and counts (due earliest first; local days in VIRTBOT_TZ) and `/virt review cram` order (weakest first). */
import { afterEach, describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import { cramOrder } from '../../src/core/review/service.js';
import { reviewSchedule } from '../../src/core/review/fsrs.js';
import { CardRepo, type CardState } from '../../src/db/cards.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { keyOf } from '../quiz/helpers.js';
import { answerLine, shown } from './helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let app: TestApp;
afterEach(() => app.cleanup());

function setup(timeZone: string): { userRef: number; put: (c: Omit<CardState, 'userRef'>) => void; ids: string[] } {
  app = testApp({ defaultLang: 'en', timeZone });
  const userRef = app.services.settings.ensureUser({ platform: 'console', workspaceId: 'console', userId: 'you' }, app.clock.now().getTime());
  const repo = new CardRepo(app.db);
  const ids = app.services.content.questions.filter((q) => q.objective === '330.3').map((q) => q.id);
  return { userRef, ids, put: (c) => repo.update(userRef, c.questionId, c.objective, () => c) };
}

function card(questionId: string, due: number, stability: number, lastReview: number): Omit<CardState, 'userRef'> {
  return { questionId, objective: '330.3', due, stability, difficulty: 5, scheduledDays: 1, learningSteps: 0, reps: 2, lapses: 0, state: State.Review, lastReview };
}

describe('/virt review', () => {
  it('serves due cards one at a time, earliest due first, then says nothing is due', async () => {
    const { put, ids } = setup('Asia/Tokyo');
    const now = app.clock.now().getTime(); // 2026-11-30 09:00 in Tokyo
    put(card(ids[0]!, now - HOUR, 2, now - 3 * DAY)); // due second
    put(card(ids[1]!, now - 5 * HOUR, 2, now - 3 * DAY)); // due first
    put(card(ids[2]!, now + HOUR, 2, now - DAY)); // not due yet
    const served: string[] = [];
    let r = await app.chat('/virt review');
    for (let i = 0; i < 5; i++) {
      const text = textOf(r);
      if (text.includes('Nothing is due right now')) break;
      expect(r[0]!.visibility).toBe('private');
      const q = shown(r, 'review');
      expect(q.answerPrefix).toBe('review:d');
      served.push(keyOf(app.db, q.id).question.id);
      const result = await app.chat(answerLine(app.db, q.id, q.answerPrefix, true).line);
      expect(textOf(result)).toMatch(/Correct!/);
      expect(textOf(result)).toContain('This card comes back:');
      const next = result[0]!.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.id.startsWith('review.n:d:'));
      expect(next).toBeDefined();
      r = await app.chat(`click ${next!.id}`);
    }
    expect(served).toEqual([ids[1], ids[0]]);
    expect(textOf(r)).toContain('Next card due: in about 1 h');
    expect(textOf(r)).toContain('Due now: 0 · today: 1 · tomorrow: 0');
  });

  it('counts due now / today / tomorrow by local dates of VIRTBOT_TZ', async () => {
    const { put, ids } = setup('Asia/Tokyo');
    // now: 2026-11-30T00:00Z = 09:00 in Tokyo; the Tokyo day ends at 15:00Z, the next one at 2026-12-01T15:00Z.
    put(card(ids[0]!, Date.parse('2026-11-29T23:00:00Z'), 2, 0)); // overdue
    put(card(ids[1]!, Date.parse('2026-11-30T14:59:00Z'), 2, 0)); // later today in Tokyo
    put(card(ids[2]!, Date.parse('2026-11-30T15:01:00Z'), 2, 0)); // tomorrow in Tokyo
    put(card(ids[3]!, Date.parse('2026-12-01T16:00:00Z'), 2, 0)); // the day after tomorrow in Tokyo
    const text = textOf(await app.chat('/virt review'));
    expect(text).toContain('Due now: 1 · today: 2 · tomorrow: 1');
  });

  it('the same cards counted in UTC fall on other days', async () => {
    const { put, ids } = setup('UTC');
    put(card(ids[0]!, Date.parse('2026-11-29T23:00:00Z'), 2, 0));
    put(card(ids[1]!, Date.parse('2026-11-30T14:59:00Z'), 2, 0));
    put(card(ids[2]!, Date.parse('2026-11-30T15:01:00Z'), 2, 0));
    put(card(ids[3]!, Date.parse('2026-12-01T16:00:00Z'), 2, 0));
    expect(textOf(await app.chat('/virt review'))).toContain('Due now: 1 · today: 3 · tomorrow: 1');
  });

  it('with no cards: explains where cards come from', async () => {
    setup('Asia/Tokyo');
    expect(textOf(await app.chat('/virt review'))).toContain('No cards yet');
    expect(textOf(await app.chat('/virt review cram'))).toContain('No cards yet');
  });
});

describe('/virt review cram', () => {
  it('orders by predicted recall now, then stability, ignoring due dates', () => {
    const now = Date.parse('2026-12-10T00:00:00Z');
    const weak = card('weak', now + 30 * DAY, 1, now - 10 * DAY); // recall well under 90 %
    const s2 = card('s2', now + 30 * DAY, 2, now - 2 * DAY); // 90 %, stability 2
    const s4 = card('s4', now - DAY, 4, now - 4 * DAY); // 90 %, stability 4 (and overdue: due dates do not matter)
    const strong = card('strong', now - 5 * DAY, 100, now - DAY); // ~100 %
    const order = cramOrder([strong, s4, weak, s2].map((c) => ({ ...c, userRef: 1 })), now).map((c) => c.questionId);
    expect(order).toEqual(['weak', 's2', 's4', 'strong']);
  });

  it('cycles through the weak cards answered today (whole-day recall tied them all at 1, and the weakest came back every other time)', () => {
    const now = Date.parse('2026-12-10T12:00:00Z');
    // This morning, ten minutes apart: q0-q3 answered wrong, q4-q5 right.
    let cards: CardState[] = [0, 1, 2, 3, 4, 5].map((i) => ({ ...reviewSchedule(undefined, i >= 4, now - (60 - i * 10) * 60_000), userRef: 1, questionId: `q${i}`, objective: '330.1' }));
    const served: string[] = [];
    let t = now;
    for (let k = 0; k < 4; k++) {
      // As nextCard does: the card just answered is skipped when another qualifies.
      const next = cramOrder(cards, t).find((c) => c.questionId !== served.at(-1))!;
      served.push(next.questionId);
      t += 60_000;
      cards = cards.map((c) => (c.questionId === next.questionId ? { ...c, ...reviewSchedule(c, k % 3 !== 0, t) } : c));
    }
    expect([...served].sort()).toEqual(['q0', 'q1', 'q2', 'q3']);
  });

  it('serves the weakest card first, and a card just answered moves to the back', async () => {
    const { put, ids } = setup('Asia/Tokyo');
    const now = app.clock.now().getTime();
    put(card(ids[0]!, now + 30 * DAY, 50, now - DAY)); // strong, not due
    put(card(ids[1]!, now + 30 * DAY, 1, now - 10 * DAY)); // weakest, not due
    put(card(ids[2]!, now + 30 * DAY, 3, now - 3 * DAY)); // middle, not due
    expect(textOf(await app.chat('/virt review'))).toContain('Nothing is due right now');
    let r = await app.chat('/virt review cram');
    const first = shown(r, 'review');
    expect(first.answerPrefix).toBe('review:c');
    expect(textOf(r)).toMatch(/Cram \(weakest cards first\) · Due now: 0 · today: 0 · tomorrow: 0 · predicted recall of this card \d+%/);
    expect(keyOf(app.db, first.id).question.id).toBe(ids[1]);
    const result = await app.chat(answerLine(app.db, first.id, first.answerPrefix, true).line);
    r = await app.chat(`click review.n:c:${first.id}`);
    expect(textOf(result)).toContain('Next card');
    expect(keyOf(app.db, shown(r, 'review').id).question.id).toBe(ids[2]);
  });
});
