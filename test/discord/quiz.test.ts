/**
 * Quiz flows on Discord: answer buttons, a "choose N" select menu, a typed answer
 * through a modal, double clicks, and a result longer than one embed. Questions of
 * a known kind are posted through the adapter's Poster (as the daily question
 * is), then answered through injected interactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/content/schema.js';
import type { QuizInstance } from '../../src/db/quizInstances.js';
import { content } from '../helpers/app.js';
import { bodyText, componentsOf, limitViolations, messageOf, startHarness, type Harness } from './harness.js';
import type { FakeMessage } from '../fakes/discord.js';

const EPHEMERAL = 64;
const LETTERS = ['A', 'B', 'C', 'D', 'E'];

function firstOfKind(kind: Question['kind']): Question {
  const q = content().questions.find((x) => x.kind === kind);
  if (!q) throw new Error(`no ${kind} question in data/questions`);
  return q;
}

/** Display letters of the correct choices in this instance. */
function correctLetters(q: Question, instance: QuizInstance): string[] {
  if (q.kind === 'typed') return [];
  return q.choices.flatMap((c, i) => (c.correct ? [LETTERS[instance.choiceOrder.indexOf(i)]!] : [])).sort();
}

function answerCount(h: Harness, instanceId: number): number {
  return (h.app.db.prepare('SELECT count(*) AS n FROM answers WHERE instance_id = ?').get(instanceId) as { n: number }).n;
}

