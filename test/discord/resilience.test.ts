/**
 * What keeps the Discord adapter up: deferral of slow commands, the 15-minute
 * token rule, errors that never escape the listener, and channels the bot may not
 * post in (50013). A real Router with two extra test commands (one waits for the
 * test, one throws) stands in for slow and broken handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDecl, CommandDecl } from '../../src/core/command.js';
import { actions, commands } from '../../src/core/commands/index.js';
import { classifyPostError } from '../../src/adapters/discord/poster.js';
import { privateText, reply } from '../../src/core/reply.js';
import { Router } from '../../src/core/router.js';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { bodyText, startHarness, type Harness } from './harness.js';

const EPHEMERAL = 64;

/** Handlers of `/virt slow` wait here until the test releases them. */
const gates: (() => void)[] = [];
let gateOpened: () => void = () => undefined;
const slowCommand: CommandDecl = {
  name: 'slow',
  description: { ja: '遅い', en: 'slow' },
  options: [{ name: 'visibility', type: 'string', description: { ja: 'v', en: 'v' } }],
  async run(_ctx, args) {
    await new Promise<void>((resolve) => {
      gates.push(resolve);
      gateOpened();
    });
    return args.visibility === 'private' ? privateText('slow private answer') : reply('public', 'Slow', [{ type: 'text', text: 'slow public answer' }]);
  },
};
/** A slow button whose answer replaces the message it is on. */
const slowAction: ActionDecl = {
  prefix: 'slowact',
  async run() {
    await new Promise<void>((resolve) => {
      gates.push(resolve);
      gateOpened();
    });
    return { ...reply('public', 'Updated', [{ type: 'text', text: 'slow update' }]), replaces: 'original' };
  },
};
const boomCommand: CommandDecl = {
  name: 'boom',
  description: { ja: '壊れている', en: 'broken' },
  options: [],
  run() {
    throw new Error('disk on fire');
  },
};

function waitForGate(): Promise<void> {
  return gates.length ? Promise.resolve() : new Promise((r) => (gateOpened = r));
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 0, router: (app) => new Router(app.services, [...commands, slowCommand, boomCommand], [...actions, slowAction]) });
});
afterAll(async () => h?.close());

describe('slow handlers', () => {
  it('a slow public command is deferred (type 5) and finished with editReply', async () => {
    const it1 = h.fake.slash('slow', { visibility: 'public' });
    const deferral = await h.fake.callback(it1);
    expect(deferral.body.type).toBe(5);
    expect((deferral.body.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    await waitForGate();
    gates.shift()!();
    const [, edit] = await h.fake.callsOf(it1, 2);
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/webhooks/${h.fake.applicationId}/${it1.token}/messages/@original`);
    expect(bodyText(edit!.body)).toContain('slow public answer');
  });

  it('a slow private answer after a public deferral goes as an ephemeral follow-up and the placeholder is deleted', async () => {
    const it1 = h.fake.slash('slow', { visibility: 'private' });
    expect((await h.fake.callback(it1)).body.type).toBe(5);
    await waitForGate();
    gates.shift()!();
    const calls = await h.fake.callsOf(it1, 3);
    expect(calls[1]!.method).toBe('POST');
    expect(calls[1]!.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(calls[1]!.body)).toContain('slow private answer');
    expect(calls[2]!.method).toBe('DELETE');
    expect(calls[2]!.path).toBe(`/webhooks/${h.fake.applicationId}/${it1.token}/messages/@original`);
  });

  it('a slow button is deferred as an update (type 6); its answer edits the message the button is on', async () => {
    const where = { platform: 'discord' as const, workspaceId: h.fake.guildId, channelId: h.fake.channelId };
    const posted = await h.adapter.poster.post(where, reply('public', 'Before', [{ type: 'buttons', buttons: [{ id: 'slowact:1', label: 'Go' }] }]).message);
    if (posted.status !== 'ok') throw new Error(posted.status);
    const it1 = h.fake.button('slowact:1', h.fake.messages.get(posted.messageId)!);
    expect((await h.fake.callback(it1)).body.type).toBe(6);
    await waitForGate();
    gates.shift()!();
    const [, edit] = await h.fake.callsOf(it1, 2);
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/webhooks/${h.fake.applicationId}/${it1.token}/messages/@original`);
    const after = h.fake.messages.get(posted.messageId)!;
    expect(after.embeds[0].title).toBe('Updated');
    expect(after.components).toEqual([]);
  });

  it('stop() waits for an interaction in flight before disconnecting', async () => {
    const other = await startHarness({ deferAfterMs: 60_000, router: (app) => new Router(app.services, [...commands, slowCommand], actions) });
    try {
      const it1 = other.fake.slash('slow', { visibility: 'public' });
      await waitForGate();
      const stopped = other.adapter.stop();
      gates.shift()!();
      await stopped;
      const calls = other.fake.recordedFor(it1);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.body.type).toBe(4);
      expect(other.adapter.isConnected()).toBe(false);
    } finally {
      await other.fake.close();
      other.app.cleanup();
    }
  });
});

