/**
 * The console flow of "Done when": daily set a minute from now → the question is
 * posted at that minute, click answers it, the reveal appears at the reveal time,
 * daily status shows the schedule. Also the node-cron tick (fake timers) and the
 * start-up catch-up of `npm start`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/adapter.js';
import { createApp } from '../../src/app.js';
import { startDailyTick } from '../../src/core/daily/tick.js';
import type { Reply } from '../../src/core/model.js';
import { content, tempDir, testApp, TestClock, type TestApp } from '../helpers/app.js';
import { singleChoiceOnly } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

/** A console whose every printed line (replies and proactive posts) is kept, with the scheduler posting to it. */
function consoleApp(clock: TestClock, opts: { singleChoice?: boolean } = {}): { app: TestApp; out: Reply[]; line(s: string): Promise<Reply[]> } {
  const app = testApp({ clock, ...(opts.singleChoice ? { content: singleChoiceOnly() } : {}) });
  cleanups.push(() => app.cleanup());
  const output = new PassThrough();
  const out: Reply[] = [];
  output.on('data', (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Reply)));
  const c = new ConsoleAdapter(app.router, { input: new PassThrough(), output, json: true, clock });
  app.services.daily.attach(c, ['console']);
  return {
    app,
    out,
    async line(s: string) {
      const from = out.length;
      await c.line(s);
      await new Promise((r) => setImmediate(r));
      return out.slice(from);
    },
  };
}