/** Posts `q` in the fake's channel through the Poster and returns the instance and the stored message. */
async function post(h: Harness, q: Question): Promise<{ instance: QuizInstance; message: FakeMessage }> {
  const where = { platform: 'discord' as const, workspaceId: h.fake.guildId, channelId: h.fake.channelId };
  const { instance, message } = h.app.services.quiz.postQuestion(q, where, 'quiz', 'en');
  const res = await h.adapter.poster.post(where, message);
  if (res.status !== 'ok') throw new Error(`post failed: ${res.status}`);
  return { instance, message: h.fake.messages.get(res.messageId)! };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('/virt quiz', () => {
  it('posts a public question with components; answering it gives a private result', async () => {
    const cb = await h.fake.callback(h.fake.slash('quiz', { objective: '330.2' }));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(cb.body.data.embeds[0].title).toMatch(/^Question 330\.2/);
    expect(limitViolations(cb.body)).toEqual([]);
    const [first] = componentsOf(cb.body);
    const msg = messageOf(cb);
    let answer;
    if (first.type === 3) answer = h.fake.select(first.custom_id, first.options.slice(0, first.min_values).map((o: any) => o.value), msg);
    else if (first.custom_id.startsWith('~modal:')) answer = h.fake.modalSubmit(first.custom_id.replace(/^~modal:\d+:/, ''), { value: 'xl list' }, {}, msg);
    else answer = h.fake.button(first.custom_id, msg);
    const result = await h.fake.callback(answer);
    expect(result.body.type).toBe(4);
    expect(result.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(result.body)).toMatch(/Correct|Wrong|Close, but still wrong/);
  });
});

describe('single choice buttons', () => {
  it('one button per choice; the right one is recorded as correct, privately', async () => {
    const q = firstOfKind('single');
    const { instance, message } = await post(h, q);
    const buttons = message.components.flatMap((r: any) => r.components);
    expect(buttons.map((b: any) => b.custom_id)).toEqual(instance.choiceOrder.map((_, i) => `quiz.a:${instance.id}:${LETTERS[i]}`));
    const [letter] = correctLetters(q, instance);
    const cb = await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${letter}`, message, { userId: '100000000000001001' }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.embeds[0].title).toBe('✅ Correct!');
    expect(answerCount(h, instance.id)).toBe(1);
  });

  it('two clicks by one user on the same button within 200 ms: one answer recorded, the other told "already answered"', async () => {
    const q = firstOfKind('single');
    const { instance, message } = await post(h, q);
    const actor = { userId: '100000000000001002' };
    const [right] = correctLetters(q, instance);
    // Back to back on the gateway (well within 200 ms): both are in flight at once.
    const a = h.fake.button(`quiz.a:${instance.id}:${right}`, message, actor);
    const b = h.fake.button(`quiz.a:${instance.id}:${right}`, message, actor);
    const [ca, cb] = await Promise.all([h.fake.callback(a), h.fake.callback(b)]);
    const texts = [bodyText(ca.body), bodyText(cb.body)];
    expect(texts.filter((t) => t.includes(`Already answered: you chose ${right}.`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('✅ Correct!'))).toHaveLength(1);
    expect(ca.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answerCount(h, instance.id)).toBe(1);
  });

  it('a wrong pick then the right one: the first counts, the second is told "already answered"', async () => {
    const q = firstOfKind('single');
    const { instance, message } = await post(h, q);
    const actor = { userId: '100000000000001005' };
    const [right] = correctLetters(q, instance);
    const wrong = LETTERS.slice(0, instance.choiceOrder.length).find((l) => l !== right)!;
    const first = await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${wrong}`, message, actor));
    expect(first.body.data.embeds[0].title).toBe('❌ Wrong');
    const second = await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${right}`, message, actor));
    expect(bodyText(second.body)).toContain(`Already answered: you chose ${wrong}.`);
    expect(answerCount(h, instance.id)).toBe(1);
  });

  it('everyone in the channel can answer the same question', async () => {
    const q = firstOfKind('single');
    const { instance, message } = await post(h, q);
    const [right] = correctLetters(q, instance);
    await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${right}`, message, { userId: '100000000000001003' }));
    await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${right}`, message, { userId: '100000000000001004' }));
    expect(answerCount(h, instance.id)).toBe(2);
  });

  it('answering users are not kept in the client caches (memory stays flat in a big server)', async () => {
    const q = firstOfKind('single');
    const { instance, message } = await post(h, q);
    const [right] = correctLetters(q, instance);
    for (let i = 0; i < 30; i++) await h.fake.callback(h.fake.button(`quiz.a:${instance.id}:${right}`, message, { userId: `1000000000000050${String(i).padStart(2, '0')}` }));
    expect(answerCount(h, instance.id)).toBe(30);
    const client = h.adapter.client;
    // Only the bot's own user and member stay (discord.js needs them).
    expect([...client.users.cache.keys()]).toEqual([client.user!.id]);
    expect([...client.guilds.cache.get(h.fake.guildId)!.members.cache.keys()].filter((id) => id !== client.user!.id)).toEqual([]);
  });
});

describe('"choose N" select menu', () => {
  it('renders a string select with min = max = N; submitting the right values is correct', async () => {
    const q = firstOfKind('multiple');
    const { instance, message } = await post(h, q);
    const select = message.components.flatMap((r: any) => r.components).find((c: any) => c.type === 3);
    const n = correctLetters(q, instance).length;
    expect(select).toMatchObject({ custom_id: `quiz.m:${instance.id}`, min_values: n, max_values: n });
    expect(select.options.map((o: any) => o.value)).toEqual(LETTERS.slice(0, 5));
    const cb = await h.fake.callback(h.fake.select(select.custom_id, correctLetters(q, instance), message, { userId: '100000000000002001' }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.embeds[0].title).toBe('✅ Correct!');
  });

  it('one right pick and one wrong is wrong, and says why the wrong one is wrong', async () => {
    const q = firstOfKind('multiple');
    const { instance, message } = await post(h, q);
    const right = correctLetters(q, instance);
    const wrong = LETTERS.find((l) => !right.includes(l))!;
    const cb = await h.fake.callback(h.fake.select(`quiz.m:${instance.id}`, [right[0]!, wrong], message, { userId: '100000000000002002' }));
    expect(cb.body.data.embeds[0].title).toBe('❌ Wrong');
    expect(bodyText(cb.body)).toContain(`Why ${wrong} is wrong`);
  });
});

describe('typed answer through a modal', () => {
  it('the answer button opens a modal (type 9); the modal submit (type 5) is checked and recorded', async () => {
    const q = firstOfKind('typed');
    if (q.kind !== 'typed') throw new Error('unreachable');
    const { instance, message } = await post(h, q);
    const opener = message.components.flatMap((r: any) => r.components)[0];
    expect(opener.type).toBe(2);
    const actor = { userId: '100000000000003001' };
    const open = await h.fake.callback(h.fake.button(opener.custom_id, message, actor));
    expect(open.body.type).toBe(9);
    expect(open.body.data.custom_id).toBe(`quiz.t:${instance.id}`);
    const label = open.body.data.components[0];
    expect(label).toMatchObject({ type: 18, label: 'Answer', component: { type: 4, custom_id: 'value', required: true } });
    expect(open.body.data.title.length).toBeLessThanOrEqual(45);
    // The placeholder is in the clicker's language (the custom_id has no room for it).
    expect(label.component.placeholder).toBe('e.g. a command, file or value');
    const ja = await h.fake.callback(h.fake.button(opener.custom_id, message, { userId: '100000000000003009', locale: 'ja' }));
    expect(ja.body.data.components[0].component.placeholder).toBe('例: コマンド、ファイル名、値');
    expect(answerCount(h, instance.id)).toBe(0);

    const cb = await h.fake.callback(h.fake.modalSubmit(open.body.data.custom_id, { value: q.answers[0]! }, actor, message));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.embeds[0].title).toBe('✅ Correct!');
    expect(answerCount(h, instance.id)).toBe(1);
  });

  it('a wrong typed answer is refused as wrong; an empty one records nothing', async () => {
    const q = firstOfKind('typed');
    const { instance, message } = await post(h, q);
    const empty = await h.fake.callback(h.fake.modalSubmit(`quiz.t:${instance.id}`, { value: '   ' }, { userId: '100000000000003002' }, message));
    expect(bodyText(empty.body)).toContain('The answer is empty.');
    expect(answerCount(h, instance.id)).toBe(0);
    const wrong = await h.fake.callback(h.fake.modalSubmit(`quiz.t:${instance.id}`, { value: 'definitely-not-a-command-zz' }, { userId: '100000000000003002' }, message));
    expect(wrong.body.data.embeds[0].title).toBe('❌ Wrong');
    expect(answerCount(h, instance.id)).toBe(1);
  });
});

describe('a result longer than one embed', () => {
  let long: Harness;
  const explanation = Array.from({ length: 900 }, (_, i) => `step${i}`).join(' ') + ' THE-END';
  beforeAll(async () => {
    const c = content();
    const base = firstOfKind('single');
    const q = { ...base, explanation: { ja: explanation, en: explanation } } as Question;
    const questions = c.questions.map((x) => (x.id === q.id ? q : x));
    long = await startHarness({ content: { ...c, questions, questionById: new Map(questions.map((x) => [x.id, x])) } });
  });
  afterAll(async () => long?.close());

  it('an explanation over 4,096 characters is split over embeds and follow-ups, nothing lost, every limit kept', async () => {
    expect(explanation.length).toBeGreaterThan(4096 + 2000);
    const q = long.app.services.content.questionById.get(firstOfKind('single').id)!;
    const { instance, message } = await post(long, q);
    const [right] = correctLetters(q, instance);
    const click = long.fake.button(`quiz.a:${instance.id}:${right}`, message, { userId: '100000000000004001' });
    await long.fake.callback(click);
    await long.adapter.idle();
    const calls = long.fake.recordedFor(click);
    expect(calls[0]!.path).toMatch(/\/callback$/);
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls.slice(1)) {
      expect(c.method).toBe('POST');
      expect(c.path).toBe(`/webhooks/${long.fake.applicationId}/${click.token}`);
      expect(c.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    }
    const bodies = calls.map((c) => (c.path.endsWith('/callback') ? c.body.data : c.body));
    for (const b of bodies) expect(limitViolations(b)).toEqual([]);
    const all = bodies.map((b) => bodyText(b)).join(' ');
    expect(all).toContain('step0 step1');
    expect(all).toContain('THE-END');
    // The buttons (next question, links) come once, with the last part.
    expect(componentsOf(bodies.at(-1)).some((b) => b.custom_id === `quiz.n:${instance.id}`)).toBe(true);
    expect(bodies.slice(0, -1).every((b) => componentsOf(b).length === 0)).toBe(true);
  });
});
