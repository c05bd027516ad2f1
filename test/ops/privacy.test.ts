/** /virt mydata and /virt forget-me (issue 8): export everything, delete everything, leave the leaderboards. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { FORGET_CONFIRM_MS } from '../../src/core/commands/privacy.js';
import { LETTERS } from '../../src/core/quiz/render.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { instanceIdOf, keyOf } from '../quiz/helpers.js';

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

/** Answers the question in `r` with whatever control it has. */
async function answerAny(r: Reply[]): Promise<Reply[]> {
  const blocks = r.flatMap((x) => x.message.blocks);
  const select = blocks.find((b) => b.type === 'select');
  if (select && select.type === 'select') return app.chat(`pick ${select.options.slice(0, select.min).map((o) => o.value).join(' ')}`);
  const input = blocks.find((b) => b.type === 'input');
  if (input) return app.chat('answer something');
  const buttons = blocks.find((b) => b.type === 'buttons');
  if (buttons && buttons.type === 'buttons') return app.chat(`click ${buttons.buttons[0]!.id}`);
  throw new Error('no answer control in ' + textOf(r));
}

function forgetButton(r: Reply[]): string {
  const b = r.flatMap((x) => x.message.blocks).find((x) => x.type === 'buttons');
  if (!b || b.type !== 'buttons') throw new Error('no buttons');
  return b.buttons.find((x) => x.id.startsWith('privacy.forget:'))!.id;
}

