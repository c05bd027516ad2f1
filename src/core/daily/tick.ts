/**
 * The daily scheduler's clock: node-cron ticks once a minute (no overlap) and each
 * tick calls runDue. node-cron keeps no state and skips runs missed while the
 * process was down, which is why the schedule itself lives in SQLite: the catch-up
 * `runDue` at start and every tick read it from there.
 */
import type { Logger } from 'pino';
import type { Message, Platform } from '../model.js';
import type { Destination, Poster, PostResult } from '../ports.js';
import type { DailyService, RunSummary } from './service.js';
import { scheduleTick } from '../tick.js';

/** Every minute, at second 0. */
export const TICK_EXPRESSION = '* * * * *';

/**
 * A Poster over several adapters' Posters, chosen by Destination.platform. A
 * platform without one answers 'transient' (the scheduler only claims platforms it
 * was attached with, so this is a guard, not a path).
 */
export function routingPoster(byPlatform: ReadonlyMap<Platform, Poster>): Poster {
  const pick = (to: Destination): Poster | undefined => byPlatform.get(to.platform);
  const missing = (to: Destination): PostResult => ({ status: 'transient', reason: `no adapter for ${to.platform}` });
  return {
    post: (to: Destination, m: Message) => pick(to)?.post(to, m) ?? Promise.resolve(missing(to)),
    edit: (to: Destination, id: string, m: Message) => pick(to)?.edit(to, id, m) ?? Promise.resolve(missing(to)),
    notify: (to: Destination, userId: string, m: Message) => pick(to)?.notify(to, userId, m) ?? Promise.resolve(missing(to)),
  };
}

/**
 * Runs the start-up catch-up (`runDue(now)`: a post missed earlier today is made)
 * and schedules the minute tick.
 * @returns stop(): ends the tick and waits for posts in flight (for main.ts's shutdown list).
 */
export function startDailyTick(daily: DailyService, log: Logger): { stop(): Promise<void> } {
  const run = async (why: string) => {
    try {
      const s: RunSummary = await daily.runDue();
      if (s.claimed || s.revealed || s.missed) log.info({ ...s, claimMs: Math.round(s.claimMs), totalMs: Math.round(s.totalMs), why }, 'daily run');
    } catch (err) {
      // One bad run (database busy past the timeout, a bug) must not stop the next tick.
      log.error({ err, why }, 'daily run failed');
    }
  };
  const tick = scheduleTick('virtbot-daily', TICK_EXPRESSION, run);
  return {
    async stop() {
      await tick.stop();
      await daily.stop();
    },
  };
}
