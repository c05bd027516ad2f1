/** The quiz end to end through the console adapter, on a real SQLite temp file with a TestClock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuizInstanceRepo } from '../../src/db/quizInstances.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { blocksOf, buttonIds, instanceIdOf, keyOf, seeded } from './helpers.js';

let app: TestApp;
beforeEach(() => {
  app = testApp({ defaultLang: 'en', rng: seeded(1) });
});
afterEach(() => app.cleanup());

const count = (sql: string, ...p: unknown[]) => (app.db.prepare(sql).get(...p) as { n: number }).n;

/** Starts quizzes until one of `kind` comes up (the bank has all three kinds in every big objective). */
async function quizOf(kind: 'single' | 'multiple' | 'typed', objective = '330.2', ok: (k: ReturnType<typeof keyOf>) => boolean = () => true) {
  for (let i = 0; i < 200; i++) {
    const r = await app.chat(`/virt quiz ${objective}`);
    const id = instanceIdOf(r);
    const key = keyOf(app.db, id);
    if (key.question.kind === kind && ok(key)) return { r, id, key };
  }
  throw new Error(`no ${kind} question in ${objective}`);
}

describe('/virt quiz in the console', () => {
  it('posts a question with one button per choice, publicly, in the objective asked for', async () => {
    const { r, key } = await quizOf('single');
    expect(r).toHaveLength(1);
    expect(r[0]!.visibility).toBe('public');
    expect(key.question.objective).toBe('330.2');
    const ids = buttonIds(r);
    expect(ids).toHaveLength(key.question.kind === 'single' ? key.question.choices.length : 0);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
    expect(ids.every((id) => /^quiz\.a:\d+:[A-E]$/.test(id))).toBe(true);
  });

  it('click → private result with the explanation and a next button; a second click → "already answered: you chose B"', async () => {
    const { key } = await quizOf('single');
    const wrong = key.wrong[0]!;
    const first = await app.chat(`click quiz.a:${key.instance.id}:${wrong}`);
    expect(first[0]!.visibility).toBe('private');
    expect(first[0]!.message.title).toMatch(/Wrong/);
    const text = textOf(first);
    expect(text).toContain(key.question.explanation.en);
    expect(text).toContain(`Why ${wrong} is wrong`);
    expect(text).toContain(`${key.right[0]}. `);
    expect(buttonIds(first)).toContain(`quiz.n:${key.instance.id}`);

    const again = await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
    expect(again[0]!.visibility).toBe('private');
    expect(textOf(again)).toContain(`Already answered: you chose ${wrong}`);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(1);
    expect(count('SELECT correct AS n FROM answers')).toBe(0);
    expect(count("SELECT points AS n FROM board_scores WHERE objective = '*' AND board = 'console:console'")).toBe(0);
  });

  it('a double click of the same choice counts once', async () => {
    const { key } = await quizOf('single');
    const id = `quiz.a:${key.instance.id}:${key.right[0]}`;
    const [a, b] = await Promise.all([app.chat(`click ${id}`), app.chat(`click ${id}`)]);
    expect(textOf([...a, ...b])).toMatch(/Correct!/);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(1);
    expect(count("SELECT points AS n FROM board_scores WHERE objective = '*' AND board = 'console:console'")).toBe(1);
    expect(count('SELECT sum(answered) AS n FROM user_questions')).toBe(1);
    expect(count('SELECT count(*) AS n FROM user_days')).toBe(1);
  });

  it('everyone in the channel can answer the same question, each once', async () => {
    const { key } = await quizOf('single');
    expect(textOf(await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`))).toMatch(/Correct!/);
    await app.chat(':user bob');
    expect(textOf(await app.chat(`click quiz.a:${key.instance.id}:${key.wrong[0]}`))).toMatch(/Wrong/);
    expect(count('SELECT count(*) AS n FROM answers WHERE instance_id = ?', key.instance.id)).toBe(2);
  });

  it('choose two: one right pick is wrong; the select asks for exactly N', async () => {
    const { r, key } = await quizOf('multiple');
    const select = blocksOf(r, 'select')[0]!;
    expect(select).toMatchObject({ type: 'select', min: key.right.length, max: key.right.length });
    // N picks with one of them wrong (a "choose three" question may come up too).
    const half = await app.chat(`pick ${[...key.right.slice(0, -1), key.wrong[0]].join(' ')}`);
    expect(half[0]!.message.title).toMatch(/Wrong/);
    expect(textOf(half)).toContain(`Why ${key.wrong[0]} is wrong`);
    expect(textOf(half)).toContain('Correct ones you did not pick');
    await app.chat(':user carol');
    const nums = key.right.map((l) => ['A', 'B', 'C', 'D', 'E'].indexOf(l) + 1).join(' ');
    expect((await app.chat(`pick ${nums}`))[0]!.message.title).toMatch(/Correct!/);
  });

  it('choose two: too few, too many or repeated picks are refused and nothing is recorded', async () => {
    const { key } = await quizOf('multiple');
    for (const line of [`pick ${key.right[0]}`, `pick A B C D`, `pick ${key.right[0]} ${key.right[0]}`, 'pick Z Y']) {
      const r = await app.chat(line);
      expect(textOf(r), line).toMatch(/Pick exactly/);
    }
    // A letter that is no choice is named.
    expect(textOf(await app.chat(`pick ${key.right[0]} Z`))).toMatch(/^"Z" is not a choice\. Pick exactly/);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(0);
  });

  it('a letter that is no choice of a single-choice question asks for one letter (not "exactly 1 different")', async () => {
    const { key } = await quizOf('single');
    const text = textOf(await app.chat(`click quiz.a:${key.instance.id}:Z`));
    expect(text).toMatch(/^"Z" is not a choice\. Pick one of A, B, C, D(, E)? \(nothing was recorded\)\./);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(0);
  });

  it('typed: the accepted answer is right; a near miss is told it is close', async () => {
    // A near miss must stay under half the answer's length, so take an answer of 3+ characters.
    const { r, key } = await quizOf('typed', '330.2', (k) => k.question.kind === 'typed' && k.question.answers[0]!.length >= 3);
    expect(blocksOf(r, 'input')).toHaveLength(1);
    if (key.question.kind !== 'typed') throw new Error('typed expected');
    const answer = key.question.answers[0]!;
    expect((await app.chat(`answer ${answer}`))[0]!.message.title).toMatch(/Correct!/);
    await app.chat(':user dave');
    const nearly = answer + 'q';
    expect(key.question.answers).not.toContain(nearly);
    expect((await app.chat(`answer ${nearly}`))[0]!.message.title).toMatch(/Close, but still wrong/);
    await app.chat(':user erin');
    expect((await app.chat('answer something else entirely'))[0]!.message.title).toMatch(/^❌ Wrong$/);
    const again = await app.chat(`answer ${answer}`);
    expect(textOf(again)).toContain('Already answered: you answered');
  });

  it('a run of 3: next goes through the run, a double "next" shows the same question, the last result sums up', async () => {
    const start = await app.chat('/virt quiz 330.1 3');
    expect(start[0]!.message.title).toMatch(/1\/3/);
    let id = instanceIdOf(start);
    const seen = new Set<string>([keyOf(app.db, id).question.id]);
    for (let seq = 1; seq <= 3; seq++) {
      const key = keyOf(app.db, id);
      const res =
        key.question.kind === 'typed'
          ? await app.chat(`answer --id quiz.t:${id} ${key.question.answers[0]}`)
          : key.question.kind === 'multiple'
            ? await app.chat(`pick --id quiz.m:${id} ${key.right.join(' ')}`)
            : await app.chat(`click quiz.a:${id}:${key.right[0]}`);
      expect(res[0]!.message.title, `seq ${seq}`).toMatch(/Correct!/);
      if (seq === 3) {
        expect(textOf(res)).toMatch(/Run finished: 3 of 3 correct/);
        break;
      }
      expect(textOf(res)).toContain(`Question ${seq}/3`);
      const next = await app.chat(`click quiz.n:${id}`);
      const twice = await app.chat(`click quiz.n:${id}`);
      expect(next[0]!.visibility).toBe('private');
      expect(next[0]!.message.title).toMatch(new RegExp(`${seq + 1}/3`));
      expect(instanceIdOf(twice)).toBe(instanceIdOf(next));
      id = instanceIdOf(next);
      seen.add(keyOf(app.db, id).question.id);
    }
    expect(seen.size).toBe(3);
  });

  /** Answers instance `id` correctly through the console (any kind of question). */
  async function answerRight(id: number) {
    const key = keyOf(app.db, id);
    return key.question.kind === 'typed'
      ? app.chat(`answer --id quiz.t:${id} ${key.question.answers[0]}`)
      : key.question.kind === 'multiple'
        ? app.chat(`pick --id quiz.m:${id} ${key.right.join(' ')}`)
        : app.chat(`click quiz.a:${id}:${key.right[0]}`);
  }

  it('a run asks no more questions than the pool holds: count 50 on 330.6 is cut to its size, said so, and no question repeats or scores twice', async () => {
    const n = app.services.content.questions.filter((q) => q.objective === '330.6').length;
    expect(n).toBeLessThan(50);
    // Uneven history first: two questions already served once, so "least served" alone would repeat inside the run.
    for (let i = 0; i < 2; i++) await app.chat('/virt quiz 330.6');
    const start = await app.chat('/virt quiz 330.6 50');
    expect(start[0]!.message.title).toMatch(new RegExp(`1/${n}\\b`));
    expect(textOf(start)).toContain(`${n} questions (330.6 has ${n})`);
    let id = instanceIdOf(start);
    const seen: string[] = [];
    for (let seq = 1; seq <= n; seq++) {
      seen.push(keyOf(app.db, id).question.id);
      const res = await answerRight(id);
      expect(res[0]!.message.title, `seq ${seq}`).toMatch(/Correct!/);
      if (seq === n) {
        expect(textOf(res)).toMatch(new RegExp(`Run finished: ${n} of ${n} correct`));
        break;
      }
      const next = await app.chat(`click quiz.n:${id}`);
      expect(next[0]!.message.title).toMatch(new RegExp(`${seq + 1}/${n}\\b`));
      id = instanceIdOf(next);
    }
    expect(new Set(seen).size).toBe(n);
    expect(count("SELECT points AS n FROM board_scores WHERE objective = '*' AND board = 'console:console'")).toBe(n);
    // "Next" after the last one starts a new run of the same (capped) length.
    expect((await app.chat(`click quiz.n:${id}`))[0]!.message.title).toMatch(new RegExp(`1/${n}\\b`));
  });

  it('a count within the pool is kept as asked, without a note', async () => {
    const r = await app.chat('/virt quiz 330.2 5');
    expect(r[0]!.message.title).toMatch(/1\/5\b/);
    expect(textOf(r)).not.toMatch(/has \d+\)/);
  });

  it('a run is personal: the first question is public, the next ones come privately to the runner alone, as /virt help quiz says', async () => {
    const start = await app.chat('/virt quiz 330.1 3');
    expect(start[0]!.visibility).toBe('public');
    const first = instanceIdOf(start);
    await answerRight(first);
    // Bob answers the public first question too, then asks for "next" from his result: a single question of his own.
    await app.chat(':user bob');
    await answerRight(first);
    const bobNext = await app.chat(`click quiz.n:${first}`);
    expect(bobNext[0]!.visibility).toBe('private');
    expect(bobNext[0]!.message.title).not.toMatch(/\d+\/\d+/);
    await app.chat(':user you');
    const second = await app.chat(`click quiz.n:${first}`);
    expect(second[0]!.visibility).toBe('private');
    expect(second[0]!.message.title).toMatch(/2\/3/);
    await app.chat(':user bob');
    expect(textOf(await answerRight(instanceIdOf(second)))).toMatch(/served to someone else/);
    await app.chat(':user you');
    const en = textOf(await app.chat('/virt help quiz'));
    expect(en).toContain('The first question is posted publicly in the channel, and everyone there can answer it');
    expect(en).toContain('"Next question" under your result brings the next question to you alone');
    expect(en).not.toContain('Everyone in the channel can answer a question.');
    await app.chat('/virt config lang ja');
    const ja = textOf(await app.chat('/virt help quiz'));
    expect(ja).toContain('最初の問題はチャンネルに公開で出題され、チャンネルの全員が答えられます');
    expect(ja).toContain('次の問題は押した本人にだけ表示され、本人だけが答えられます');
  });

  it('no repeat for a user until their pool for the objective is used up', async () => {
    const pool = app.services.content.questions.filter((q) => q.objective === '330.6').map((q) => q.id);
    expect(pool.length).toBeGreaterThan(1);
    const served: string[] = [];
    for (let i = 0; i < pool.length + 1; i++) served.push(keyOf(app.db, instanceIdOf(await app.chat('/virt quiz 330.6'))).question.id);
    expect(new Set(served.slice(0, pool.length)).size).toBe(pool.length);
    expect(pool).toContain(served[pool.length]);
  });

  it('restart between question and answer: the button on the old question still records the answer', async () => {
    const { key } = await quizOf('single');
    app.close();
    const again = testApp({ dbFile: app.dbFile, defaultLang: 'en', clock: app.clock });
    try {
      const r = await again.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
      expect(r[0]!.message.title).toMatch(/Correct!/);
      expect((again.db.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n).toBe(1);
    } finally {
      again.close();
    }
  });

  it('a typed command copied with a prompt or sudo ("answer $ virsh list --all", "answer sudo brctl addbr br0") is right', async () => {
    const where = { platform: 'console' as const, workspaceId: 'console', channelId: 'console' };
    for (const [id, line] of [['q-330-5-typed-list-all', '$ virsh list --all'], ['q-330-3-typed-brctl-addbr', 'sudo brctl addbr br0']] as const) {
      const q = app.services.content.questionById.get(id)!;
      const { instance } = app.services.quiz.postQuestion(q, where, 'quiz', 'en');
      expect((await app.chat(`answer --id quiz.t:${instance.id} ${line}`))[0]!.message.title, line).toMatch(/Correct!/);
    }
  });

  it('a prompt or sudo alone ("answer $", "answer sudo") is refused as empty and records nothing', async () => {
    const where = { platform: 'console' as const, workspaceId: 'console', channelId: 'console' };
    const q = app.services.content.questionById.get('q-330-2-typed-xentop')!;
    const { instance } = app.services.quiz.postQuestion(q, where, 'quiz', 'en');
    for (const line of ['$', 'sudo', '$ sudo']) {
      expect(textOf(await app.chat(`answer --id quiz.t:${instance.id} ${line}`)), line).toMatch(/The answer is empty|答えが空です/);
    }
    expect(count('SELECT count(*) AS n FROM answers')).toBe(0);
    expect((await app.chat(`answer --id quiz.t:${instance.id} $ xentop`))[0]!.message.title).toMatch(/Correct!|正解/);
  });

  it('a closed question answers privately that it is closed and records nothing', async () => {
    const { key } = await quizOf('single');
    new QuizInstanceRepo(app.db).close(key.instance.id);
    const r = await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
    expect(r[0]!.visibility).toBe('private');
    expect(r[0]!.message.title).toMatch(/closed/);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(0);
  });

  it('a daily-style instance with closes_at is refused after that time', async () => {
    const q = app.services.content.questions.find((x) => x.kind === 'single')!;
    const now = app.clock.now().getTime();
    const { instance } = app.services.quiz.postQuestion(q, { platform: 'console', workspaceId: 'console', channelId: 'general' }, 'daily', 'en', { closesAt: now + 60_000 });
    const key = keyOf(app.db, instance.id);
    app.clock.advance(60_000);
    expect((await app.chat(`click quiz.a:${instance.id}:${key.right[0]}`))[0]!.message.title).toMatch(/closed/);
  });

  it('an answer listener hears each recorded answer once (seam for cards and daily streaks)', async () => {
    const heard: boolean[] = [];
    app.services.quiz.onAnswer((e) => heard.push(e.answer.correct));
    const { key } = await quizOf('single');
    await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
    await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
    expect(heard).toEqual([true]);
  });
});

describe('bad input', () => {
  it('unknown objective, count 0 and count 1000 get a clear private answer', async () => {
    for (const [line, want] of [
      ['/virt quiz 330.9', /objective must be one of: 330.1, 330.2/],
      ['/virt quiz 330.2 0', /count must be a whole number from 1 to 50/],
      ['/virt quiz 330.2 1000', /count must be a whole number from 1 to 50/],
      ['/virt quiz 330.2 many', /Invalid value "many" for count/],
    ] as const) {
      const r = await app.chat(line);
      expect(r[0]!.visibility, line).toBe('private');
      expect(textOf(r), line).toMatch(want);
    }
    expect(count('SELECT count(*) AS n FROM quiz_instances')).toBe(0);
  });

  it('a click on a question that does not exist, or a malformed id, is told so', async () => {
    for (const id of ['quiz.a:999999:A', 'quiz.a:abc:A', 'quiz.a:1', 'quiz.n:0', 'quiz.m:x', `quiz.a:${'9'.repeat(40)}:A`]) {
      const r = await app.chat(`click ${id}`);
      expect(r[0]!.visibility, id).toBe('private');
      expect(textOf(r), id).toMatch(/does not exist|not valid/);
    }
  });

  it('a click from a user never seen before is recorded (the user is created)', async () => {
    const { key } = await quizOf('single');
    await app.chat(':user newcomer');
    const r = await app.chat(`click quiz.a:${key.instance.id}:${key.right[0]}`);
    expect(r[0]!.message.title).toMatch(/Correct!/);
    expect(count("SELECT count(*) AS n FROM users WHERE user_id = 'newcomer'")).toBe(1);
  });

  it('a typed answer to a choice question (and the reverse) is refused without recording', async () => {
    const { key } = await quizOf('single');
    expect(textOf(await app.chat(`answer --id quiz.t:${key.instance.id} xl list`))).toMatch(/takes a choice/);
    const t = await quizOf('typed');
    expect(textOf(await app.chat(`click quiz.a:${t.key.instance.id}:A`))).toMatch(/typed answer/);
    expect(textOf(await app.chat(`answer --id quiz.t:${t.key.instance.id} ${'x'.repeat(300)}`))).toMatch(/too long/);
    expect(count('SELECT count(*) AS n FROM answers')).toBe(0);
  });

  it('a question from another server cannot be answered from here', async () => {
    const q = app.services.content.questions.find((x) => x.kind === 'single')!;
    const { instance } = app.services.quiz.postQuestion(q, { platform: 'discord', workspaceId: 'G1', channelId: 'C1' }, 'quiz', 'en');
    expect(textOf(await app.chat(`click quiz.a:${instance.id}:A`))).toMatch(/does not exist/);
  });
});

describe('Japanese by default', () => {
  it('says in Japanese that a run was cut to the size of its pool', async () => {
    const ja = testApp({ rng: seeded(2) });
    try {
      const n = ja.services.content.questions.filter((q) => q.objective === '330.6').length;
      const r = await ja.chat('/virt quiz 330.6 50');
      expect(r[0]!.message.title).toMatch(new RegExp(`1/${n}\\b`));
      expect(textOf(r)).toContain(`${n} 問にしました（330.6 の問題は ${n} 問です）`);
    } finally {
      ja.cleanup();
    }
  });

  it('asks and answers in Japanese', async () => {
    const ja = testApp({ rng: seeded(2) });
    try {
      const r = await ja.chat('/virt quiz 330.3');
      expect(r[0]!.message.title).toMatch(/問題 330\.3/);
      const key = keyOf(ja.db, instanceIdOf(r));
      const line = key.question.kind === 'typed' ? `answer ${key.question.answers[0]}` : key.question.kind === 'multiple' ? `pick ${key.right.join(' ')}` : `click quiz.a:${key.instance.id}:${key.right[0]}`;
      expect((await ja.chat(line))[0]!.message.title).toMatch(/正解/);
    } finally {
      ja.cleanup();
    }
  });
});