describe('the 15-minute interaction token', () => {
  it('past 15 minutes the token is not used: a public reply goes to the channel with the bot token', async () => {
    const old = new Date(Date.now() - 16 * 60_000);
    const it1 = h.fake.slash('ask', { query: 'xl list' }, { createdAt: old });
    const post = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${h.fake.channelId}/messages` && bodyText(c.body).includes('Lists domains'));
    expect(post.authorization).toBe(`Bot ${h.fake.token}`);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    await h.adapter.idle();
    expect(h.fake.recordedFor(it1)).toEqual([]);
  });

  it('past 15 minutes a reply that replaces a public message edits it with the bot token', async () => {
    const where = { platform: 'discord' as const, workspaceId: h.fake.guildId, channelId: h.fake.channelId };
    const posted = await h.adapter.poster.post(where, reply('public', 'Before', [{ type: 'buttons', buttons: [{ id: 'slowact:2', label: 'Go' }] }]).message);
    if (posted.status !== 'ok') throw new Error(posted.status);
    const it1 = h.fake.button('slowact:2', h.fake.messages.get(posted.messageId)!, { createdAt: new Date(Date.now() - 16 * 60_000) });
    await waitForGate();
    gates.shift()!();
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/channels/${h.fake.channelId}/messages/${posted.messageId}`);
    expect(edit.authorization).toBe(`Bot ${h.fake.token}`);
    expect(h.fake.messages.get(posted.messageId)!.embeds[0].title).toBe('Updated');
    await h.adapter.idle();
    expect(h.fake.recordedFor(it1)).toEqual([]);
  });

  it('a private reply cannot be delivered without the token: nothing is sent, the log says why', async () => {
    const it1 = h.fake.slash('help', {}, { createdAt: new Date(Date.now() - 20 * 60_000) });
    await waitForLog(h, (l) => l.msg === 'private reply dropped: interaction token expired' && l.interactionId === it1.id);
    expect(h.fake.recordedFor(it1)).toEqual([]);
  });
});

