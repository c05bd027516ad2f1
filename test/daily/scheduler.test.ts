/** The daily scheduler: runDue called directly with an injected clock; no timers, no waiting. */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { LEASE_MS, MAX_ATTEMPTS } from '../../src/core/daily/service.js';
import { DailyRepo } from '../../src/db/daily.js';
import { content, TestClock } from '../helpers/app.js';
import { dailyApps, postedDays, RecordingPoster, type DailyTestApp } from './helpers.js';

const make = dailyApps();

const repoOf = (a: DailyTestApp) => new DailyRepo(a.db);

describe('runDue: one post per subscription and local date', () => {
  it('posts at the slot, once, and again the next day', async () => {
    const a = make();
    a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo' });
    expect((await a.tick('2026-11-29T23:59:00Z')).claimed).toBe(0);
    expect((await a.tick('2026-11-30T00:00:00Z')).posted).toBe(1);
    expect((await a.tick('2026-11-30T00:00:40Z')).claimed).toBe(0);
    expect((await a.tick('2026-11-30T05:00:00Z')).claimed).toBe(0);
    expect((await a.tick('2026-12-01T00:00:00Z')).posted).toBe(1);
    expect(postedDays(a.poster)).toEqual(['2026-11-30', '2026-12-01']);
    // The post is the quiz's question with its answer controls, under the daily header.
    const m = a.poster.posts[0]!.message;
    expect(m.title).toMatch(/今日の問題（2026-11-30）/);
    expect(m.blocks.some((b) => b.type === 'buttons' || b.type === 'select' || b.type === 'input')).toBe(true);
  });

  it('restart after the claim: a claimed post is made once by the next process; one caught mid-send is never re-sent', async () => {
    const a = make();
    a.subscribe('first', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.subscribe('second', { localTime: '09:00', zone: 'Asia/Tokyo' });
    // The console queue sends one at a time: 'first' hangs in the platform call (the
    // process dies there), 'second' is claimed and still waiting in the queue.
    a.poster.post = () => new Promise(() => undefined);
    a.clock.set('2026-11-30T00:00:00Z');
    void a.services.daily.runDue(a.clock.now());
    await new Promise((r) => setTimeout(r, 20));
    const repo = repoOf(a);
    expect(repo.lastAttempt(1)?.state).toBe('sending');
    expect(repo.lastAttempt(2)?.state).toBe('claimed');
    // The question was chosen and stored with the claim: whoever posts it posts the same one.
    const prepared = repo.lastAttempt(2)!;
    expect(prepared.questionId).not.toBeNull();

    // Restart (same file, new process id). Within the dead process's lease nothing happens.
    const clock = new TestClock(new Date('2026-11-30T00:01:00Z'));
    const b = make({ dbFile: a.dbFile, clock, name: 'b' });
    expect((await b.services.daily.runDue(clock.now())).claimed).toBe(0);
    clock.set(new Date(Date.parse('2026-11-30T00:00:00Z') + LEASE_MS));
    expect(await b.services.daily.runDue(clock.now())).toMatchObject({ claimed: 1, posted: 1 });
    for (const t of ['2026-11-30T00:30:00Z', '2026-11-30T10:00:00Z']) {
      clock.set(t);
      expect((await b.services.daily.runDue(clock.now())).claimed).toBe(0);
    }
    // A third start the same day adds nothing either.
    const c = make({ dbFile: a.dbFile, clock: new TestClock(new Date('2026-11-30T11:00:00Z')), name: 'c' });
    expect((await c.services.daily.runDue(c.clock.now())).claimed).toBe(0);
    expect(postedDays(b.poster, 'second')).toEqual(['2026-11-30']);
    expect(repoOf(b).lastPosted(2)).toMatchObject({ questionId: prepared.questionId, instanceId: prepared.instanceId });
    expect(b.poster.postsTo('first')).toHaveLength(0);
    expect(c.poster.posts).toHaveLength(0);
    const first = repoOf(b).lastAttempt(1)!;
    expect(first.state).toBe('failed');
    expect(first.lastError).toMatch(/outcome unknown/);
    // The next day both channels post normally.
    clock.set('2026-12-01T00:00:00Z');
    expect((await b.services.daily.runDue(clock.now())).posted).toBe(2);
  });

  it('two processes on one database file: each channel posted once', async () => {
    const a = make({ name: 'a' });
    for (let i = 0; i < 10; i++) a.subscribe(`ch${i}`, { localTime: '09:00', zone: 'Asia/Tokyo' });
    const b = make({ dbFile: a.dbFile, name: 'b', clock: new TestClock(new Date('2026-11-30T00:00:00Z')) });
    a.clock.set('2026-11-30T00:00:00Z');
    const [ra, rb] = await Promise.all([a.services.daily.runDue(a.clock.now()), b.services.daily.runDue(b.clock.now())]);
    expect(ra.posted + rb.posted).toBe(10);
    const channels = [...a.poster.posts, ...b.poster.posts].map((p) => p.to.channelId).sort();
    expect(channels).toEqual(Array.from({ length: 10 }, (_, i) => `ch${i}`).sort());
    // Later ticks of either process in the same day add nothing.
    for (const t of ['2026-11-30T00:01:00Z', '2026-11-30T12:00:00Z']) {
      a.clock.set(t);
      b.clock.set(t);
      const [x, y] = await Promise.all([a.services.daily.runDue(a.clock.now()), b.services.daily.runDue(b.clock.now())]);
      expect(x.claimed + y.claimed).toBe(0);
    }
  });

  it('a clock jump of 3 days: at most one catch-up post, only for the current local date', async () => {
    const a = make();
    a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo' });
    await a.tick('2026-11-30T00:00:00Z');
    // Jump to 12-03 08:00 Tokyo: 12-01 and 12-02 are gone for good, 12-03 is not due yet.
    const s1 = await a.tick('2026-12-02T23:00:00Z');
    expect(s1.claimed).toBe(0);
    expect(s1.missed).toBe(1);
    expect((await a.tick('2026-12-03T00:00:00Z')).posted).toBe(1);
    // Jump again, this time past the day's slot: 12-06 15:00 Tokyo posts 12-06's question once.
    expect((await a.tick('2026-12-06T06:00:00Z')).posted).toBe(1);
    expect((await a.tick('2026-12-06T06:01:00Z')).claimed).toBe(0);
    expect(postedDays(a.poster)).toEqual(['2026-11-30', '2026-12-03', '2026-12-06']);
  });

  it('a catch-up on start posts the missed post of the same local date', async () => {
    const a = make();
    a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.close();
    // "Down" from before 09:00 until 14:00 Tokyo; the start-up runDue makes today's post.
    const b = make({ dbFile: a.dbFile, clock: new TestClock(new Date('2026-11-30T05:00:00Z')) });
    expect((await b.services.daily.runDue(b.clock.now())).posted).toBe(1);
    expect(postedDays(b.poster)).toEqual(['2026-11-30']);
  });
});

/** runDue every minute from `from` to `to` (ISO), returning the instants posts were made. */
async function sweep(a: DailyTestApp, from: string, to: string): Promise<string[]> {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 60_000) {
    const before = a.poster.posts.length;
    await a.tick(new Date(t).toISOString());
    for (let i = before; i < a.poster.posts.length; i++) out.push(new Date(t).toISOString());
  }
  return out;
}

