/**
 * Quiz benchmark (`npm run bench`):
 *  1. answers recorded per second through the core (router → quiz service → one
 *     IMMEDIATE transaction with the answer and its aggregates) versus a bare
 *     prepared INSERT of the same rows into the same table, one commit each, with
 *     the same file settings (openDb's WAL and synchronous=NORMAL, and on both sides the
 *     background checkpointer that npm start runs). Goal: ratio >= 0.5.
 *  2. leaderboard and progress latency p50/p99 at 1M answers from 10k users in 20
 *     servers (goal: p99 < 5 ms). The 1M answers are bulk-loaded by ./quizData.ts, whose
 *     output test/db/benchData.test.ts checks is identical to the live answer path's.
 * Runs in a temp directory on disk (not tmpfs, so fsync costs what it costs).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../app.js';
import { loadContent } from '../content/load.js';
import type { Question } from '../content/schema.js';
import type { Incoming } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import { LocalCalendar } from '../core/progress/calendar.js';
import { LETTERS } from '../core/quiz/render.js';
import { AnswerRepo, channelBoard, serverBoard } from '../db/answers.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { openDb } from '../db/open.js';
import { SettingsRepo } from '../db/settings.js';
import { createLogger } from '../logger.js';
import { generate, loadBulk, rng, type DataShape } from './quizData.js';
import { median, percentile as pct } from './stats.js';

const SERVERS = 20;
const USERS = 10_000;
const ANSWERS = 1_000_000;
const CHANNELS_PER_SERVER = 5;
/** Users answering each instance in the load (so 1M answers need 100k instances). */
const ANSWERS_PER_INSTANCE = 10;
const DAYS = 120;
/** Data ends, and reads happen, on Friday 2026-11-27 12:00 JST. */
const READ_AT = Date.parse('2026-11-27T03:00:00Z');
const WRITE_SECONDS = 6;
const WRITE_ROUNDS = 6;
/** Answers in flight at once in the burst rounds. */
const BURST = 32;
/** Answers already in the write benchmark's database before it measures. */
const PRELOAD = 30_000;


function latency(n: number, fn: (i: number) => void): { p50: number; p99: number; max: number } {
  for (let i = 0; i < 200; i++) fn(i); // warm the statement cache and pages
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(pct(times, 50)), p99: r(pct(times, 99)), max: r(times[times.length - 1]!) };
}

const fixedClock = (ms: number): Clock & { ms: number } => {
  const c = { ms, now: () => new Date(c.ms) };
  return c;
};

/**
 * Part 1: answers per second through the core vs a bare prepared insert, one answer at
 * a time and in bursts of BURST (group commit). The database
 * first gets a history (PRELOAD answers from the same users), so the aggregate rows
 * exist as they do in a bot that has been running; the bare side inserts exactly the
 * rows the core wrote into a byte copy of that database. Rounds alternate core / bare
 * so a busy machine slows both alike; the ratio is the median of the rounds.
 */
interface Rate {
  corePerSec: number;
  barePerSec: number;
  ratio: number;
}
interface WriteFigures {
  answers: number;
  history: number;
  synchronous: string | number;
  sequential: Rate;
  burst: Rate & { inFlight: number };
}