/** Resolves when the app logged a matching line (polls on the next ticks; the suite's timeout is the limit). */
async function waitForLog(h: Harness, pred: (l: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (;;) {
    const hit = h.logs.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('errors never escape the listener', () => {
  it('a handler that throws: the user gets a private error id, the log gets the details under the same id', async () => {
    const cb = await h.fake.callback(h.fake.slash('boom', {}, { locale: 'en-US' }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const id = /error id: ([0-9a-f]{8})/.exec(bodyText(cb.body))?.[1];
    expect(id).toBeDefined();
    const line = h.logs.find((l) => l.errorId === id)!;
    expect(line.err.message).toBe('disk on fire');
    expect(bodyText(cb.body)).not.toContain('disk on fire');
  });

  it('Discord refusing the response (40060, already acknowledged) is logged with an error id; the bot keeps answering', async () => {
    const first = h.fake.slash('ask', { query: 'xl list' });
    await h.fake.callback(first);
    await h.adapter.idle();
    h.fake.redeliver(first);
    const failed = await waitForLog(h, (l) => l.msg === 'discord interaction failed' && l.interactionId === first.id);
    expect(failed.errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(h.fake.recordedFor(first).some((c) => c.status === 400 && c.path.endsWith('/callback'))).toBe(true);
    const next = await h.fake.callback(h.fake.slash('ask', { query: 'virsh list' }));
    expect(next.status).toBe(204);
    expect(next.body.data.embeds[0].title).toBe('virsh list');
  });
});

describe('Poster (bot token)', () => {
  const dest = () => ({ platform: 'discord' as const, workspaceId: h.fake.guildId, channelId: h.fake.channelId });

  it('posts and edits a channel message', async () => {
    const res = await h.adapter.poster.post(dest(), reply('public', 'Daily', [{ type: 'text', text: 'hello' }]).message);
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    const edit = await h.adapter.poster.edit(dest(), res.messageId, reply('public', 'Daily (closed)', [{ type: 'text', text: 'bye' }]).message);
    expect(edit).toEqual({ status: 'ok', messageId: res.messageId });
    expect(h.fake.messages.get(res.messageId)!.embeds[0].title).toBe('Daily (closed)');
  });

  it('50013 Missing Permissions → forbidden, nothing crashes, and the bot keeps answering', async () => {
    const blocked = '200000000000000001';
    h.fake.failChannel(blocked, 403, 50013);
    const res = await h.adapter.poster.post({ ...dest(), channelId: blocked }, reply('public', 'x', [{ type: 'text', text: 'x' }]).message);
    expect(res).toMatchObject({ status: 'forbidden' });
    // An old interaction in that channel: the public reply hits 50013 too; logged, not thrown.
    h.fake.slash('ask', { query: 'xl list' }, { channelId: blocked, createdAt: new Date(Date.now() - 16 * 60_000) });
    await h.fake.waitForCall((c) => c.path === `/channels/${blocked}/messages` && c.status === 403 && bodyText(c.body).includes('Lists domains'));
    await h.adapter.idle();
    const cb = await h.fake.callback(h.fake.slash('help'));
    expect(cb.status).toBe(204);
  });

  it('an unknown channel (10003) → gone; a 500 → transient', async () => {
    expect(await h.adapter.poster.post({ ...dest(), channelId: '200000000000000404' }, privateText('x').message)).toMatchObject({ status: 'gone' });
    h.fake.failChannel('200000000000000500', 500, 0, 'Internal Server Error');
    expect(await h.adapter.poster.post({ ...dest(), channelId: '200000000000000500' }, privateText('x').message)).toMatchObject({ status: 'transient' });
  });

  it('classifies rate limits and other API errors as transient', () => {
    const req = { body: undefined, files: undefined };
    const rl = new RateLimitError({ timeToReset: 1000, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages', majorParameter: '1', global: false, retryAfter: 1000, sublimitTimeout: 0, scope: 'user' });
    expect(classifyPostError(rl).status).toBe('transient');
    expect(classifyPostError(new HTTPError(502, 'Bad Gateway', 'POST', 'u', req)).status).toBe('transient');
    expect(classifyPostError(new DiscordAPIError({ code: 50035, message: 'Invalid Form Body' }, 50035, 400, 'POST', 'u', req)).status).toBe('transient');
    expect(classifyPostError(new DiscordAPIError({ code: 50001, message: 'Missing Access' }, 50001, 403, 'POST', 'u', req)).status).toBe('forbidden');
    expect(classifyPostError(new Error('ECONNRESET')).status).toBe('transient');
  });
});
