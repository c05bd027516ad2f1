/**
 * Daily question benchmark (`npm run bench daily`): 1,000 subscriptions due in the
 * same minute. One runDue claims them in one transaction, then for each chooses the
 * question (least posted in that channel), creates its quiz instance, renders the
 * post, marks it sending, hands it to a Poster that answers at once (no network,
 * rate limits opened wide: platform waits are excluded, as the issue asks) and
 * records the message id. Then the reveals of the same 1,000, with 5 answers each.
 * Runs on a temp file on disk with the app's own durability (WAL, synchronous=FULL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { loadContent } from '../content/load.js';
import { createDailyService } from '../core/daily/wire.js';
import type { RateLimit } from '../core/daily/throttle.js';
import type { Message, Platform } from '../core/model.js';
import type { Clock, Destination, Poster, PostResult } from '../core/ports.js';
import { createLogger } from '../logger.js';
import { LETTERS, correctCount } from '../core/quiz/render.js';
import { median } from './stats.js';

const SUBSCRIPTIONS = 1000;
const ROUNDS = Number(process.env.DAILY_BENCH_ROUNDS ?? 5);
const ANSWERS_PER_POST = 5;

const wide: RateLimit = { perInterval: 1_000_000, intervalMs: 1000, concurrency: 64 };

/** A Poster that accepts everything at once (what the platform would do, minus the network). */
class InstantPoster implements Poster {
  n = 0;
  async post(_to: Destination, _m: Message): Promise<PostResult> {
    return { status: 'ok', messageId: String(++this.n) };
  }
  async edit(_to: Destination, id: string, _m: Message): Promise<PostResult> {
    return { status: 'ok', messageId: id };
  }
  async notify(_to: Destination, _userId: string, _m: Message): Promise<PostResult> {
    return { status: 'ok', messageId: String(++this.n) };
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export async function benchDaily(opts: { json: boolean }): Promise<Record<string, unknown>> {
  const say = (s: string) => {
    if (!opts.json) process.stdout.write(s + '\n');
  };
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-daily-'));
  let t = Date.parse('2026-11-30T00:00:00Z'); // 09:00 in Tokyo
  const clock: Clock = { now: () => new Date(t) };
  const app = createApp({ dbFile: join(dir, 'daily.db'), content: loadContent(), clock, log: createLogger('silent'), timeZone: 'Asia/Tokyo', backgroundCheckpoint: true });
  try {
    const platforms: Platform[] = ['discord', 'slack', 'console'];
    const daily = createDailyService({
      db: app.db,
      content: app.services.content,
      clock,
      log: app.services.log,
      quiz: app.services.quiz,
      defaultLang: 'ja',
      timeZone: 'Asia/Tokyo',
      limits: { discord: wide, slack: wide, console: wide },
    });
    daily.attach(new InstantPoster(), platforms);
    t -= 3_600_000;
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const platform = platforms[i % 3]!;
      const channelId = platform === 'discord' ? String(200000000000000000n + BigInt(i)) : platform === 'slack' ? `C${String(i).padStart(9, '0')}` : `ch${i}`;
      daily.set({ platform, workspaceId: `w${i % 20}`, channelId, localTime: '09:00', zone: 'Asia/Tokyo', objectives: [], revealTime: '18:00', createdBy: null });
    }
    say(`daily: ${SUBSCRIPTIONS} subscriptions due in the same minute (Discord/Slack/console mix, platform waits excluded), ${ROUNDS} days...`);
    const post: { claimMs: number; totalMs: number }[] = [];
    const reveal: number[] = [];
    for (let day = 0; day < ROUNDS; day++) {
      t = Date.parse('2026-11-30T00:00:00Z') + day * 86_400_000;
      const s = await daily.runDue(new Date(t));
      if (s.posted !== SUBSCRIPTIONS) throw new Error(`bench: expected ${SUBSCRIPTIONS} posts, got ${JSON.stringify(s)}`);
      post.push({ claimMs: s.claimMs, totalMs: s.totalMs });
      // A few answers per post, through the quiz like real clicks, so the reveal has something to count.
      t += 3_600_000;
      const ids = app.db.prepare(`SELECT instance_id AS id FROM daily_posts WHERE day = ? AND state = 'posted'`).all(new Date(t).toISOString().slice(0, 10)) as { id: number }[];
      for (const { id } of ids) {
        const inst = app.db.prepare('SELECT platform, workspace_id AS ws, channel_id AS ch, question_id AS q FROM quiz_instances WHERE id = ?').get(id) as { platform: Platform; ws: string; ch: string; q: string };
        const q = app.services.content.questionById.get(inst.q)!;
        const input = q.kind === 'typed' ? { text: 'virsh list' } : { letters: LETTERS.slice(0, q.kind === 'single' ? 1 : correctCount(q)) };
        for (let u = 0; u < ANSWERS_PER_POST; u++) {
          const incoming = { kind: 'action' as const, name: '', args: {}, user: { platform: inst.platform, workspaceId: inst.ws, userId: `u${u}` }, channelId: inst.ch, isDirect: false, isAdmin: false, receivedAt: new Date(t) };
          app.services.quiz.submit(incoming, id, input);
        }
      }
      t = Date.parse('2026-11-30T09:00:00Z') + day * 86_400_000; // 18:00 in Tokyo
      const r = await daily.runDue(new Date(t));
      if (r.revealed !== SUBSCRIPTIONS) throw new Error(`bench: expected ${SUBSCRIPTIONS} reveals, got ${JSON.stringify(r)}`);
      reveal.push(r.totalMs);
    }
    const claimMs = median(post.map((p) => p.claimMs));
    const totalMs = median(post.map((p) => p.totalMs));
    const revealMs = median(reveal);
    say(`  claim + choose each question + create its instance (one transaction): median ${r1(claimMs)} ms for ${SUBSCRIPTIONS}`);
    say(`  all of it + render + mark sending + post (instant) + record (group commits): median ${r1(totalMs)} ms for ${SUBSCRIPTIONS} (${r1((totalMs * 1000) / SUBSCRIPTIONS)} µs each)`);
    say(`  reveal (${ANSWERS_PER_POST} answers each: count, render, edit, record): median ${r1(revealMs)} ms for ${SUBSCRIPTIONS}`);
    return { subscriptions: SUBSCRIPTIONS, rounds: ROUNDS, claimMs: r1(claimMs), postMs: r1(totalMs), perPostUs: r1((totalMs * 1000) / SUBSCRIPTIONS), revealMs: r1(revealMs) };
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
