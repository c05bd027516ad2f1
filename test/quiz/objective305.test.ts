/** `/virt quiz 351.2`: an exam 305 objective asks the questions whose entries carry it; the pointer to 304 stays for one with none. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load.js';
import { OBJECTIVE_305_IDS, type Question } from '../../src/content/schema.js';
import type { Reply } from '../../src/core/model.js';
import { content, testApp, textOf, type TestApp } from '../helpers/app.js';
import { buttonIds, instanceIdOf, keyOf, seeded } from './helpers.js';

let app: TestApp;
afterEach(() => app?.cleanup());

/** Whether one of the question's entries carries the 305 objective `id`. */
const carries = (c: Content, q: Question, id: string) => q.entries.some((e) => (c.entryById.get(e)?.objectives305 as readonly string[] | undefined)?.includes(id));
const title = (r: Reply[]) => r[0]!.message.title ?? '';

/** The content with no question carrying `id`, and (with `dropTag`) no entry carrying it either. */
function without(id: string, dropTag = false): Content {
  const c = content();
  const entries = dropTag ? c.entries.map((e) => ({ ...e, objectives305: e.objectives305.filter((x) => x !== id) })) : c.entries;
  const questions = c.questions.filter((q) => !carries(c, q, id));
  return { entries, questions, entryById: new Map(entries.map((e) => [e.id, e])), questionById: new Map(questions.map((q) => [q.id, q])) };
}

describe('/virt quiz with an exam 305 objective', () => {
  it('asks a question whose entries carry it and says so in the title', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(41) });
    const r = await app.chat('/virt quiz 351.2');
    const { question } = keyOf(app.db, instanceIdOf(r));
    expect(carries(content(), question, '351.2')).toBe(true);
    expect(title(r)).toMatch(new RegExp(`^Question ${question.objective.replace('.', '\\.')} \\(exam 305: 351\\.2, `));
    await app.chat('/virt config lang ja');
    expect(title(await app.chat('/virt quiz 351.2'))).toMatch(/^問題 330\.\d（試験 305: 351\.2・/);
  });

  it('a run stays in the 305 objective through "Next question"', async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(42) });
    let r = await app.chat('/virt quiz 351.4 3');
    for (let seq = 1; seq <= 3; seq++) {
      const id = instanceIdOf(r);
      const key = keyOf(app.db, id);
      expect(carries(content(), key.question, '351.4')).toBe(true);
      expect(title(r)).toContain(`(exam 305: 351.4, `);
      expect(title(r)).toMatch(new RegExp(` ${seq}/3$`));
      const answered = await app.chat(key.question.kind === 'typed' ? `answer --id quiz.t:${id} x` : key.question.kind === 'single' ? `click quiz.a:${id}:A` : `pick --id quiz.m:${id} ${['A', 'B', 'C', 'D'].slice(0, key.right.length).join(' ')}`);
      const next = buttonIds(answered).find((b) => b.startsWith('quiz.n:'));
      if (seq < 3) r = await app.chat(`click ${next}`);
    }
  });

  it('serves every question of the objective once before repeating one', async () => {
    const c = content();
    // The 305 objective with the fewest questions (at least two), whatever the bank holds now.
    const pools = OBJECTIVE_305_IDS.map((id) => ({ id, pool: c.questions.filter((q) => carries(c, q, id)) })).filter((p) => p.pool.length >= 2);
    const { id, pool } = pools.sort((a, b) => a.pool.length - b.pool.length)[0]!;
    app = testApp({ defaultLang: 'en', rng: seeded(43) });
    const served = [];
    for (let i = 0; i < pool.length; i++) served.push(keyOf(app.db, instanceIdOf(await app.chat(`/virt quiz ${id}`))).question.id);
    expect(served.sort()).toEqual(pool.map((q) => q.id).sort());
  });

  it('with no question carrying it, points to the 304 objectives holding its topics', async () => {
    app = testApp({ defaultLang: 'en', content: without('351.2') });
    const text = textOf(await app.chat('/virt quiz 351.2'));
    expect(text).toContain('There are no questions for 351.2 yet.');
    expect(text).toContain('351.2 is an exam 305 objective');
    expect(text).toContain('the topics of 351.2 are in 330.2 (most entries first)');
  });

  it('with no entry carrying it either, says there are no questions for it', async () => {
    app = testApp({ defaultLang: 'en', content: without('352.4', true) });
    const text = textOf(await app.chat('/virt quiz 352.4'));
    expect(text).toContain('There are no questions for 352.4 yet.');
    expect(text).not.toContain('topics of');
  });
});
