/**
 * Review and mock exam on Discord (the real discord.js client against the local
 * fake): every reply is ephemeral, answers go through the quiz's own controls
 * (buttons, select menu, modal) re-addressed to the exam and review actions.
 */
import { notifyExamTimeouts } from '../../src/core/exam/tick.js';
import { createLogger } from '../../src/logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf } from '../quiz/helpers.js';
import { bodyText, componentsOf, limitViolations, messageOf, startHarness, type Harness, type Injected, type RestCall } from './harness.js';

const EPHEMERAL = 64;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** Answers the question shown in `call` through its Discord control, right or wrong. */
function answerIn(call: RestCall, family: 'exam' | 'review', right: boolean): Injected {
  const comps = componentsOf(call.body);
  const msg = messageOf(call);
  for (const c of comps) {
    const m = new RegExp(`^(?:~modal:\\d+:)?(${family}\\.[amt](?::[dc])?):(\\d+)`).exec(c.custom_id ?? '');
    if (!m) continue;
    const id = Number(m[2]);
    const key = keyOf(h.app.db, id);
    const q = key.question;
    if (q.kind === 'typed') return h.fake.modalSubmit(c.custom_id.replace(/^~modal:\d+:/, ''), { value: right ? q.answers[0]! : 'nope' }, {}, msg);
    if (q.kind === 'multiple') return h.fake.select(c.custom_id, right ? key.right : [key.wrong[0]!, ...key.right.slice(1)], msg);
    return h.fake.button(`${m[1]}:${id}:${right ? key.right[0] : key.wrong[0]}`, msg);
  }
  throw new Error('no answer control in ' + JSON.stringify(comps));
}

describe('/virt exam and /virt review on Discord', () => {
  it('runs privately from start to the score page, then review serves the missed ones privately', async () => {
    let call = await h.fake.callback(h.fake.slash('exam', { questions: 3, minutes: 5 }));
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(call.body)).toContain('Mock exam started: 3 questions in 5 minutes');
    for (let i = 0; i < 3; i++) {
      expect(limitViolations(call.body)).toEqual([]);
      expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      if (i > 0) expect(bodyText(call.body)).not.toMatch(/Correct!|Wrong/);
      call = await h.fake.callback(answerIn(call, 'exam', i === 0));
    }
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(call.body)).toContain('Mock exam result');
    expect(bodyText(call.body)).toContain('1/3 (33%)');
    expect(limitViolations(call.body)).toEqual([]);

    h.app.clock.advance(2 * 60_000); // the two missed questions are due (Again: 1 minute)
    const review = await h.fake.callback(h.fake.slash('review'));
    expect(review.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(review.body)).toContain('Due now: 2');
    const result = await h.fake.callback(answerIn(review, 'review', true));
    expect(result.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(result.body)).toContain('Correct!');
    expect(componentsOf(result.body).some((c: any) => /^review\.n:d:\d+$/.test(c.custom_id))).toBe(true);
  });

  it('/virt exam action:stop abandons, privately', async () => {
    await h.fake.callback(h.fake.slash('exam', { questions: 2, minutes: 5 }));
    const stop = await h.fake.callback(h.fake.slash('exam', { action: 'stop' }));
    expect(stop.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(stop.body)).toContain('Exam abandoned');
  });
});

describe('exam time-out notice on Discord', () => {
  it('a user who walked away gets the results as a direct message (bot token); no DMs allowed is handled', async () => {
    const actor = { userId: '100000000000007001' };
    const start = await h.fake.callback(h.fake.slash('exam', { questions: 2, minutes: 1 }, actor));
    expect(bodyText(start.body)).toContain('Mock exam started');
    h.app.clock.advance(61_000);
    const n = h.fake.calls.length;
    expect(await notifyExamTimeouts(h.app.services.exam, h.adapter.poster, ['discord'], createLogger('silent'))).toBe(1);
    const calls = h.fake.calls.slice(n);
    const open = calls.find((c) => c.method === 'POST' && c.path === '/users/@me/channels')!;
    expect(open.body).toEqual({ recipient_id: actor.userId });
    expect(open.authorization).toBe(`Bot ${h.fake.token}`);
    const sent = calls.filter((c) => c.method === 'POST' && c.path === `/channels/${h.fake.dmChannelId}/messages`);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((c) => c.status === 200 && limitViolations(c.body).length === 0)).toBe(true);
    expect(sent.map((c) => bodyText(c.body)).join('\n')).toContain('Time is up for your mock exam');

    // A user who accepts no DMs from the bot (50007): nothing breaks, the exam is scored all the same.
    const other = { userId: '100000000000007002' };
    await h.fake.callback(h.fake.slash('exam', { questions: 1, minutes: 1 }, other));
    h.app.clock.advance(61_000);
    h.fake.failChannel(h.fake.dmChannelId, 403, 50007, 'Cannot send messages to this user');
    try {
      expect(await notifyExamTimeouts(h.app.services.exam, h.adapter.poster, ['discord'], createLogger('silent'))).toBe(1);
    } finally {
      h.fake.clearChannelFailure(h.fake.dmChannelId);
    }
    expect((h.app.db.prepare("SELECT count(*) AS n FROM exams WHERE status = 'active'").get() as { n: number }).n).toBe(0);
  });
});
