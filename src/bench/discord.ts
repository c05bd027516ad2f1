/**
 * Discord benchmark (`npm run bench`): interactions per second and p50/p99 from the
 * fake gateway writing INTERACTION_CREATE to the interaction callback arriving at
 * the local fake Discord (test/fakes/discord.ts, 127.0.0.1), for virtbot's adapter
 * (real discord.js Client, router, SQLite) and, on the same fake, a bare discord.js
 * bot that replies with a constant. Prints the p99 ratio (goal: <= 1.5x the bare bot).
 *
 * Workloads: `/virt ask xl list` (slash command, public embed) and a quiz answer
 * (a button on a single-choice question; each click is a new user, so every one is
 * checked and recorded in SQLite), each one at a time (latency) and with
 * CONCURRENCY in flight (throughput). Each bot runs in its own process (virtbot is
 * src/main.ts with DISCORD_API_URL at the fake, as `npm start` runs it; the bare bot is
 * ./bare/discord.ts), so neither shares a heap with the fake or the other bot. The
 * two are connected one after the other, never at once, so each interaction has
 * exactly one receiver; ROUNDS alternate them and the samples are pooled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../app.js';
import { openDb } from '../db/open.js';
import { createLogger } from '../logger.js';
import { FakeDiscord, type FakeMessage, type Injected, type RestCall } from '../../test/fakes/discord.js';
import { spawnBot, stopBot, type RunningBot } from '../../test/helpers/bot.js';
import { cpuMsOf, median, percentile, statsOf, type RunStats } from './stats.js';

/** Interactions measured one at a time, per workload and bot. */
const SEQUENTIAL = 500;
/** Interactions for the throughput run, and how many are in flight at once. */
const THROUGHPUT = 1_500;
const CONCURRENCY = 16;
const WARMUP = 200;

type Stats = RunStats;


/** Injects `total` interactions (`inject(i)`) with `concurrency` in flight; times each from dispatch to its callback at the fake. */
async function drive(fake: FakeDiscord, inject: (i: number) => Injected, total: number, concurrency: number): Promise<{ stats: Stats; times: number[] }> {
  const waiting = new Map<string, (c: RestCall) => void>();
  const off = fake.onCall((c) => {
    if (!c.interactionId || !c.path.endsWith('/callback')) return;
    const done = waiting.get(c.interactionId);
    if (done) {
      waiting.delete(c.interactionId);
      done(c);
    }
  });
  const times: number[] = [];
  let next = 0;
  const one = async (i: number) => {
    let resolve!: (c: RestCall) => void;
    const arrived = new Promise<RestCall>((r) => (resolve = r));
    const it = inject(i);
    waiting.set(it.id, resolve);
    const call = await arrived;
    if (call.status >= 300) throw new Error(`bench: callback refused (${call.status}): ${JSON.stringify(call.body).slice(0, 200)}`);
    times.push(call.at - it.sentAt);
  };
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const elapsed = performance.now() - began;
  off();
  fake.forget();
  return { stats: statsOf(times, elapsed), times };
}

