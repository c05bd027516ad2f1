/**
 * The daily question through the real discord.js Client against the local fake
 * Discord: set by slash command (channel option), posted with the bot token
 * (POST /channels/{id}/messages), answered with a button, revealed by PATCH with
 * the bot token (not the interaction token), a late click refused, a channel that
 * forbids the bot paused alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyRepo } from '../../src/db/daily.js';
import { bodyText, componentsOf, limitViolations, messageOf, startHarness, type Harness } from '../discord/harness.js';
import { keyOf } from '../quiz/helpers.js';
import { singleChoiceOnly } from './helpers.js';

let h: Harness;
const ADMIN = { admin: true, userId: '100000000000000009', username: 'boss' };

beforeAll(async () => {
  h = await startHarness({ content: singleChoiceOnly() });
  h.app.services.daily.attach(h.adapter.poster, ['discord']);
});
afterAll(async () => {
  await h?.close();
});

describe('daily question on Discord', () => {
  it('set → bot-token post → button → bot-token edit reveal → late click closed', async () => {
    h.app.clock.set('2026-11-30T00:00:10Z');
    const set = await h.fake.callback(h.fake.slash('daily set', { time: '09:01', channel: h.fake.channelId, zone: 'Asia/Tokyo', reveal: '09:03' }, ADMIN));
    expect(set.body.data.flags & 64).toBe(64);
    expect(bodyText(set.body)).toMatch(/Daily question set/);

    const n = h.fake.calls.length;
    h.app.clock.set('2026-11-30T00:01:00Z');
    expect((await h.app.services.daily.runDue(h.app.clock.now())).posted).toBe(1);
    const post = h.fake.calls.slice(n).find((c) => c.method === 'POST' && c.path === `/channels/${h.fake.channelId}/messages`)!;
    expect(post.status).toBe(200);
    expect(post.authorization).toBe(`Bot ${h.fake.token}`);
    expect(limitViolations(post.body)).toEqual([]);
    const msg = messageOf(post);
    // Posts use the server's language (VIRTBOT_LANG ja here); replies to a user use theirs.
    expect(bodyText(msg)).toMatch(/今日の問題（2026-11-30）/);
    const ids = componentsOf(msg).map((c) => c.custom_id as string);
    const instanceId = Number(/^quiz\.a:(\d+):/.exec(ids[0]!)![1]);
    const key = keyOf(h.app.db, instanceId);

    h.app.clock.set('2026-11-30T00:02:00Z');
    const right = await h.fake.callback(h.fake.button(`quiz.a:${instanceId}:${key.right[0]}`, msg, { userId: '100000000000000011', username: 'ann' }));
    expect(right.body.data.flags & 64).toBe(64);
    expect(bodyText(right.body)).toMatch(/Correct/);

    h.app.clock.set('2026-11-30T00:03:00Z');
    const m = h.fake.calls.length;
    expect((await h.app.services.daily.runDue(h.app.clock.now())).revealed).toBe(1);
    const edit = h.fake.calls.slice(m).find((c) => c.method === 'PATCH')!;
    expect(edit.path).toBe(`/channels/${h.fake.channelId}/messages/${msg.id}`);
    expect(edit.authorization).toBe(`Bot ${h.fake.token}`);
    expect(limitViolations(edit.body)).toEqual([]);
    const revealed = h.fake.messages.get(msg.id)!;
    expect(bodyText(revealed)).toMatch(/答え合わせ/);
    expect(bodyText(revealed)).toMatch(/1 \/ 1 人（100%）/);
    expect(componentsOf(revealed)).toHaveLength(0);

    const late = await h.fake.callback(h.fake.button(`quiz.a:${instanceId}:${key.right[0]}`, msg, { userId: '100000000000000012', username: 'ben' }));
    expect(late.body.data.flags & 64).toBe(64);
    expect(bodyText(late.body)).toMatch(/closed/);

    const status = await h.fake.callback(h.fake.slash('daily status', {}, { userId: '100000000000000012' }));
    expect(bodyText(status.body)).toMatch(/Next post\n2026-12-01 09:01 \(Asia\/Tokyo\)/);
  });

  it('a channel that forbids the bot (50013) pauses only itself', async () => {
    const blocked = '200000000000000777';
    h.fake.failChannel(blocked, 403, 50013);
    h.app.clock.set('2026-11-30T10:00:00Z');
    await h.fake.callback(h.fake.slash('daily set', { time: '20:00', channel: blocked, zone: 'Asia/Tokyo' }, ADMIN));
    const denied = await h.fake.callback(h.fake.slash('daily set', { time: '20:00', channel: blocked }, { userId: '100000000000000012' }));
    expect(bodyText(denied.body)).toMatch(/admins/);

    h.app.clock.set('2026-11-30T11:00:00Z');
    expect((await h.app.services.daily.runDue(h.app.clock.now())).paused).toBe(1);
    const repo = new DailyRepo(h.app.db);
    const sub = repo.byChannel('discord', h.fake.guildId, blocked)!;
    expect(sub.status).toBe('paused');
    expect(sub.pauseReason).toMatch(/^forbidden: discord 403 50013/);
    expect(repo.byChannel('discord', h.fake.guildId, h.fake.channelId)!.status).toBe('active');
    const status = await h.fake.callback(h.fake.slash('daily status', { channel: blocked }, ADMIN));
    expect(bodyText(status.body)).toMatch(/paused — forbidden/);
    // The good channel posts the next day as usual.
    h.app.clock.set('2026-12-01T00:01:00Z');
    expect((await h.app.services.daily.runDue(h.app.clock.now())).posted).toBe(1);
  });
});
