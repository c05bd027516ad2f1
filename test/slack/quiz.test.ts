/**
 * Quiz flows through the real Bolt App and the fake Slack: single-choice buttons,
 * "choose two" checkboxes + submit, a typed answer in a modal, duplicates, the next
 * question, progress and leaderboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue } from '../../src/adapters/slack/render.js';
import { AnswerRepo } from '../../src/db/answers.js';
import type { ClientMessage } from '../fakes/slack.js';
import { keyOf, seeded, type Key } from '../quiz/helpers.js';
import { actor, asClientMessage, blockTexts, buttonsIn, slackRig, type SlackRig } from './harness.js';

let rig: SlackRig;
let answers: AnswerRepo;

beforeAll(async () => {
  rig = await slackRig({ VIRTBOT_LANG: 'en' }, { rng: seeded(7) });
  answers = new AnswerRepo(rig.app.db, rig.app.services.settings);
  for (const id of ['UQ1', 'UQ2', 'UQ3', 'UQ4', 'UQ5', 'UQ6']) rig.fake.addUser({ id, name: id.toLowerCase(), locale: 'en-US' });
});
afterAll(async () => {
  await rig?.close();
});

/** The quiz instance a rendered message is about, from its controls' values. */
function instanceOf(blocks: Record<string, unknown>[]): number | undefined {
  for (const b of buttonsIn(blocks)) {
    const v = decodeValue(b.value);
    const m = v && /^quiz\.[amt]:(\d+)/.exec(v.id);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Starts `/virt quiz 330.2` until a question of `kind` is posted; returns the message as the channel sees it. */
async function quizOf(kind: 'single' | 'multiple' | 'typed', who = 'UQ1', channel = 'C0QUIZ'): Promise<{ message: ClientMessage; key: Key }> {
  for (let i = 0; i < 60; i++) {
    const n = rig.fake.callsTo('chat.postMessage').length;
    const sent = await rig.slack.slashCommand('quiz 330.2', actor(who, channel));
    expect(sent.status).toBe(200);
    const call = await rig.fake.waitForCall('chat.postMessage', n + 1);
    expect(call.response.ok).toBe(true);
    const blocks = call.args.blocks as Record<string, unknown>[];
    const id = instanceOf(blocks);
    if (id === undefined) throw new Error('no quiz controls in ' + JSON.stringify(blocks));
    const key = keyOf(rig.app.db, id);
    if (key.question.kind === kind) return { message: { blocks, text: String(call.args.text), ts: String(call.response.ts) }, key };
  }
  throw new Error(`no ${kind} question came up`);
}

const recorded = (key: Key) => answers.forInstance(key.instance.id);

describe('single choice', () => {
  it('a button click records the answer and answers privately with the result', async () => {
    const { message, key } = await quizOf('single');
    const ids = buttonsIn(message.blocks).map((b) => b.action_id);
    expect(ids).toEqual(key.question.kind === 'single' ? key.instance.choiceOrder.map((_, i) => `quiz.a:${key.instance.id}:${'ABCDE'[i]}`) : []);
    const click = await rig.slack.click(message, `quiz.a:${key.instance.id}:${key.right[0]}`, actor('UQ2', 'C0QUIZ'));
    expect(click.status).toBe(200);
    const r = await rig.fake.waitForResponse(click.responseUrl);
    expect(r.problems).toEqual([]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('Correct');
    expect(recorded(key).map((a) => [a.name, a.correct])).toEqual([['uq2', true]]);
    // The public question is left as everyone saw it.
    expect(rig.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('the same button payload delivered twice gives one answer; the second is told "already answered"', async () => {
    const { message, key } = await quizOf('single');
    const actionId = `quiz.a:${key.instance.id}:${key.wrong[0]}`;
    const button = buttonsIn(message.blocks).find((b) => b.action_id === actionId)!;
    const { payload, responseUrl } = rig.slack.blockActionsPayload(message, [{ type: 'button', action_id: actionId, block_id: 'b2', value: button.value, text: { type: 'plain_text', text: button.text } }], actor('UQ3', 'C0QUIZ'));
    const [a, b] = await Promise.all([rig.slack.interactive(payload), rig.slack.interactive(payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await rig.fake.waitForResponse(responseUrl, 2);
    const texts = rig.fake.responsesAt(responseUrl).map((x) => String(x.body.text));
    expect(texts.filter((x) => /already answered/i.test(x))).toHaveLength(1);
    expect(texts.filter((x) => /Wrong/.test(x))).toHaveLength(1);
    expect(recorded(key)).toHaveLength(1);
  });

  it('A then B counts once', async () => {
    const { message, key } = await quizOf('single');
    const first = await rig.slack.click(message, `quiz.a:${key.instance.id}:${key.right[0]}`, actor('UQ4', 'C0QUIZ'));
    await rig.fake.waitForResponse(first.responseUrl);
    const second = await rig.slack.click(message, `quiz.a:${key.instance.id}:${key.wrong[0]}`, actor('UQ4', 'C0QUIZ'));
    const r = await rig.fake.waitForResponse(second.responseUrl);
    expect(String(r.body.text)).toMatch(/already answered/i);
    expect(recorded(key).map((a) => a.correct)).toEqual([true]);
  });

  it('"Next question" on the private result brings a private question that can be answered from the ephemeral message', async () => {
    const { message, key } = await quizOf('single', 'UQ5');
    const click = await rig.slack.click(message, `quiz.a:${key.instance.id}:${key.right[0]}`, actor('UQ5', 'C0QUIZ'));
    const result = asClientMessage(await rig.fake.waitForResponse(click.responseUrl));
    const next = buttonsIn(result.blocks).find((b) => b.action_id.startsWith('quiz.n:'))!;
    const nextClick = await rig.slack.click(result, next.action_id, actor('UQ5', 'C0QUIZ'));
    const question = await rig.fake.waitForResponse(nextClick.responseUrl);
    expect(question.problems).toEqual([]);
    expect(question.body.response_type).toBe('ephemeral');
    const qMessage = asClientMessage(question);
    const nextId = instanceOf(qMessage.blocks)!;
    expect(nextId).not.toBe(key.instance.id);
    const nextKey = keyOf(rig.app.db, nextId);
    // Answer whatever kind came up, from the ephemeral message (Slack sends no `message` for those).
    let responseUrl: string;
    if (nextKey.question.kind === 'single') {
      responseUrl = (await rig.slack.click(qMessage, `quiz.a:${nextId}:${nextKey.right[0]}`, actor('UQ5', 'C0QUIZ'))).responseUrl;
    } else if (nextKey.question.kind === 'multiple') {
      responseUrl = (await rig.slack.submitSelection(qMessage, SlackSenderPick(qMessage), nextKey.right, `quiz.m:${nextId}`, actor('UQ5', 'C0QUIZ'))).responseUrl;
    } else {
      const views = rig.fake.callsTo('views.open').length;
      responseUrl = (await rig.slack.click(qMessage, `quiz.t:${nextId}`, actor('UQ5', 'C0QUIZ'))).responseUrl;
      const opened = await rig.fake.waitForCall('views.open', views + 1);
      await rig.slack.submitView(opened, nextKey.question.answers[0]!, actor('UQ5', 'C0QUIZ'));
    }
    const r = await rig.fake.waitForResponse(responseUrl);
    expect(String(r.body.text)).toContain('Correct');
    expect(recorded(nextKey)).toHaveLength(1);
  });
});

describe('"choose two"', () => {
  it('ticking checkboxes only acknowledges; the submit button sends the ticked values', async () => {
    const { message, key } = await quizOf('multiple');
    const actions = message.blocks.find((b) => b.type === 'actions' && (b.elements as Record<string, unknown>[]).some((e) => e.type === 'checkboxes'))!;
    const [pick, submit] = actions.elements as Record<string, unknown>[];
    expect(submit!.action_id).toBe(`quiz.m:${key.instance.id}`);
    const toggle = await rig.slack.toggle(message, String(pick!.action_id), key.right.slice(0, 1), actor('UQ1', 'C0QUIZ'));
    expect(toggle.status).toBe(200);
    const sent = await rig.slack.submitSelection(message, String(pick!.action_id), key.right, String(submit!.action_id), actor('UQ1', 'C0QUIZ'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.problems).toEqual([]);
    expect(String(r.body.text)).toContain('Correct');
    expect(rig.fake.responsesAt(toggle.responseUrl)).toHaveLength(0);
    // One right and one wrong pick is wrong.
    const half = await rig.slack.submitSelection(message, String(pick!.action_id), [key.right[0]!, key.wrong[0]!], String(submit!.action_id), actor('UQ2', 'C0QUIZ'));
    expect(String((await rig.fake.waitForResponse(half.responseUrl)).body.text)).toContain('Wrong');
    expect(recorded(key).map((a) => [a.name, a.correct])).toEqual([
      ['uq1', true],
      ['uq2', false],
    ]);
  });

  it('submitting with nothing ticked gets a clear private answer and records nothing', async () => {
    const { message, key } = await quizOf('multiple');
    const pick = SlackSenderPick(message);
    const sent = await rig.slack.submitSelection(message, pick, [], `quiz.m:${key.instance.id}`, actor('UQ6', 'C0QUIZ'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(recorded(key).filter((a) => a.name === 'uq6')).toHaveLength(0);
  });
});

function SlackSenderPick(message: ClientMessage): string {
  for (const b of message.blocks) for (const e of (b.elements ?? []) as Record<string, unknown>[]) if (e.type === 'checkboxes' || e.type === 'multi_static_select') return String(e.action_id);
  throw new Error('no selection element');
}

describe('typed answer', () => {
  it('the answer button opens a modal with the click\'s trigger_id; the submission is recorded and answered privately', async () => {
    const { message, key } = await quizOf('typed');
    if (key.question.kind !== 'typed') throw new Error('typed expected');
    const button = buttonsIn(message.blocks).find((b) => b.action_id === `quiz.t:${key.instance.id}`)!;
    const views = rig.fake.callsTo('views.open').length;
    const click = await rig.slack.click(message, button.action_id, actor('UQ3', 'C0QUIZ'));
    expect(click.status).toBe(200);
    const opened = await rig.fake.waitForCall('views.open', views + 1);
    expect(opened.args.trigger_id).toBe(click.triggerId);
    expect(opened.response.ok).toBe(true);
    const submitted = await rig.slack.submitView(opened, key.question.answers[0]!, actor('UQ3', 'C0QUIZ'));
    expect(submitted.status).toBe(200);
    // The private result goes to the response_url of the message the modal was opened from.
    const r = await rig.fake.waitForResponse(click.responseUrl);
    expect(r.problems).toEqual([]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('Correct');
    expect(recorded(key).map((a) => [a.name, a.correct, a.typed])).toEqual([['uq3', true, key.question.answers[0]]]);

    const other = await rig.slack.click(message, button.action_id, actor('UQ4', 'C0QUIZ'));
    const opened2 = await rig.fake.waitForCall('views.open', views + 2);
    await rig.slack.submitView(opened2, 'definitely not it', actor('UQ4', 'C0QUIZ'));
    expect(String((await rig.fake.waitForResponse(other.responseUrl)).body.text)).toContain('Wrong');
    expect(recorded(key)).toHaveLength(2);
  });
});

describe('an expired response_url', () => {
  it('a typed answer submitted 31 minutes after the modal opened still gets its private result (chat.postEphemeral)', async () => {
    const { message, key } = await quizOf('typed');
    if (key.question.kind !== 'typed') throw new Error('typed expected');
    const button = buttonsIn(message.blocks).find((b) => b.action_id === `quiz.t:${key.instance.id}`)!;
    const views = rig.fake.callsTo('views.open').length;
    const click = await rig.slack.click(message, button.action_id, actor('UQ7', 'C0QUIZ'));
    const opened = await rig.fake.waitForCall('views.open', views + 1);
    rig.fake.advance(31 * 60_000);
    const ephemerals = rig.fake.callsTo('chat.postEphemeral').length;
    await rig.slack.submitView(opened, key.question.answers[0]!, actor('UQ7', 'C0QUIZ'));
    // Slack refuses the old response_url; the result reaches the user through the bot token instead.
    expect((await rig.fake.waitForResponse(click.responseUrl)).status).toBe(404);
    const sent = await rig.fake.waitForCall('chat.postEphemeral', ephemerals + 1);
    expect(sent.args.user).toBe('UQ7');
    expect(String(sent.args.text)).toContain('Correct');
    expect(recorded(key).map((a) => [a.name, a.correct])).toEqual([['uq7', true]]);
  });
});

describe('progress and leaderboard', () => {
  it('show what was answered above', async () => {
    const progress = await rig.slack.slashCommand('progress', actor('UQ1', 'C0QUIZ'));
    const p = await rig.fake.waitFor(() => rig.fake.responsesAt(progress.responseUrl)[0] ?? rig.fake.callsTo('chat.postMessage').find((c) => blockTexts(c.args.blocks).includes('330.2') && /progress/i.test(String(c.args.text))), 'progress');
    expect(JSON.stringify(p)).toContain('330.2');
    const n = rig.fake.callsTo('chat.postMessage').length;
    const board = await rig.slack.slashCommand('leaderboard week', actor('UQ1', 'C0QUIZ'));
    const b = await rig.fake.waitFor(() => rig.fake.responsesAt(board.responseUrl)[0]?.body ?? rig.fake.callsTo('chat.postMessage')[n]?.args, 'leaderboard');
    expect(messageText(b)).toMatch(/uq1/);
  });
});

function messageText(body: Record<string, unknown>): string {
  return `${String(body.text)}\n${blockTexts(body.blocks)}`;
}