describe('privacy', () => {
  it('mydata exports the user’s answers as a JSON file; a new user has nothing stored', async () => {
    expect(textOf(await app.chat('/virt mydata'))).toMatch(/保存されているデータはありません|Nothing is stored/);
    await answerAny(await app.chat('/virt quiz 330.1'));
    const r = await app.chat('/virt mydata');
    expect(r[0]!.visibility).toBe('private');
    expect(r[0]!.file?.name).toBe('virtbot-mydata.json');
    const doc = JSON.parse(r[0]!.file!.content) as { data: Record<string, unknown[]> };
    expect(doc.data.users).toHaveLength(1);
    expect(doc.data.answers).toHaveLength(1);
    // Times are ISO 8601 UTC, not epoch milliseconds; the summary names what the rows are.
    const answer = doc.data.answers![0] as { answered_at: unknown };
    expect(answer.answered_at).toBe(app.clock.now().toISOString());
    expect((doc.data.cards![0] as { due: unknown }).due).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(textOf(r)).toMatch(/回答: 1/);
    expect(textOf(r)).toMatch(/復習カード: 1/);
    expect(textOf(r)).not.toMatch(/user_questions|board_scores/);
  });

  it('mydata shows each choice answer as the letter and text the user saw (chosen_choices), beside the stored indexes (chosen)', async () => {
    await app.chat('/virt config lang en');
    const picked: { line: string; instanceId: number; expected: string[] }[] = [];
    // One single-choice and one "choose N" answer, whatever order the quiz serves them in.
    for (let i = 0; i < 30 && picked.length < 2; i++) {
      const r = await app.chat('/virt quiz');
      const key = keyOf(app.db, instanceIdOf(r));
      const q = key.question;
      if (q.kind === 'typed' || picked.some((p) => p.line.startsWith(q.kind === 'single' ? 'click' : 'pick'))) {
        await answerAny(r);
        continue;
      }
      const letters = q.kind === 'single' ? ['B'] : [...key.wrong, ...key.right].slice(0, key.right.length).sort();
      const text = (l: string) => {
        const c = q.choices[key.instance.choiceOrder[LETTERS.indexOf(l as 'A')]!]!.text;
        return `${l}. ${typeof c === 'string' ? c : c.en}`;
      };
      const line = q.kind === 'single' ? `click quiz.a:${key.instance.id}:B` : `pick ${letters.join(' ')}`;
      await app.chat(line);
      picked.push({ line, instanceId: key.instance.id, expected: letters.map(text) });
    }
    expect(picked).toHaveLength(2);
    const doc = JSON.parse((await app.chat('/virt mydata'))[0]!.file!.content) as { data: Record<string, Record<string, unknown>[]> };
    const rows = doc.data.answers!;
    const choiceRows = rows.filter((a) => a.chosen !== null);
    expect(picked.map((p) => rows.find((a) => a.instance_id === p.instanceId)?.chosen_choices)).toEqual(picked.map((p) => p.expected));
    // The stored indexes stay as they were ("0,3": original choice order), for whoever reads them already.
    for (const a of choiceRows) expect(a.chosen).toMatch(/^\d(,\d)*$/);
    for (const a of rows.filter((x) => x.chosen === null)) expect(a.chosen_choices).toBeNull();
  });

  it('mydata includes the questions of the user\'s mock exams (exam_items, owned through exams), and forget-me removes them', async () => {
    await app.chat('/virt exam 3 5');
    const doc = JSON.parse((await app.chat('/virt mydata'))[0]!.file!.content) as { data: Record<string, unknown[]> };
    expect(doc.data['exam_items (via exams)']).toHaveLength(3);
    expect(textOf(await app.chat('/virt mydata'))).toMatch(/模擬試験の問題: 3/);
    const confirm = forgetButton(await app.chat('/virt forget-me'));
    await app.chat(`click ${confirm}`);
    expect((app.db.prepare('SELECT count(*) AS n FROM exam_items').get() as { n: number }).n).toBe(0);
  });

  it('forget-me deletes everything after the confirm button and removes the user from leaderboards', async () => {
    await app.chat(':user alice');
    await answerAny(await app.chat('/virt quiz 330.1'));
    await app.chat(':user bob');
    await answerAny(await app.chat('/virt quiz 330.1'));
    await app.chat(':user alice');
    const confirm = forgetButton(await app.chat('/virt forget-me'));
    const done = await app.chat(`click ${confirm}`);
    expect(done[0]!.replaces).toBe('original');
    expect(textOf(done)).toMatch(/削除しました|deleted/);
    expect(textOf(await app.chat('/virt mydata'))).toMatch(/保存されているデータはありません|Nothing is stored/);
    const board = textOf(await app.chat('/virt leaderboard all'));
    expect(board).not.toContain('alice');
    // bob keeps his data
    await app.chat(':user bob');
    const bob = JSON.parse((await app.chat('/virt mydata'))[0]!.file!.content) as { data: Record<string, unknown[]> };
    expect(bob.data.answers).toHaveLength(1);
  });

  it('only the user who asked can press the confirm button', async () => {
    await answerAny(await app.chat('/virt quiz 330.1'));
    const confirm = forgetButton(await app.chat('/virt forget-me'));
    await app.chat(':user mallory');
    await answerAny(await app.chat('/virt quiz 330.1'));
    expect(textOf(await app.chat(`click ${confirm}`))).toMatch(/別の人|someone else/);
    expect((await app.chat('/virt mydata'))[0]!.file).toBeDefined();
    await app.chat(':user you');
    expect((await app.chat('/virt mydata'))[0]!.file).toBeDefined();
  });

  it('a confirm button with a time ahead of the clock is refused, and a second press says nothing is left', async () => {
    await answerAny(await app.chat('/virt quiz 330.1'));
    const confirm = forgetButton(await app.chat('/virt forget-me'));
    const [, , owner] = confirm.split(':');
    const forged = `privacy.forget:${app.clock.now().getTime() + 10 * 365 * 86_400_000}:${owner}`;
    expect(textOf(await app.chat(`click ${forged}`))).toMatch(/期限切れ|expired/);
    expect((await app.chat('/virt mydata'))[0]!.file).toBeDefined();
    expect(textOf(await app.chat(`click ${confirm}`))).toMatch(/削除しました|has been deleted/);
    expect(textOf(await app.chat(`click ${confirm}`))).toMatch(/削除するデータはありません|no data of yours/);
  });

  it('an expired confirm button deletes nothing', async () => {
    await answerAny(await app.chat('/virt quiz 330.1'));
    const confirm = forgetButton(await app.chat('/virt forget-me'));
    app.clock.advance(FORGET_CONFIRM_MS + 1000);
    expect(textOf(await app.chat(`click ${confirm}`))).toMatch(/期限切れ|expired/);
    expect((await app.chat('/virt mydata'))[0]!.file).toBeDefined();
  });
});