async function writeThroughput(dir: string): Promise<WriteFigures> {
  const content = loadContent();
  const singles = content.questions.filter((q) => q.kind === 'single') as Extract<Question, { kind: 'single' }>[];
  const clock = fixedClock(Date.parse('2026-12-01T03:00:00Z'));
  const coreFile = join(dir, 'core.db');
  const app = createApp({ dbFile: coreFile, content, clock, log: createLogger('silent'), defaultLang: 'en', backgroundCheckpoint: true });
  const where = { platform: 'discord' as const, workspaceId: 'G1', channelId: 'C1' };
  const users = 200;
  const targets: { id: number; letter: string; user: string }[] = [];
  const history = new AnswerRepo(app.db, new SettingsRepo(app.db));
  const calendar = new LocalCalendar('Asia/Tokyo');
  const durability = app.db.pragma('synchronous', { simple: true }) as number;
  app.db.pragma('synchronous = OFF');
  app.db.transaction(() => {
    for (let i = 0; i < PRELOAD + 60_000; i++) {
      const q = singles[i % singles.length]!;
      const { instance } = app.services.quiz.postQuestion(q, where, 'quiz', 'en');
      const right = instance.choiceOrder.findIndex((orig) => q.choices[orig]!.correct);
      const letter = LETTERS[i % 3 === 0 ? (right + 1) % instance.choiceOrder.length : right]!;
      const user = `u${i % users}`;
      if (i >= PRELOAD) {
        targets.push({ id: instance.id, letter, user });
        continue;
      }
      const at = clock.ms - (PRELOAD - i) * 60_000;
      history.record({
        user: { platform: 'discord', workspaceId: 'G1', userId: user, displayName: user },
        instanceId: instance.id,
        questionId: q.id,
        objective: q.objective,
        correct: i % 3 !== 0,
        chosen: [instance.choiceOrder[LETTERS.indexOf(letter as (typeof LETTERS)[number])]!],
        typed: null,
        answeredAt: at,
        local: calendar.periodsOf(at),
        boards: { server: serverBoard('discord', 'G1'), channel: channelBoard('discord', 'G1', 'C1') },
      });
    }
  })();
  app.db.pragma(`synchronous = ${durability}`);
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  const bareFile = join(dir, 'bare.db');
  copyFileSync(coreFile, bareFile);
  const bare = openDb(bareFile);
  const bareCheckpointer = startCheckpointer(bare, bareFile, createLogger('silent'));
  await bareCheckpointer.ready;
  const insert = bare.prepare('INSERT INTO answers (user_ref, instance_id, question_id, objective, correct, chosen, typed, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const written = app.db.prepare('SELECT user_ref, instance_id, question_id, objective, correct, chosen, typed, answered_at FROM answers WHERE id > ? ORDER BY id');
  const incoming = (t: (typeof targets)[number]): Incoming => ({
    kind: 'action',
    name: `quiz.a:${t.id}:${t.letter}`,
    args: {},
    user: { platform: 'discord', workspaceId: 'G1', userId: t.user, displayName: t.user },
    channelId: 'C1',
    isDirect: false,
    isAdmin: false,
    receivedAt: new Date(clock.ms),
  });
  let next = 0;
  let lastId = (app.db.prepare('SELECT max(id) AS m FROM answers').get() as { m: number }).m;
  const modes = { sequential: 1, burst: BURST } as const;
  const rounds: Record<keyof typeof modes, { core: number; bare: number }[]> = { sequential: [], burst: [] };
  let coreTotal = 0;
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    for (const [mode, inFlight] of Object.entries(modes) as [keyof typeof modes, number][]) {
      // Core: `inFlight` answers handed to the router at once (a burst, e.g. everyone answering the daily question), then the next wave.
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < (WRITE_SECONDS * 500) / WRITE_ROUNDS && next + inFlight <= targets.length) {
        const wave = targets.slice(next, next + inFlight);
        next += inFlight;
        const replies = await Promise.all(wave.map((t) => app.router.handle(incoming(t))));
        for (const r of replies) if (!/Correct|Wrong/.test(r[0]!.message.title ?? '')) throw new Error('bench: unexpected reply ' + JSON.stringify(r[0]));
        n += inFlight;
        clock.ms += 50;
      }
      const coreSecs = (performance.now() - t0) / 1000;
      // Bare: the same rows, one prepared INSERT and one commit each.
      const rows = written.raw().all(lastId) as unknown[][];
      lastId += rows.length;
      const t1 = performance.now();
      for (const row of rows) insert.run(...row);
      const bareSecs = (performance.now() - t1) / 1000;
      rounds[mode].push({ core: n / coreSecs, bare: rows.length / bareSecs });
      coreTotal += n;
    }
  }
  await app.stopBackground();
  app.close();
  await bareCheckpointer.stop();
  bare.close();
  const sum = (r: { core: number; bare: number }[]) => ({
    corePerSec: Math.round(median(r.map((x) => x.core))),
    barePerSec: Math.round(median(r.map((x) => x.bare))),
    ratio: Math.round(median(r.map((x) => x.core / x.bare)) * 100) / 100,
  });
  return { answers: coreTotal, history: PRELOAD, synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][durability] ?? durability, sequential: sum(rounds.sequential), burst: { inFlight: BURST, ...sum(rounds.burst) } };
}

