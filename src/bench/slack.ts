/**
 * Slack benchmark (`npm run bench`): signed `/virt` slash commands per second and
 * p50/p99 from sending the request to its `respond` body arriving at the local fake
 * Slack (test/fakes/slack.ts, 127.0.0.1), for virtbot's adapter and, side by side, a
 * bare Bolt app on the same fake that acks and responds with a constant. Prints the
 * ratio of the p99s (goal: virtbot <= 1.5 x the bare app).
 *
 * Workloads: `help` (private answer) and `ask xl list` in a DM (public answer, which
 * in a DM goes back through the response_url), each measured one request at a time
 * (latency) and with CONCURRENCY requests in flight (throughput). Each app runs in its
 * own process (virtbot is src/main.ts, as `npm start` runs it; the bare app is
 * ./bare/slack.ts), so neither shares a heap with the fake, the sender or the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeSlack, SlackSender, type Actor, type Responded } from '../../test/fakes/slack.js';
import { freePort, spawnBot, stopBot, type RunningBot } from '../../test/helpers/bot.js';
import { cpuMsOf, statsOf, type RunStats } from './stats.js';

const TOKEN = 'xoxb-bench';
const SECRET = 'bench-signing-secret';
/** Requests measured one at a time, per workload and app. */
const SEQUENTIAL = 1_000;
/** Requests for the throughput run, and how many are in flight at once. */
const THROUGHPUT = 1_500;
const CONCURRENCY = 16;
const WARMUP = 300;
const USERS = 8;

type Stats = RunStats;


/** Sends `total` slash commands with `concurrency` in flight; times each from send to its respond body. */
async function drive(fake: FakeSlack, sender: SlackSender, text: string, channelId: string, total: number, concurrency: number): Promise<{ times: number[]; elapsed: number }> {
  const waiting = new Map<string, (r: Responded) => void>();
  const off = fake.onResponse((r) => {
    const done = waiting.get(r.url);
    if (done) {
      waiting.delete(r.url);
      done(r);
    }
  });
  const times: number[] = [];
  let next = 0;
  const one = async (i: number) => {
    const who: Actor = { userId: `UBENCH${i % USERS}`, channelId };
    const start = performance.now();
    // The response_url is known before sending: register first so a fast answer is not missed.
    const url = fake.newResponseUrl();
    const arrived = new Promise<Responded>((resolve) => waiting.set(url, resolve));
    const res = await sender.post({
      token: 'x',
      team_id: fake.teamId,
      team_domain: 'bench',
      channel_id: channelId,
      channel_name: channelId.startsWith('D') ? 'directmessage' : 'bench',
      user_id: who.userId,
      user_name: who.userId.toLowerCase(),
      command: '/virt',
      text,
      api_app_id: 'ABENCH',
      response_url: url,
      trigger_id: fake.newTriggerId(),
    });
    if (res.status !== 200) throw new Error(`bench: HTTP ${res.status} for ${text}`);
    const r = await arrived;
    if (r.status !== 200) throw new Error(`bench: respond refused (${r.status}): ${r.problems.join('; ')}`);
    times.push(performance.now() - start);
  };
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const elapsed = performance.now() - began;
  off();
  return { times, elapsed };
}


interface Workload {
  name: string;
  /** The process serving it (its CPU time is measured). */
  pid: number;
  sender: SlackSender;
  text: string;
  channelId: string;
}

/** Requests per workload per round; rounds alternate between workloads so machine noise hits them alike. */
const ROUND = 50;

/**
 * Warms every workload up, then measures one-at-a-time latency in alternating rounds,
 * then throughput (CONCURRENCY in flight) for each in turn.
 */