describe('time zones and DST', () => {
  it('America/New_York 02:30 on 2026-03-08 (spring forward): posted once, at 03:00 EDT', async () => {
    const a = make({ clock: new TestClock(new Date('2026-03-06T12:00:00Z')) });
    a.subscribe('ny', { localTime: '02:30', zone: 'America/New_York' });
    const at = await sweep(a, '2026-03-07T00:00:00Z', '2026-03-09T12:00:00Z');
    expect(at).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
    expect(postedDays(a.poster)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('America/New_York 01:30 on 2026-11-01 (fall back): posted once, at the first 01:30', async () => {
    const a = make({ clock: new TestClock(new Date('2026-10-30T12:00:00Z')) });
    a.subscribe('ny', { localTime: '01:30', zone: 'America/New_York' });
    const at = await sweep(a, '2026-10-31T00:00:00Z', '2026-11-02T12:00:00Z');
    expect(at).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    expect(postedDays(a.poster)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('Asia/Tokyo (no DST) and Asia/Kolkata (+05:30): local dates and instants', async () => {
    const a = make({ clock: new TestClock(new Date('2026-11-29T12:00:00Z')) });
    a.subscribe('tokyo', { localTime: '00:15', zone: 'Asia/Tokyo' });
    a.subscribe('kolkata', { localTime: '09:00', zone: 'Asia/Kolkata' });
    const at = await sweep(a, '2026-11-29T12:00:00Z', '2026-11-30T12:00:00Z');
    expect(at).toEqual(['2026-11-29T15:15:00.000Z', '2026-11-30T03:30:00.000Z']);
    expect(postedDays(a.poster, 'tokyo')).toEqual(['2026-11-30']);
    expect(postedDays(a.poster, 'kolkata')).toEqual(['2026-11-30']);
  });
});

describe('failures', () => {
  it('a forbidden channel pauses only itself; set clears the pause', async () => {
    const a = make();
    for (const c of ['a', 'b', 'c']) a.subscribe(c, { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.poster.always('b', { status: 'forbidden', reason: 'Missing Permissions (50013)' });
    const s = await a.tick('2026-11-30T00:00:00Z');
    expect(s).toMatchObject({ posted: 2, paused: 1 });
    const repo = repoOf(a);
    const b = repo.byChannel('console', 'console', 'b')!;
    expect(b.status).toBe('paused');
    expect(b.pauseReason).toBe('forbidden: Missing Permissions (50013)');
    expect(repo.byChannel('console', 'console', 'a')!.status).toBe('active');
    // Next day: a and c again, b is not even tried.
    a.poster.refused = [];
    expect((await a.tick('2026-12-01T00:00:00Z')).posted).toBe(2);
    expect(a.poster.refused).toHaveLength(0);
    expect(a.poster.postsTo('b')).toHaveLength(0);
    // Status shows the reason; nothing was deleted.
    const status = await a.chat('/virt daily status channel:b');
    expect(status[0]!.message.fallback).toMatch(/Missing Permissions/);
    // Fixed: set clears the pause and the next slot posts.
    a.poster.script.delete('b');
    a.clock.set('2026-12-01T01:00:00Z');
    await a.chat('/virt daily set 09:00 channel:b');
    expect(repo.byChannel('console', 'console', 'b')!.status).toBe('active');
    expect(repo.byChannel('console', 'console', 'b')!.pauseReason).toBeNull();
    await a.tick('2026-12-02T00:00:00Z');
    expect(postedDays(a.poster, 'b')).toEqual(['2026-12-02']);
  });

  it('a gone channel pauses too and is never deleted', async () => {
    const a = make();
    a.subscribe('gone', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.poster.always('gone', { status: 'gone', reason: 'Unknown Channel (10003)' });
    await a.tick('2026-11-30T00:00:00Z');
    const sub = repoOf(a).byChannel('console', 'console', 'gone');
    expect(sub?.status).toBe('paused');
    expect(sub?.pauseReason).toMatch(/^gone: Unknown Channel/);
  });

  it('a transient failure retries later from the database, then posts once', async () => {
    const a = make();
    a.subscribe('flaky', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.subscribe('fine', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.poster.script.set('flaky', [
      { status: 'transient', reason: '429 rate limited' },
      { status: 'transient', reason: 'socket hang up' },
    ]);
    expect(await a.tick('2026-11-30T00:00:00Z')).toMatchObject({ posted: 1, retrying: 1 });
    expect((await a.tick('2026-11-30T00:00:30Z')).claimed).toBe(0); // retry_at not reached
    expect(repoOf(a).byChannel('console', 'console', 'flaky')!.lastError).toMatch(/429/);
    expect(await a.tick('2026-11-30T00:01:00Z')).toMatchObject({ retrying: 1 });
    expect(await a.tick('2026-11-30T00:06:00Z')).toMatchObject({ posted: 1 });
    expect(postedDays(a.poster, 'flaky')).toEqual(['2026-11-30']);
    expect(repoOf(a).byChannel('console', 'console', 'flaky')!.lastError).toBeNull();
    expect((await a.tick('2026-11-30T01:00:00Z')).claimed).toBe(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} transient failures; the channel stays active`, async () => {
    const a = make();
    a.subscribe('down', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.poster.always('down', { status: 'transient', reason: 'HTTP 503' });
    let failed = 0;
    for (let m = 0; m <= 30; m++) failed += (await a.tick(new Date(Date.parse('2026-11-30T00:00:00Z') + m * 60_000).toISOString())).failed;
    expect(failed).toBe(1);
    expect(a.poster.refused).toHaveLength(MAX_ATTEMPTS);
    const sub = repoOf(a).byChannel('console', 'console', 'down')!;
    expect(sub.status).toBe('active');
    expect(sub.lastError).toMatch(/gave up after 4 attempts/);
    // The next day is a new chance.
    a.poster.script.delete('down');
    expect((await a.tick('2026-12-01T00:00:00Z')).posted).toBe(1);
  });

  it('a poster that throws counts as transient and does not stop other channels', async () => {
    const a = make();
    a.subscribe('x', { localTime: '09:00', zone: 'Asia/Tokyo' });
    a.subscribe('y', { localTime: '09:00', zone: 'Asia/Tokyo' });
    const inner = a.poster.post.bind(a.poster);
    a.poster.post = async (to, m) => {
      if (to.channelId === 'x') throw new Error('boom');
      return inner(to, m);
    };
    expect(await a.tick('2026-11-30T00:00:00Z')).toMatchObject({ posted: 1, retrying: 1 });
  });

  it('subscriptions of a platform with no running adapter are left alone', async () => {
    const a = make();
    a.services.daily.set({ platform: 'slack', workspaceId: 'T1', channelId: 'C0123456', localTime: '09:00', zone: 'Asia/Tokyo', objectives: [], revealTime: null, createdBy: null });
    expect((await a.tick('2026-11-30T00:00:00Z')).claimed).toBe(0);
    expect(repoOf(a).byChannel('slack', 'T1', 'C0123456')!.status).toBe('active');
  });
});

describe('throttled queue', () => {
  it('many channels due in the same minute go out within the platform\'s concurrency', async () => {
    const clock = new TestClock(new Date('2026-11-29T00:00:00Z'));
    const a = make({ clock });
    // Rebuild the service's limits: 2 at a time for the console (no interval wait).
    const { createDailyService } = await import('../../src/core/daily/wire.js');
    const daily = createDailyService({
      db: a.db,
      content: content(),
      clock,
      log: a.services.log,
      quiz: a.services.quiz,
      defaultLang: 'ja',
      timeZone: 'Asia/Tokyo',
      limits: { discord: { perInterval: 1000, intervalMs: 1000, concurrency: 2 }, slack: { perInterval: 1000, intervalMs: 1000, concurrency: 2 }, console: { perInterval: 1000, intervalMs: 1000, concurrency: 2 } },
    });
    const poster = new RecordingPoster('q');
    daily.attach(poster, ['console']);
    for (let i = 0; i < 30; i++) a.subscribe(`c${i}`, { localTime: '09:00', zone: 'Asia/Tokyo' });
    clock.set('2026-11-30T00:00:00Z');
    expect((await daily.runDue(clock.now())).posted).toBe(30);
    expect(poster.maxConcurrent).toBe(2);
  });
});

describe('question choice', () => {
  it('no repeat in a channel until the pool is used up', async () => {
    const a = make();
    const pool = content().questions.filter((q) => q.objective === '330.6').map((q) => q.id);
    expect(pool.length).toBeGreaterThan(1);
    a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo', objectives: ['330.6'] });
    const repo = repoOf(a);
    const asked: string[] = [];
    for (let d = 0; d < pool.length + 1; d++) {
      await a.tick(new Date(Date.parse('2026-11-30T00:00:00Z') + d * 86_400_000).toISOString());
      asked.push(repo.lastPosted(1)!.questionId!);
    }
    expect(new Set(asked.slice(0, pool.length)).size).toBe(pool.length);
    expect(asked.slice(0, pool.length).sort()).toEqual([...pool].sort());
    expect(pool).toContain(asked[pool.length]);
  });
});

describe('set', () => {
  it('a new time later on a day already posted waits for the next day', async () => {
    const a = make();
    a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo' });
    await a.tick('2026-11-30T00:00:00Z');
    a.clock.set('2026-11-30T01:00:00Z');
    a.subscribe('study', { localTime: '12:00', zone: 'Asia/Tokyo' });
    expect(repoOf(a).byChannel('console', 'console', 'study')!.nextRunAt).toBe(Date.parse('2026-12-01T03:00:00Z'));
    expect((await a.tick('2026-11-30T03:00:00Z')).claimed).toBe(0);
    expect((await a.tick('2026-12-01T03:00:00Z')).posted).toBe(1);
  });

  it('createApp without an attached poster claims nothing', async () => {
    const a = make();
    const plain = createApp({ dbFile: a.dbFile, content: content(), clock: new TestClock(new Date('2026-11-30T00:00:00Z')) });
    try {
      a.subscribe('study', { localTime: '09:00', zone: 'Asia/Tokyo' });
      expect((await plain.services.daily.runDue(new Date('2026-11-30T00:00:00Z'))).claimed).toBe(0);
    } finally {
      plain.close();
    }
  });
});

describe('two real processes on one database file', () => {
  it('racing runDue on a shared clock over three days: every channel posted exactly once per local date', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const a = make({ clock: new TestClock(new Date('2026-11-29T12:00:00Z')) });
    const channels = Array.from({ length: 12 }, (_, i) => `c${i}`);
    for (const c of channels) a.subscribe(c, { localTime: '09:00', zone: 'Asia/Tokyo' });
    const root = new URL('../..', import.meta.url).pathname;
    const script = join(root, 'test/daily/fixtures/daily-worker.ts');
    const workers = ['p1', 'p2'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, a.dbFile, name], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
      const lines: string[] = [];
      const waiters: { word: string; count: number; resolve: () => void }[] = [];
      let buf = '';
      child.stdout.on('data', (b: Buffer) => {
        buf += b.toString('utf8');
        const parts = buf.split('\n');
        buf = parts.pop()!;
        lines.push(...parts);
        for (const w of waiters.splice(0)) {
          if (lines.filter((l) => l === w.word).length >= w.count) w.resolve();
          else waiters.push(w);
        }
      });
      const seen = (word: string, count: number) =>
        new Promise<void>((resolve) => {
          if (lines.filter((l) => l === word).length >= count) resolve();
          else waiters.push({ word, count, resolve });
        });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, lines, seen, exited };
    });
    await Promise.all(workers.map((w) => w.seen('ready', 1)));
    // Both processes see the same wall clock; each step starts in both at once.
    let step = 0;
    for (let d = 0; d < 3; d++) {
      for (const m of [0, 1, 5]) {
        const iso = new Date(Date.parse('2026-11-30T00:00:00Z') + d * 86_400_000 + m * 60_000).toISOString();
        step++;
        for (const w of workers) w.child.stdin.write(iso + '\n');
        await Promise.all(workers.map((w) => w.seen('ok', step)));
      }
    }
    for (const w of workers) w.child.stdin.end();
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const posts = workers.flatMap((w) => w.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { by: string; channel: string; title: string }));
    const keys = posts.map((p) => `${p.channel} ${/[（(](\d{4}-\d{2}-\d{2})[）)]/.exec(p.title)?.[1]}`).sort();
    const expected = channels.flatMap((c) => ['2026-11-30', '2026-12-01', '2026-12-02'].map((d) => `${c} ${d}`)).sort();
    expect(keys).toEqual(expected);
  }, 120_000);
});