describe('console: daily question end to end', () => {
  it('set a minute from now → post → click → reveal; status shows the schedule', async () => {
    const clock = new TestClock(new Date('2026-11-30T00:00:20Z')); // 09:00:20 in Tokyo
    // Single-choice questions only, so the question has buttons and `click 1` answers it.
    const { app, out, line } = consoleApp(clock, { singleChoice: true });
    const set = await line('/virt daily set time:09:01 zone:Asia/Tokyo reveal:09:03');
    expect(set[0]!.message.title).toMatch(/設定しました/);
    expect(set[0]!.message.fallback).toMatch(/2026-11-30 09:01 \(Asia\/Tokyo\) · 2026-11-30 00:01 UTC/);

    const status = await line('/virt daily status');
    expect(status[0]!.message.fallback).toMatch(/#general/);
    expect(status[0]!.message.fallback).toMatch(/毎日 09:01（Asia\/Tokyo、UTC\+09:00）/);
    expect(status[0]!.message.fallback).toMatch(/答え合わせ: 09:03/);

    clock.set('2026-11-30T00:01:00Z');
    const before = out.length;
    await app.services.daily.runDue(clock.now());
    const posted = out.slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.visibility).toBe('public');
    expect(posted[0]!.message.title).toMatch(/#general .*今日の問題（2026-11-30）/);
    expect(posted[0]!.message.fallback).toMatch(/答え合わせ: 2026-11-30 09:03 \(Asia\/Tokyo\)/);

    // Answer it the way a JSON console user would: click the post's first button by its id.
    const firstButton = (posted[0]!.message.blocks.find((b) => b.type === 'buttons') as { buttons: { id: string }[] }).buttons[0]!.id;
    clock.set('2026-11-30T00:02:00Z');
    const result = await line(`click ${firstButton}`);
    expect(result[0]!.visibility).toBe('private');
    expect(result[0]!.message.title).toMatch(/正解|不正解|惜しい/);

    clock.set('2026-11-30T00:03:00Z');
    const b2 = out.length;
    expect((await app.services.daily.runDue(clock.now())).revealed).toBe(1);
    const reveal = out.slice(b2);
    expect(reveal).toHaveLength(1);
    expect(reveal[0]!.message.title).toMatch(/^#\S+ ✎ .*答え合わせ/);
    expect(reveal[0]!.message.title).not.toMatch(/console-\d/);
    expect(reveal[0]!.message.fallback).toMatch(/正解した人: [01] \/ 1 人/);

    // After the reveal another user's answer is closed.
    await line(':user bob');
    const late = await line(`click ${firstButton}`);
    expect(late[0]!.message.title).toMatch(/締め切られました/);

    const after = await line('/virt daily status');
    expect(after[0]!.message.fallback).toMatch(/前回の出題: 2026-11-30 09:01 \(Asia\/Tokyo\)/);
    expect(after[0]!.message.fallback).toMatch(/次の出題: 2026-12-01 09:01 \(Asia\/Tokyo\)/);
  });

  it('daily now posts right away; daily off stops it; non-admins cannot change it', async () => {
    const clock = new TestClock(new Date('2026-11-30T03:00:00Z'));
    const { app, line, out } = consoleApp(clock);
    expect((await line('/virt daily now'))[0]!.message.fallback).toMatch(/^このチャンネル（#general）には毎日の問題が設定されていません。\/virt daily set time:09:00 で/);
    await line('/virt daily set 09:00');
    // Another channel is named, not "this channel" (it was, about a channel that was not this one).
    // `#name` alone fills the channel, as the usage `/virt daily status [channel]` reads.
    for (const cmd of ['/virt daily off channel:#nothere', '/virt daily now channel:#new1', '/virt daily status channel:#nothere', '/virt daily status #nothere', '/virt daily off #nothere']) {
      const text = (await line(cmd))[0]!.message.fallback;
      expect(text, cmd).toMatch(/^#(nothere|new1) には毎日の問題が設定されていません。\/virt daily set time:09:00 channel:#(nothere|new1) で/);
      expect(text, cmd).not.toMatch(/このチャンネル/);
    }
    const before = out.length;
    const now = await line('/virt daily now');
    expect(out.slice(before).some((r) => r.visibility === 'public' && /今日の問題/.test(r.message.title ?? ''))).toBe(true);
    expect(now.at(-1)!.message.fallback).toMatch(/投稿しました/);
    // The manual post does not take the place of the next scheduled one.
    clock.set('2026-12-01T00:00:00Z');
    expect((await app.services.daily.runDue(clock.now())).posted).toBe(1);

    await line(':admin off');
    expect((await line('/virt daily off'))[0]!.message.fallback).toMatch(/管理者だけ/);
    expect((await line('/virt daily set 10:00'))[0]!.message.fallback).toMatch(/管理者だけ/);
    expect((await line('/virt daily status'))[0]!.message.fallback).toMatch(/毎日 09:00/);
    await line(':admin on');
    expect((await line('/virt daily off'))[0]!.message.fallback).toMatch(/止めました/);
    clock.set('2026-12-02T00:00:00Z');
    expect((await app.services.daily.runDue(clock.now())).claimed).toBe(0);
    expect((await line('/virt daily status'))[0]!.message.fallback).toMatch(/状態: オフ/);
  });

  it('bad input gets a clear answer and changes nothing', async () => {
    const { app, line } = consoleApp(new TestClock());
    const say = async (s: string) => (await line(s))[0]!.message.fallback;
    expect(await say('/virt daily set 25:00')).toMatch(/00:00〜23:59/);
    expect(await say('/virt daily set 09:00 zone:Asia/Tokio')).toMatch(/Asia\/Tokyo/);
    expect(await say('/virt daily set 09:00 zone:UTC+9')).toMatch(/固定オフセット（UTC\+09:00）.*Asia\/Tokyo/);
    expect(await say('/virt daily set 09:00 zone:Etc/GMT-9')).toMatch(/固定オフセット（UTC\+09:00）.*Asia\/Tokyo/);
    expect(await say('/virt daily set 09:00 EST')).toMatch(/略号.*America\/New_York/);
    expect(await say('/virt daily set 09:00 zone:JST')).toMatch(/略号.*Asia\/Tokyo/);
    expect(await say('/virt daily set 09:00 objectives:330.9')).toMatch(/330\.9/);
    expect(await say('/virt daily set 09:00 reveal:later')).toMatch(/reveal/);
    expect(await say('/virt daily set')).toMatch(/time/);
    expect(app.services.daily.subscriptions('console', 'console')).toHaveLength(0);
    // English, with objectives and another channel.
    await line(':locale en');
    expect(await say('/virt daily set 7:30 channel:#study zone:asia/kolkata objectives:330.3,330.2')).toMatch(/every day at 07:30 \(Asia\/Kolkata, UTC\+05:30\)[\s\S]*330\.2, 330\.3/);
    expect(app.services.daily.subscription({ platform: 'console', workspaceId: 'console', channelId: 'study' })?.objectives).toEqual(['330.2', '330.3']);
  });

  it('zone autocomplete offers the default and matching IANA names', () => {
    const { app } = consoleApp(new TestClock());
    const base = { user: { platform: 'console' as const, workspaceId: 'console', userId: 'you' }, channelId: 'general', isDirect: false, isAdmin: true, receivedAt: new Date() };
    const s = app.router.autocomplete({ ...base, kind: 'autocomplete', name: 'daily set', args: { zone: 'new_y' }, focused: 'zone' });
    expect(s.map((x) => x.value)).toEqual(['America/New_York']);
    const all = app.router.autocomplete({ ...base, kind: 'autocomplete', name: 'daily set', args: { zone: '' }, focused: 'zone' });
    expect(all[0]!.value).toBe('Asia/Tokyo');
    expect(all.length).toBe(25);
  });
});

describe('the minute tick (node-cron, fake timers)', () => {
  it('ticks runDue every minute after a start-up catch-up', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-30T00:00:30Z'));
    const clock = new TestClock(new Date('2026-11-30T00:00:30Z'));
    const { app, out } = consoleApp(clock);
    app.services.daily.set({ platform: 'console', workspaceId: 'console', channelId: 'general', localTime: '09:01', zone: 'Asia/Tokyo', objectives: [], revealTime: null, createdBy: null });
    const tick = startDailyTick(app.services.daily, app.services.log);
    try {
      await vi.advanceTimersByTimeAsync(1_000);
      expect(out).toHaveLength(0); // the start-up catch-up found nothing due
      clock.set('2026-11-30T00:01:00Z');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(out.filter((r) => /今日の問題/.test(r.message.title ?? ''))).toHaveLength(1);
    } finally {
      await tick.stop();
    }
  });
});

describe('npm start: the start-up catch-up', () => {
  it('posts the question missed earlier today when the console starts', () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.cleanup());
    const dbFile = join(tmp.dir, 'start.db');
    // A subscription whose slot (00:00 in UTC) already passed today, and that was owed.
    const setup = createApp({ dbFile, content: content(), clock: new TestClock(new Date(Date.now() - 86_400_000)) });
    setup.services.daily.set({ platform: 'console', workspaceId: 'console', channelId: 'general', localTime: '00:00', zone: 'UTC', objectives: [], revealTime: null, createdBy: null });
    setup.close();
    const root = new URL('../..', import.meta.url).pathname;
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--json'], {
      cwd: root,
      input: '/virt daily status\n',
      env: { ...process.env, VIRTBOT_DB: dbFile, VIRTBOT_TZ: 'UTC', LOG_LEVEL: 'silent', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    const replies = res.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Reply);
    expect(replies.filter((r) => r.visibility === 'public' && /#general/.test(r.message.title ?? ''))).toHaveLength(1);
    expect(replies.some((r) => /前回の出題/.test(r.message.fallback))).toBe(true);
  });
});