async function measureAll(fake: FakeSlack, loads: Workload[]): Promise<Map<string, { latency: Stats; throughput: Stats }>> {
  for (const w of loads) await drive(fake, w.sender, w.text, w.channelId, WARMUP, 4);
  const sequential = new Map<string, { times: number[]; elapsed: number }>(loads.map((w) => [w.name, { times: [], elapsed: 0 }]));
  for (let done = 0; done < SEQUENTIAL; done += ROUND) {
    for (const w of loads) {
      const r = await drive(fake, w.sender, w.text, w.channelId, ROUND, 1);
      const acc = sequential.get(w.name)!;
      acc.times.push(...r.times);
      acc.elapsed += r.elapsed;
    }
  }
  const out = new Map<string, { latency: Stats; throughput: Stats }>();
  for (const w of loads) {
    const seq = sequential.get(w.name)!;
    const cpu = cpuMsOf(w.pid);
    const loaded = await drive(fake, w.sender, w.text, w.channelId, THROUGHPUT, CONCURRENCY);
    const cpuMs = (cpuMsOf(w.pid) - cpu) / THROUGHPUT;
    out.set(w.name, { latency: statsOf(seq.times, seq.elapsed), throughput: { ...statsOf(loaded.times, loaded.elapsed), cpuMs } });
  }
  return out;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

export async function benchSlack(opts: { json: boolean }): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-slack-'));
  const fake = await FakeSlack.start({ botToken: TOKEN });
  for (let i = 0; i < USERS; i++) fake.addUser({ id: `UBENCH${i}`, name: `bench${i}`, locale: i % 2 ? 'en-US' : 'ja-JP' });
  // Each app in its own process: virtbot as `npm start` runs it (src/main.ts), the bare app from ./bare/slack.ts.
  const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl };
  const [oursPort, theirsPort] = [await freePort(), await freePort()];
  const running: RunningBot[] = [];
  const start = async (p: Promise<RunningBot>) => {
    const b = await p;
    running.push(b);
    return b;
  };
  const results: Record<string, unknown> = {};
  const lines: string[] = ['Slack adapter (signed slash command → respond at the fake; 127.0.0.1; each app in its own process, as npm start runs it)'];
  try {
    const virtbot = await start(spawnBot({ ...env, SLACK_PORT: String(oursPort), VIRTBOT_DB: join(dir, 'bench.db'), LOG_LEVEL: 'info' }));
    const bare = await start(spawnBot({ ...env, SLACK_PORT: String(theirsPort) }, 'bare ready', 'src/bench/bare/slack.ts'));
    const ours = new SlackSender(fake, `http://127.0.0.1:${oursPort}/slack/events`, SECRET);
    const theirs = new SlackSender(fake, `http://127.0.0.1:${theirsPort}/slack/events`, SECRET);
    const measured = await measureAll(fake, [
      { name: 'bare', pid: bare.child.pid!, sender: theirs, text: 'help', channelId: 'C0BENCH' },
      { name: 'help', pid: virtbot.child.pid!, sender: ours, text: 'help', channelId: 'C0BENCH' },
      { name: 'ask (DM)', pid: virtbot.child.pid!, sender: ours, text: 'ask xl list', channelId: 'D0BENCH' },
    ]);
    const bareStats = measured.get('bare')!;
    results.bare = bareStats;
    lines.push(
      `  bare Bolt (constant)   p50 ${ms(bareStats.latency.p50)}  p99 ${ms(bareStats.latency.p99)}  ${bareStats.throughput.perSecond.toFixed(0)} cmd/s at ${CONCURRENCY} in flight (p99 ${ms(bareStats.throughput.p99)})  CPU ${ms(bareStats.throughput.cpuMs ?? 0)}/cmd`,
    );
    for (const name of ['help', 'ask (DM)']) {
      const s = measured.get(name)!;
      const ratio = s.latency.p99 / bareStats.latency.p99;
      const loadRatio = s.throughput.p99 / bareStats.throughput.p99;
      const cpuRatio = (s.throughput.cpuMs ?? 0) / (bareStats.throughput.cpuMs || 1);
      results[name] = { ...s, p99Ratio: ratio, loadedP99Ratio: loadRatio, throughputRatio: s.throughput.perSecond / bareStats.throughput.perSecond, cpuRatio };
      lines.push(
        `  virtbot ${name.padEnd(14)} p50 ${ms(s.latency.p50)}  p99 ${ms(s.latency.p99)}  ${s.throughput.perSecond.toFixed(0)} cmd/s (p99 ${ms(s.throughput.p99)})  CPU ${ms(s.throughput.cpuMs ?? 0)}/cmd` +
          `  ratios: p99 ${ratio.toFixed(2)}x, loaded p99 ${loadRatio.toFixed(2)}x, CPU ${cpuRatio.toFixed(2)}x (goal <= 1.5x)`,
      );
    }
  } finally {
    for (const b of running) await stopBot(b);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!opts.json) process.stdout.write(lines.join('\n') + '\n');
  return results;
}
