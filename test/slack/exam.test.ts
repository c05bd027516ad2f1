/**
 * Review and mock exam through the real Bolt App and the fake Slack: every reply
 * is ephemeral (respond), answers go through the quiz's own controls (buttons,
 * checkboxes + submit, a modal) re-addressed to the exam and review actions, and
 * `/virt exam stop` is parsed from text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyExamTimeouts } from '../../src/core/exam/tick.js';
import { createLogger } from '../../src/logger.js';
import type { ClientMessage, Responded } from '../fakes/slack.js';
import { keyOf, seeded } from '../quiz/helpers.js';
import { actor, asClientMessage, blockTexts, buttonsIn, slackRig, type SlackRig } from './harness.js';

let rig: SlackRig;
beforeAll(async () => {
  rig = await slackRig({ VIRTBOT_LANG: 'en' }, { rng: seeded(31) });
  rig.fake.addUser({ id: 'UEX1', name: 'uex1', locale: 'en-US' });
});
afterAll(async () => {
  await rig?.close();
});

const who = () => actor('UEX1', 'C0EXAM');

/** The instance behind a message's `family` controls (exam / review). */
function controlOf(m: ClientMessage, family: 'exam' | 'review'): { id: number; prefix: string } {
  for (const b of m.blocks) {
    for (const el of (b.elements ?? (b.accessory ? [b.accessory] : [])) as Record<string, unknown>[]) {
      const r = new RegExp(`^(${family}\\.[amt](?::[dc])?):(\\d+)`).exec(String(el.action_id ?? ''));
      if (r) return { id: Number(r[2]), prefix: r[1]!.replace(/\.[amt]/, '') };
    }
  }
  throw new Error(`no ${family} control in ${JSON.stringify(m.blocks).slice(0, 400)}`);
}

function pickId(m: ClientMessage): string {
  for (const b of m.blocks) for (const e of (b.elements ?? []) as Record<string, unknown>[]) if (e.type === 'checkboxes' || e.type === 'multi_static_select') return String(e.action_id);
  throw new Error('no selection element');
}

/** Answers the question in `m` right or wrong through its Slack control; returns the response. */
async function answerIn(m: ClientMessage, family: 'exam' | 'review', right: boolean): Promise<Responded> {
  const { id, prefix } = controlOf(m, family);
  const [fam, mode] = prefix.split(':');
  const p = (k: string) => `${fam}.${k}${mode ? ':' + mode : ''}:${id}`;
  const key = keyOf(rig.app.db, id);
  const q = key.question;
  let url: string;
  if (q.kind === 'single') url = (await rig.slack.click(m, `${p('a')}:${right ? key.right[0] : key.wrong[0]}`, who())).responseUrl;
  else if (q.kind === 'multiple') url = (await rig.slack.submitSelection(m, pickId(m), right ? key.right : [key.wrong[0]!, ...key.right.slice(1)], p('m'), who())).responseUrl;
  else {
    const views = rig.fake.callsTo('views.open').length;
    url = (await rig.slack.click(m, p('t'), who())).responseUrl;
    const opened = await rig.fake.waitForCall('views.open', views + 1);
    await rig.slack.submitView(opened, right ? q.answers[0]! : 'nope', who());
  }
  return rig.fake.waitForResponse(url);
}

describe('/virt exam and /virt review on Slack', () => {
  it('runs privately to the score page; review then serves the missed questions privately', async () => {
    const sent = await rig.slack.slashCommand('exam 3 5', who());
    let r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(blockTexts(r.body.blocks)).toContain('Mock exam started: 3 questions in 5 minutes');
    for (let i = 0; i < 3; i++) {
      expect(r.problems).toEqual([]);
      expect(r.body.response_type).toBe('ephemeral');
      r = await answerIn(asClientMessage(r), 'exam', i === 0);
    }
    expect(r.body.response_type).toBe('ephemeral');
    const text = blockTexts(r.body.blocks);
    expect(text).toContain('Mock exam result');
    expect(text).toContain('1/3 (33%)');

    rig.app.clock.advance(2 * 60_000);
    const rev = await rig.slack.slashCommand('review', who());
    const q = await rig.fake.waitForResponse(rev.responseUrl);
    expect(q.body.response_type).toBe('ephemeral');
    expect(blockTexts(q.body.blocks)).toContain('Due now: 2');
    const result = await answerIn(asClientMessage(q), 'review', true);
    expect(result.body.response_type).toBe('ephemeral');
    expect(String(result.body.text)).toContain('Correct');
    expect(buttonsIn(result.body.blocks).some((b) => /^review\.n:d:\d+$/.test(b.action_id))).toBe(true);
  });

  it('`/virt exam stop` from text abandons the exam', async () => {
    const start = await rig.slack.slashCommand('exam 2 5', who());
    await rig.fake.waitForResponse(start.responseUrl);
    const stop = await rig.slack.slashCommand('exam stop', who());
    const r = await rig.fake.waitForResponse(stop.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(blockTexts(r.body.blocks)).toContain('Exam abandoned (0/2 answered)');
  });
});

describe('exam time-out notice on Slack', () => {
  it('a user who walked away gets the results as ephemeral messages in the exam\'s channel (bot token)', async () => {
    rig.fake.addUser({ id: 'UEX9', name: 'uex9', locale: 'en-US' });
    const started = await rig.slack.slashCommand('exam 2 1', actor('UEX9', 'C0EXAM'));
    expect((await rig.fake.waitForResponse(started.responseUrl)).status).toBe(200);
    rig.app.clock.advance(61_000);
    const before = rig.fake.callsTo('chat.postEphemeral').length;
    expect(await notifyExamTimeouts(rig.app.services.exam, rig.adapter.poster, ['slack'], createLogger('silent'))).toBe(1);
    const sent = rig.fake.callsTo('chat.postEphemeral').slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((c) => c.args.user === 'UEX9' && c.args.channel === 'C0EXAM' && c.response.ok === true)).toBe(true);
    expect(sent.map((c) => `${String(c.args.text)} ${blockTexts(c.args.blocks)}`).join('\n')).toContain('Time is up for your mock exam');
  });
});
