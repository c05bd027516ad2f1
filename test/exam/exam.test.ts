/** The mock exam end to end through the console: timing at the boundary, no feedback, results, resume after a restart, one at a time. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { RESULT_PAGE_BLOCKS, RESULT_PAGE_CHARS } from '../../src/core/exam/render.js';
import { TestClock, tempDir, testApp, textOf, type TestApp } from '../helpers/app.js';
import { keyOf, seeded } from '../quiz/helpers.js';
import { answerLine, shown } from '../review/helpers.js';

let app: TestApp;
const extra: { cleanup(): void }[] = [];
afterEach(() => {
  app?.cleanup();
  for (const x of extra.splice(0)) x.cleanup();
});

const count = (sql: string, ...p: unknown[]) => (app.db.prepare(sql).get(...p) as { n: number }).n;
const answered = (instanceId: number) => count('SELECT count(*) AS n FROM answers WHERE instance_id = ?', instanceId);
const title = (r: Reply[]) => r[0]!.message.title ?? '';

/** Answers the exam question shown in `r` right or wrong; returns the instance id and the replies. */
async function answer(r: Reply[], right: boolean): Promise<{ id: number; r: Reply[] }> {
  const q = shown(r, 'exam');
  return { id: q.id, r: await app.chat(answerLine(app.db, q.id, 'exam', right).line) };
}

describe('/virt exam timing', () => {
  it('an answer 1 s before the end counts; 1 s after does not, and the results come up', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(5) });
    const start = await app.chat('/virt exam 3 1');
    expect(start[0]!.visibility).toBe('private');
    expect(textOf(start)).toContain('Mock exam started: 3 questions in 1 minute.');
    expect(textOf(start)).toContain('⏱ 1:00 left');
    app.clock.advance(59_000);
    const first = await answer(start, true);
    expect(answered(first.id)).toBe(1);
    expect(title(first.r)).toMatch(/ 2\/3$/);
    expect(textOf(first.r)).toContain('⏱ 0:01 left · answered 1/3');
    app.clock.advance(2_000); // 1 s after the end
    const second = await answer(first.r, true);
    expect(answered(second.id)).toBe(0);
    expect(textOf(second.r)).toContain('Time is up. Answers after the end are not counted.');
    expect(textOf(second.r)).toContain('Mock exam result');
    expect(textOf(second.r)).toContain('1/3 (33%)');
    expect(count("SELECT count(*) AS n FROM exams WHERE status = 'finished'")).toBe(1);
  });

  it('an answer at exactly the end does not count', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(6) });
    const start = await app.chat('/virt exam 2 1');
    app.clock.advance(60_000);
    const a = await answer(start, true);
    expect(answered(a.id)).toBe(0);
    expect(textOf(a.r)).toContain('0/2 (0%)');
  });

  it('the quiz itself refuses a late answer to an exam question (the instance closes at the end)', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(6) });
    const q = shown(await app.chat('/virt exam 2 1'), 'exam');
    app.clock.advance(61_000);
    const { line } = answerLine(app.db, q.id, 'quiz', true); // straight to the quiz's own action
    expect(textOf(await app.chat(line))).toContain('This question is closed');
    expect(answered(q.id)).toBe(0);
  });
});

