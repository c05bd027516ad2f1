/**
 * Review and exam benchmark (`npm run bench review`): whole-command latency through
 * the router on a database where USERS users each hold a card for every question
 * in the bank (spread over the past weeks, so many are due). Measures
 * `/virt review` (due order: an index range), `/virt review cram` (every card of the
 * user ranked by ts-fsrs retrievability), the readiness of `/virt progress` (over
 * every card), and a 60-question `/virt exam` start and "Finish and score" (sampling,
 * 60 rows, 60 missed questions rendered over several pages). No goal is set by the
 * issue; the figures are for regressions. Runs in a temp directory on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../app.js';
import { loadContent } from '../content/load.js';
import type { Incoming } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import { reviewSchedule } from '../core/review/fsrs.js';
import { CardRepo } from '../db/cards.js';
import { createLogger } from '../logger.js';
import { seededRandom } from '../core/random.js';
import { percentile } from './stats.js';

const USERS = 1_000;
const RUNS = 300;
const DAY = 86_400_000;


const ms = (x: number) => Math.round(x * 1000) / 1000;

function stats(times: number[]): { p50: number; p99: number } {
  const s = [...times].sort((a, b) => a - b);
  return { p50: ms(percentile(s, 50)), p99: ms(percentile(s, 99)) };
}

export async function benchReview(opts: { json: boolean }): Promise<Record<string, unknown>> {
  const say = (s: string) => {
    if (!opts.json) process.stdout.write(s + '\n');
  };
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-review-'));
  try {
    const content = loadContent();
    const now = Date.parse('2026-12-01T03:00:00Z');
    const clock: Clock & { ms: number } = { ms: now, now: () => new Date(clock.ms) };
    const app = createApp({ dbFile: join(dir, 'review.db'), content, clock, log: createLogger('silent'), defaultLang: 'en', rng: seededRandom(1), backgroundCheckpoint: true });
    const cards = new CardRepo(app.db);
    const r = seededRandom(2);
    say(`review: ${USERS.toLocaleString('en')} users × ${content.questions.length} cards...`);
    const t0 = performance.now();
    app.db.pragma('synchronous = OFF');
    const userRefs: number[] = [];
    app.db.transaction(() => {
      for (let u = 0; u < USERS; u++) {
        const userRef = app.services.settings.ensureUser({ platform: 'discord', workspaceId: 'G1', userId: `U${u}` }, now);
        userRefs.push(userRef);
        for (const q of content.questions) {
          // Two to four past answers, the last 0-20 days ago.
          let at = now - Math.floor(r() * 20 * DAY) - 30 * DAY;
          let s = reviewSchedule(undefined, r() < 0.7, at);
          for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
            at = Math.min(now - 1000, s.due + Math.floor(r() * 2 * DAY));
            s = reviewSchedule(s, r() < 0.75, at);
          }
          cards.update(userRef, q.id, q.objective, () => s);
        }
      }
    })();
    app.db.pragma('synchronous = FULL');
    const loadSecs = (performance.now() - t0) / 1000;
    const total = (app.db.prepare('SELECT count(*) AS n FROM cards').get() as { n: number }).n;
    const due = (app.db.prepare('SELECT count(*) AS n FROM cards WHERE due <= ?').get(now) as { n: number }).n;
    say(`  ${total.toLocaleString('en')} cards (${Math.round((due / total) * 100)}% due), loaded in ${loadSecs.toFixed(1)} s`);

    const incoming = (name: string, args: Record<string, string | number>, i: number): Incoming => ({
      kind: 'command',
      name,
      args,
      user: { platform: 'discord', workspaceId: 'G1', userId: `U${i % USERS}` },
      channelId: 'C1',
      isDirect: false,
      isAdmin: false,
      receivedAt: new Date(clock.ms),
    });
    const measure = async (name: string, args: Record<string, string | number>) => {
      for (let i = 0; i < 20; i++) await app.router.handle(incoming(name, args, i));
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const out = await app.router.handle(incoming(name, args, Math.floor(r() * USERS)));
        times.push(performance.now() - t);
        if (/error id/.test(out[0]!.message.fallback)) throw new Error(`bench: ${name} failed: ${out[0]!.message.fallback}`);
      }
      return stats(times);
    };
    const review = await measure('review', {});
    say(`  /virt review:       p50 ${review.p50} ms, p99 ${review.p99} ms`);
    const cram = await measure('review', { mode: 'cram' });
    say(`  /virt review cram:  p50 ${cram.p50} ms, p99 ${cram.p99} ms`);
    const readinessTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      app.services.review.outlook(userRefs[Math.floor(r() * USERS)]!);
      readinessTimes.push(performance.now() - t);
    }
    const readiness = stats(readinessTimes);
    say(`  readiness (/virt progress section): p50 ${readiness.p50} ms, p99 ${readiness.p99} ms over ${content.questions.length} cards`);

    const start: number[] = [];
    const finish: number[] = [];
    let pages = 0;
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      const out = await app.router.handle(incoming('exam', { questions: 60, minutes: 90 }, i));
      start.push(performance.now() - t);
      const button = out[0]!.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.id.startsWith('exam.f:'));
      if (!button) throw new Error('bench: no finish button: ' + out[0]!.message.fallback.slice(0, 200));
      const t2 = performance.now();
      const res = await app.router.handle({ ...incoming('', {}, i), kind: 'action', name: button.id });
      finish.push(performance.now() - t2);
      pages = res.length;
    }
    const examStart = stats(start);
    const examFinish = stats(finish);
    say(`  /virt exam (60 q):  start p50 ${examStart.p50} ms, p99 ${examStart.p99} ms; finish and score p50 ${examFinish.p50} ms, p99 ${examFinish.p99} ms (${pages} result messages)`);
    app.close();
    return { cards: total, dueShare: Math.round((due / total) * 100) / 100, loadSeconds: Math.round(loadSecs * 10) / 10, reviewMs: review, cramMs: cram, readinessMs: readiness, examStartMs: examStart, examFinishMs: examFinish, resultMessages: pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
