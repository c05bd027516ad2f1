/** FSRS scheduling through ts-fsrs with the injected clock: cards from real answers on a temp SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, Rating, State } from 'ts-fsrs';
import { CardRepo } from '../../src/db/cards.js';
import { reviewSchedule, retrievability } from '../../src/core/review/fsrs.js';
import { createLogger } from '../../src/logger.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { seeded } from '../quiz/helpers.js';
import { answerLine, shown } from './helpers.js';

let app: TestApp;
beforeEach(() => {
  app = testApp({ defaultLang: 'en', rng: seeded(7) });
});
afterEach(() => app.cleanup());

const DAY = 86_400_000;

/** Asks one quiz question in `objective` and answers it right or wrong; returns the question id. */
async function answerQuiz(objective: string, right: boolean): Promise<string> {
  const q = shown(await app.chat(`/virt quiz ${objective}`), 'quiz');
  const { line, key } = answerLine(app.db, q.id, 'quiz', right);
  await app.chat(line);
  return key.question.id;
}

describe('cards through ts-fsrs', () => {
  it('a first answer creates the card exactly as ts-fsrs schedules it: wrong → Again, right → Good', async () => {
    const now = app.clock.now();
    const wrong = await answerQuiz('330.2', false);
    const right = await answerQuiz('330.3', true);
    const cards = new CardRepo(app.db);
    const userRef = app.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' })!;
    const w = cards.get(userRef, wrong)!;
    const r = cards.get(userRef, right)!;
    const lib = fsrs({ enable_fuzz: false });
    const again = lib.next(createEmptyCard(now), now, Rating.Again).card;
    const good = lib.next(createEmptyCard(now), now, Rating.Good).card;
    expect(w.due).toBe(again.due.getTime());
    expect(w.stability).toBeCloseTo(again.stability, 10);
    expect(r.due).toBe(good.due.getTime());
    expect(r.stability).toBeCloseTo(good.stability, 10);
    // The property the issue asks for: answered wrong comes back sooner than answered right.
    expect(w.due).toBeLessThan(r.due);
    expect(w.state).toBe(State.Learning);
    expect(w.reps).toBe(1);
    expect(w.objective).toBe('330.2');
  });

  it('only the first answer to an instance reviews the card', async () => {
    const q = shown(await app.chat('/virt quiz 330.2'), 'quiz');
    const { line, key } = answerLine(app.db, q.id, 'quiz', true);
    await app.chat(line);
    await app.chat(answerLine(app.db, q.id, 'quiz', false).line); // "already answered": ignored
    const userRef = app.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'you' })!;
    const cards = new CardRepo(app.db);
    expect(cards.get(userRef, key.question.id)!.reps).toBe(1);
    expect(cards.get(userRef, key.question.id)!.lapses).toBe(0);
  });

  it('over days: right answers push the card out further each time, a wrong one pulls it back', () => {
    let t = Date.parse('2026-11-30T00:00:00Z');
    let s = reviewSchedule(undefined, true, t);
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      t = s.due; // review exactly when due
      const next = reviewSchedule(s, true, t);
      intervals.push(next.due - t);
      s = next;
    }
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]!).toBeGreaterThan(intervals[i - 1]!);
    expect(intervals.at(-1)!).toBeGreaterThan(5 * DAY);
    const lapse = reviewSchedule(s, false, s.due);
    expect(lapse.due - s.due).toBeLessThan(DAY);
    expect(lapse.lapses).toBe(1);
    expect(lapse.stability).toBeLessThan(s.stability);
  });

  it('retrievability is the library\'s: 0.9 after exactly `stability` days, 1 right after a review, 0 for a new card', () => {
    const t0 = Date.parse('2026-11-30T00:00:00Z');
    const s = { ...reviewSchedule(undefined, true, t0), stability: 4, state: State.Review, lastReview: t0 };
    expect(retrievability(s, t0 + 4 * DAY)).toBeCloseTo(0.9, 8);
    expect(retrievability(s, t0)).toBe(1);
    expect(retrievability({ ...s, state: State.New, lastReview: null }, t0)).toBe(0);
  });

  it('a clock moved back never schedules before the last review', () => {
    const t0 = Date.parse('2026-11-30T00:00:00Z');
    const s = reviewSchedule(undefined, true, t0);
    const back = reviewSchedule(s, true, t0 - DAY);
    expect(back.lastReview).toBe(t0);
    expect(back.due).toBeGreaterThanOrEqual(t0);
  });
});

describe('card updates and answers', () => {
  it('a card that cannot be written is logged and undone; the answer still counts', async () => {
    app.cleanup();
    const logs: Record<string, unknown>[] = [];
    app = testApp({ defaultLang: 'en', rng: seeded(8), log: createLogger('debug', { write: (s: string) => void logs.push(JSON.parse(s)) }) });
    // A trigger that refuses card writes stands in for any failure inside the card update.
    app.db.exec("CREATE TRIGGER no_cards BEFORE INSERT ON cards BEGIN SELECT RAISE(ABORT, 'cards are broken'); END");
    const q = shown(await app.chat('/virt quiz 330.2'), 'quiz');
    const r = await app.chat(answerLine(app.db, q.id, 'quiz', true).line);
    expect(r[0]!.message.title).toMatch(/Correct!/);
    const n = (sql: string) => (app.db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM answers')).toBe(1);
    expect(n('SELECT count(*) AS n FROM cards')).toBe(0);
    expect(logs.some((l) => l.msg === 'card update failed; the answer stands')).toBe(true);
  });

  it('the card is written in the answer\'s transaction: both or neither', async () => {
    // RAISE(ROLLBACK) rolls back the whole enclosing transaction. Had the card been written after the
    // answer's commit, the answer would remain; written inside it, both go.
    app.db.exec("CREATE TRIGGER late_fail AFTER INSERT ON cards BEGIN SELECT RAISE(ROLLBACK, 'answer aborted'); END");
    const q = shown(await app.chat('/virt quiz 330.2'), 'quiz');
    await app.chat(answerLine(app.db, q.id, 'quiz', true).line);
    const n = (sql: string) => (app.db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM cards')).toBe(0);
    expect(n('SELECT count(*) AS n FROM answers')).toBe(0);
  });
});