/** Warm-up, then SEQUENTIAL one at a time (their times) and THROUGHPUT with CONCURRENCY in flight, with the bot process's CPU time per interaction (ms, /proc). */
async function measure(fake: FakeDiscord, inject: (i: number) => Injected, pid: number): Promise<{ times: number[]; throughput: Stats; cpuMs: number }> {
  await drive(fake, inject, WARMUP, 4);
  const { times } = await drive(fake, inject, SEQUENTIAL, 1);
  const cpu = cpuMsOf(pid);
  const { stats: throughput } = await drive(fake, inject, THROUGHPUT, CONCURRENCY);
  return { times, throughput, cpuMs: (cpuMsOf(pid) - cpu) / THROUGHPUT };
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** A user id per interaction, so every quiz click is a first answer. */
const userId = (run: string, i: number) => `1${run}${String(i).padStart(12, '0')}`.slice(0, 19);

/** Rounds; each connects the bare bot and then virtbot once, so machine noise hits both alike. */
const ROUNDS = 2;

interface Measured {
  latency: Stats;
  throughput: Stats;
  /** CPU time of the bot's process per interaction under load (ms), mean of the rounds. */
  cpuMs: number;
}

/** Pools the rounds of one workload: p50/p99 over all samples, mean rate. */
function pool(rounds: { times: number[]; throughput: Stats; cpuMs: number }[]): Measured {
  const times = rounds.flatMap((r) => r.times).sort((a, b) => a - b);
  const tp = rounds.map((r) => r.throughput);
  return {
    latency: { n: times.length, p50: percentile(times, 50), p99: percentile(times, 99), perSecond: NaN },
    throughput: { n: tp.reduce((a, t) => a + t.n, 0), p50: median(tp.map((t) => t.p50)), p99: median(tp.map((t) => t.p99)), perSecond: tp.reduce((a, t) => a + t.perSecond, 0) / tp.length },
    cpuMs: rounds.reduce((a, r) => a + r.cpuMs, 0) / rounds.length,
  };
}

export async function benchDiscord(opts: { json: boolean }): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-discord-'));
  const dbFile = join(dir, 'bench.db');
  const fake = new FakeDiscord();
  await fake.start();
  const results: Record<string, unknown> = {};
  const lines: string[] = [
    'Discord adapter (INTERACTION_CREATE at the fake gateway → interaction callback at the fake; 127.0.0.1; each bot in its own process, as npm start runs it)',
  ];
  let run = 0;
  const askInject = () => {
    const r = String(++run).padStart(5, '0');
    return (i: number) => fake.slash('ask', { query: 'xl list' }, { userId: userId(r, i % 8), locale: i % 2 ? 'en-US' : 'ja' });
  };
  // One counter across rounds and bots: every click is a new user's first answer.
  let clicks = 0;
  let bot: RunningBot | undefined;
  try {
    // A single-choice question posted once into the bot's database file (no bot needed): clicks need its message.
    const setup = createApp({ dbFile, log: createLogger('silent') });
    const question = setup.services.content.questions.find((q) => q.kind === 'single')!;
    const where = { platform: 'discord' as const, workspaceId: fake.guildId, channelId: fake.channelId };
    const posted = setup.services.quiz.postQuestion(question, where, 'quiz', 'en');
    setup.close();
    const firstButton = posted.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))[0]!;
    const message: FakeMessage = { id: '1300000000000000001', channel_id: fake.channelId, content: '', embeds: [{ title: posted.message.title }], components: [{ type: 1, components: [{ type: 2, style: 2, label: firstButton.label, custom_id: firstButton.id }] }], flags: 0, type: 0, author: { id: fake.botUserId, username: 'virtbot', discriminator: '0', bot: true }, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null };
    const quizInject = () => {
      const r = String(++run).padStart(5, '0');
      return () => fake.button(firstButton.id, message, { userId: userId(r, ++clicks), locale: 'en-US' });
    };
    const env = { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl };
    const bots = {
      bare: () => spawnBot(env, 'bare ready', 'src/bench/bare/discord.ts'),
      virtbot: () => spawnBot({ ...env, VIRTBOT_DB: dbFile, LOG_LEVEL: 'info' }),
    };
    const rounds: Record<'bare' | 'virtbot', Record<'ask' | 'quiz', { times: number[]; throughput: Stats; cpuMs: number }[]>> = { bare: { ask: [], quiz: [] }, virtbot: { ask: [], quiz: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of ['bare', 'virtbot'] as const) {
        bot = await bots[side]();
        rounds[side].ask.push(await measure(fake, askInject(), bot.child.pid!));
        rounds[side].quiz.push(await measure(fake, quizInject(), bot.child.pid!));
        await stopBot(bot);
        bot = undefined;
      }
    }
    const bareAsk = pool(rounds.bare.ask);
    const bareClick = pool(rounds.bare.quiz);
    results.bare = { slash: bareAsk, button: bareClick };
    lines.push(`  bare discord.js (constant)  slash p50 ${ms(bareAsk.latency.p50)} p99 ${ms(bareAsk.latency.p99)}  ${bareAsk.throughput.perSecond.toFixed(0)}/s at ${CONCURRENCY} in flight (p99 ${ms(bareAsk.throughput.p99)})  CPU ${ms(bareAsk.cpuMs)}/interaction`);
    lines.push(`  bare discord.js (constant)  button p50 ${ms(bareClick.latency.p50)} p99 ${ms(bareClick.latency.p99)}  ${bareClick.throughput.perSecond.toFixed(0)}/s (p99 ${ms(bareClick.throughput.p99)})  CPU ${ms(bareClick.cpuMs)}/interaction`);
    for (const [name, key, base] of [
      ['ask xl list', 'ask', bareAsk],
      ['quiz answer', 'quiz', bareClick],
    ] as const) {
      const s = pool(rounds.virtbot[key]);
      const ratio = s.latency.p99 / base.latency.p99;
      const loadRatio = s.throughput.p99 / base.throughput.p99;
      const cpuRatio = s.cpuMs / base.cpuMs;
      results[name] = { ...s, p99Ratio: ratio, loadedP99Ratio: loadRatio, throughputRatio: s.throughput.perSecond / base.throughput.perSecond, cpuRatio };
      lines.push(
        `  virtbot ${name.padEnd(12)} p50 ${ms(s.latency.p50)}  p99 ${ms(s.latency.p99)}  ${s.throughput.perSecond.toFixed(0)}/s (p99 ${ms(s.throughput.p99)})  CPU ${ms(s.cpuMs)}/interaction  p99 ratio ${ratio.toFixed(2)}x, loaded ${loadRatio.toFixed(2)}x, CPU ${cpuRatio.toFixed(2)}x (goal <= 1.5x p99)`,
      );
    }
    const check = openDb(dbFile);
    const recorded = (check.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n;
    check.close();
    lines.push(`  quiz answers recorded: ${recorded} (expected ${ROUNDS * (WARMUP + SEQUENTIAL + THROUGHPUT)})`);
    results.answersRecorded = recorded;
  } finally {
    if (bot) await stopBot(bot);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!opts.json) process.stdout.write(lines.join('\n') + '\n');
  return results;
}