/** Runs the quiz benchmark; prints a summary unless `json`. @returns the figures. */
export async function benchQuiz(opts: { json: boolean; parts?: readonly ('write' | 'read')[] }): Promise<Record<string, unknown>> {
  const parts = opts.parts ?? ['write', 'read'];
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-'));
  const say = (s: string) => {
    if (!opts.json) process.stdout.write(s + '\n');
  };
  try {
    if (parts.includes('write')) say('quiz: answers per second through the core vs a bare prepared insert of the same rows (same file settings, after 30k answers of history)...');
    const write = parts.includes('write') ? await writeThroughput(dir) : undefined;
    if (write) {
      const line = (x: Rate) => `core ${x.corePerSec}/s, bare insert ${x.barePerSec}/s, ratio ${x.ratio}`;
      say(`  synchronous=${write.synchronous}; one answer at a time: ${line(write.sequential)}; bursts of ${BURST}: ${line(write.burst)} (goal >= 0.5)`);
    }
    if (!parts.includes('read')) return { write };

    say(`quiz: loading ${ANSWERS.toLocaleString('en')} answers from ${USERS.toLocaleString('en')} users in ${SERVERS} servers...`);
    const zone = 'Asia/Tokyo';
    const file = join(dir, 'big.db');
    const shape: DataShape = {
      servers: SERVERS,
      usersPerServer: USERS / SERVERS,
      channelsPerServer: CHANNELS_PER_SERVER,
      answers: ANSWERS,
      answersPerInstance: ANSWERS_PER_INSTANCE,
      days: DAYS,
      // A Friday late in the month, so the week and month boards are well filled.
      end: READ_AT,
      seed: 42,
    };
    const t0 = performance.now();
    const loadDb = openDb(file);
    loadDb.pragma('synchronous = OFF');
    loadBulk(loadDb, shape, generate(shape, loadContent().questions), zone);
    const loadSecs = (performance.now() - t0) / 1000;
    const userRefs = Array.from({ length: USERS }, (_, i) => i + 1);
    const serverOf = userRefs.map((_, i) => Math.floor(i / shape.usersPerServer));
    const counts = loadDb.prepare('SELECT (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM board_scores) AS boardRows').get() as { answers: number; boardRows: number };
    loadDb.pragma('synchronous = FULL');
    loadDb.close();
    say(`  ${counts.answers.toLocaleString('en')} answers, ${counts.boardRows.toLocaleString('en')} board rows, bulk-loaded in ${loadSecs.toFixed(1)} s`);

    // A fresh process-like open: default cache, the app's own services.
    const clock = fixedClock(READ_AT);
    const app = createApp({ dbFile: file, clock, log: createLogger('silent'), timeZone: zone, backgroundCheckpoint: true });
    const r = rng(7);
    const periods = ['week', 'month', 'all'] as const;
    const scopes = ['server', 'channel'] as const;
    const objectives = [undefined, '330.1', '330.2', '330.3', '330.4', '330.5', '330.6'];
    const N = 5000;
    const pick = () => Math.floor(r() * userRefs.length);
    const leaderboard = latency(N, () => {
      const i = pick();
      const s = serverOf[i]!;
      const objective = r() < 0.5 ? undefined : objectives[Math.floor(r() * objectives.length)];
      app.services.leaderboard.board({
        platform: 'discord',
        workspaceId: `G${s}`,
        channelId: `C${s}-${Math.floor(r() * CHANNELS_PER_SERVER)}`,
        period: periods[Math.floor(r() * periods.length)]!,
        scope: scopes[Math.floor(r() * scopes.length)]!,
        ...(objective ? { objective } : {}),
        userRef: userRefs[i]!,
      });
    });
    say(`  leaderboard: p50 ${leaderboard.p50} ms, p99 ${leaderboard.p99} ms, max ${leaderboard.max} ms (goal p99 < 5 ms)`);
    const progress = latency(N, () => {
      app.services.progress.report(userRefs[pick()]!);
    });
    say(`  progress:    p50 ${progress.p50} ms, p99 ${progress.p99} ms, max ${progress.max} ms (goal p99 < 5 ms)`);
    // The whole command through the router (argument checks, rendering) for scale.
    const handle = (name: string, args: Record<string, string>) => (i: number) => {
      const u = i % userRefs.length;
      return app.router.handle({
        kind: 'command',
        name,
        args,
        user: { platform: 'discord', workspaceId: `G${serverOf[u]}`, userId: `U${serverOf[u]}-${u % (USERS / SERVERS)}` },
        channelId: `C${serverOf[u]}-0`,
        isDirect: false,
        isAdmin: false,
        receivedAt: new Date(clock.ms),
      });
    };
    const cmd = async (name: string, args: Record<string, string>) => {
      const f = handle(name, args);
      const times: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const t0 = performance.now();
        await f(Math.floor(r() * userRefs.length));
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { p50: Math.round(pct(times, 50) * 1000) / 1000, p99: Math.round(pct(times, 99) * 1000) / 1000 };
    };
    const lbCmd = await cmd('leaderboard', { period: 'week' });
    const prCmd = await cmd('progress', {});
    say(`  whole command: /virt leaderboard p50 ${lbCmd.p50} ms p99 ${lbCmd.p99} ms; /virt progress p50 ${prCmd.p50} ms p99 ${prCmd.p99} ms`);
    app.close();
    return {
      write,
      dataset: { answers: counts.answers, users: USERS, servers: SERVERS, boardRows: counts.boardRows, loadSeconds: Math.round(loadSecs * 10) / 10 },
      leaderboardMs: leaderboard,
      progressMs: progress,
      commandMs: { leaderboard: lbCmd, progress: prCmd },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