describe('/virt exam flow', () => {
  it('gives no feedback until the end, then score, per-objective scores and the missed questions with explanations', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(8) });
    let r = await app.chat('/virt exam 4 10');
    const keys = [];
    for (let i = 0; i < 4; i++) {
      const right = i % 2 === 0;
      const q = shown(r, 'exam');
      keys.push({ key: keyOf(app.db, q.id), right, seq: i + 1 });
      r = await app.chat(answerLine(app.db, q.id, 'exam', right).line);
      if (i < 3) {
        expect(textOf(r)).not.toMatch(/Correct!|Wrong|Explanation/);
        expect(title(r)).toMatch(new RegExp(` ${i + 2}/4$`));
      }
    }
    const text = textOf(r);
    expect(text).toContain('Mock exam result');
    expect(text).toContain('2/4 (50%)');
    expect(text).toContain('Answered: 4/4');
    for (const { key, right, seq } of keys) {
      const o = key.question.objective;
      expect(text).toMatch(new RegExp(`${o.replace('.', '\\.')} +weight \\d`));
      if (right) expect(text).not.toContain(`❌ ${seq}. [${o}]`);
      else {
        expect(text).toContain(`❌ ${seq}. [${o}]`);
        expect(text).toContain(key.question.explanation.en.slice(0, 60));
      }
    }
    // Every exam answer reviewed the user's card for that question.
    expect(count('SELECT count(*) AS n FROM cards')).toBe(4);
    // What the result promises holds: the wrong ones are review cards, due within minutes.
    expect(text).toContain('The ones you got wrong are review cards now, due in /virt review within minutes');
    app.clock.advance(10 * 60_000);
    expect(textOf(await app.chat('/virt review'))).not.toMatch(/No cards yet|Nothing is due/);
    // Over: a later click shows the results again and records nothing.
    const first = keys[0]!.key.instance.id;
    const late = await app.chat(answerLine(app.db, first, 'exam', !keys[0]!.right).line);
    expect(textOf(late)).toContain('This exam is already over.');
    expect(textOf(late)).toContain('2/4 (50%)');
    expect(count('SELECT count(*) AS n FROM answers')).toBe(4);
  });

  it('skip moves on and comes back; a double answer keeps the first', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(9) });
    const r1 = await app.chat('/virt exam 3 10');
    const q1 = shown(r1, 'exam');
    const r2 = await app.chat(`click exam.s:${q1.id}`);
    expect(title(r2)).toMatch(/ 2\/3$/);
    const a2 = await answer(r2, true);
    expect(title(a2.r)).toMatch(/ 3\/3$/);
    const again = await app.chat(answerLine(app.db, a2.id, 'exam', false).line);
    expect(textOf(again)).toContain('already answered');
    expect(count('SELECT correct AS n FROM answers WHERE instance_id = ?', a2.id)).toBe(1);
    const a3 = await answer(again, true);
    expect(title(a3.r)).toMatch(/ 1\/3$/); // wraps back to the skipped one
    // The last unanswered question offers no "Skip" (it would only come back); "Finish and score" stays.
    const labels = a3.r.flatMap((r) => r.message.blocks).flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => x.label) : []));
    expect(labels).not.toContain('Skip for now ▶');
    expect(labels).toContain('Finish and score');
    expect(textOf(r1)).toContain('Skip for now ▶');
    const done = await answer(a3.r, false);
    expect(textOf(done.r)).toContain('2/3 (67%)');
  });

  it('one exam at a time: /virt exam again resumes it; stop abandons it; then a new one starts', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(10) });
    const first = shown(await app.chat('/virt exam 5 30'), 'exam');
    const again = await app.chat('/virt exam 10 5');
    expect(textOf(again)).toContain('Resuming your exam in progress');
    expect(shown(again, 'exam').id).toBe(first.id);
    expect(count('SELECT count(*) AS n FROM exams')).toBe(1);
    expect(textOf(await app.chat('/virt exam stop'))).toContain('Exam abandoned (0/5 answered)');
    expect(textOf(await app.chat('/virt exam stop'))).toContain('no exam in progress');
    expect(textOf(await app.chat(answerLine(app.db, first.id, 'exam', true).line))).toContain('This exam was abandoned');
    const fresh = await app.chat('/virt exam 2 5');
    expect(textOf(fresh)).toContain('Mock exam started: 2 questions');
  });

  it('someone else cannot answer your exam', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(12) });
    const q = shown(await app.chat('/virt exam 2 5'), 'exam');
    await app.chat(':user bob');
    expect(textOf(await app.chat(answerLine(app.db, q.id, 'exam', true).line))).toContain('That exam does not exist');
    expect(answered(q.id)).toBe(0);
  });

  it('"Finish and score" on a 60-question exam: unanswered count as missed, results split over messages that fit', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(13) });
    const start = await app.chat('/virt exam');
    expect(textOf(start)).toContain('60 questions in 90 minutes');
    expect(textOf(start)).toContain('⏱ 1:30:00 left');
    const finish = start[0]!.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.id.startsWith('exam.f:'))!;
    const r = await app.chat(`click ${finish.id}`);
    expect(r.length).toBeGreaterThan(1);
    const all = textOf(r);
    expect(all).toContain('0/60 (0%)');
    for (let seq = 1; seq <= 60; seq++) expect(all).toContain(`❌ ${seq}. [`);
    for (const x of r) {
      expect(x.visibility).toBe('private');
      expect(x.message.blocks.length).toBeLessThanOrEqual(RESULT_PAGE_BLOCKS);
      const chars = x.message.blocks.reduce((n, b) => n + (b.type === 'text' || b.type === 'code' ? b.text.length : b.type === 'fields' ? b.fields.reduce((m, f) => m + f.label.length + f.value.length, 0) : 0), 0);
      expect(chars).toBeLessThanOrEqual(RESULT_PAGE_CHARS);
    }
  });
});

