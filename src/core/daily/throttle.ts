/**
 * One throttled queue per platform (p-queue), so a thousand channels due in the
 * same minute go out at the rate each platform allows instead of all at once. A 429
 * that still happens comes back from the Poster as 'transient' and the scheduler
 * retries it later from the database, not in a loop here.
 */
import PQueue from 'p-queue';
import type { Platform } from '../model.js';

/** How fast one platform may be called: at most `perInterval` starts per `intervalMs`, `concurrency` at a time. */
export interface RateLimit {
  perInterval: number;
  intervalMs: number;
  concurrency: number;
}

/**
 * Rates per platform. Discord: 50 requests/s per bot token globally (Discord API
 * docs, "Rate Limits"); we keep 40 to leave room for interaction replies. Slack:
 * chat.postMessage allows about 1 message/s per channel and "several hundred per
 * minute" per workspace (Slack API docs, chat.postMessage rate limits); 4/s keeps
 * one workspace under 250 a minute. The console has no limit.
 */
export const PLATFORM_RATE_LIMITS: Readonly<Record<Platform, RateLimit>> = {
  discord: { perInterval: 40, intervalMs: 1000, concurrency: 8 },
  slack: { perInterval: 4, intervalMs: 1000, concurrency: 4 },
  console: { perInterval: 1000, intervalMs: 1000, concurrency: 1 },
};

export class PlatformThrottle {
  private readonly queues = new Map<Platform, PQueue>();

  constructor(private readonly limits: Readonly<Record<Platform, RateLimit>> = PLATFORM_RATE_LIMITS) {}

  /** Runs `fn` (one platform API call, or a few steps ending in one) when `platform`'s rate allows. */
  run<T>(platform: Platform, fn: () => Promise<T>): Promise<T> {
    return this.queue(platform).add(fn);
  }

  /** Calls waiting or running, over all platforms. */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size + q.pending;
    return n;
  }

  /** Resolves when every queued call has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
  }

  private queue(platform: Platform): PQueue {
    let q = this.queues.get(platform);
    if (!q) {
      const l = this.limits[platform];
      q = new PQueue({ concurrency: l.concurrency, intervalCap: l.perInterval, interval: l.intervalMs, strict: true });
      this.queues.set(platform, q);
    }
    return q;
  }
}