describe('/virt exam after a restart', () => {
  it('a new app on the same file resumes at the current question, keeps the clock rules and scores answers from before', async () => {
    const tmp = tempDir();
    extra.push(tmp);
    const dbFile = join(tmp.dir, 'exam.db');
    const clock = new TestClock();
    app = testApp({ defaultLang: 'en', dbFile, clock, rng: seeded(14) });
    let r = await app.chat('/virt exam 4 10');
    r = (await answer(r, true)).r;
    r = (await answer(r, false)).r;
    const third = shown(r, 'exam').id;
    expect(title(r)).toMatch(/ 3\/4$/);
    app.close();

    clock.advance(5 * 60_000);
    app = testApp({ defaultLang: 'en', dbFile, clock, rng: seeded(99) });
    r = await app.chat('/virt exam');
    expect(textOf(r)).toContain('Resuming your exam in progress');
    expect(shown(r, 'exam').id).toBe(third);
    expect(title(r)).toMatch(/ 3\/4$/);
    expect(textOf(r)).toContain('⏱ 5:00 left · answered 2/4');
    r = (await answer(r, true)).r;
    r = (await answer(r, true)).r;
    expect(textOf(r)).toContain('3/4 (75%)');
  });

  it('an exam whose time ran out while the bot was down is scored on the next /virt exam', async () => {
    const tmp = tempDir();
    extra.push(tmp);
    const dbFile = join(tmp.dir, 'exam.db');
    const clock = new TestClock();
    app = testApp({ defaultLang: 'en', dbFile, clock, rng: seeded(15) });
    await answer(await app.chat('/virt exam 3 5'), true);
    app.close();
    clock.advance(6 * 60_000);
    app = testApp({ defaultLang: 'en', dbFile, clock });
    const r = await app.chat('/virt exam');
    expect(textOf(r)).toContain('Your exam ran out of time');
    expect(textOf(r)).toContain('1/3 (33%)');
    expect(textOf(await app.chat('/virt exam 2 5'))).toContain('Mock exam started: 2 questions');
  });
});

describe('your data', () => {
  it('/virt mydata includes cards and exams; /virt forget-me deletes them with the exam questions', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(16) });
    let r = await app.chat('/virt exam 2 5');
    r = (await answer(r, true)).r;
    await app.chat('/virt exam stop');
    const data = await app.chat('/virt mydata');
    const file = JSON.parse(data[0]!.file!.content) as { data: Record<string, unknown[]> };
    expect(file.data.cards).toHaveLength(1);
    expect(file.data.exams).toHaveLength(1);
    const ask = await app.chat('/virt forget-me');
    const confirm = ask[0]!.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.id.startsWith('privacy.forget:'))!;
    await app.chat(`click ${confirm.id}`);
    for (const table of ['cards', 'exams', 'exam_items', 'answers']) expect(count(`SELECT count(*) AS n FROM ${table}`)).toBe(0);
  });
});
