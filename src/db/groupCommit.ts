/**
 * Group commit: small synchronous writes asked for in the same event-loop turn run
 * in one transaction, so they share one fsync. With synchronous=FULL a commit costs
 * ~5 ms on this kind of disk and blocks the event loop; a thousand daily posts with
 * two commits each would block it for ~10 s, in batches it is a few dozen commits.
 * Each write still runs in its own savepoint: one that throws is rolled back alone
 * and rejects only its own promise.
 */
import type { Db } from './open.js';

interface Pending {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit {
  private pending: Pending[] = [];

  constructor(private readonly db: Db) {}

  /**
   * Runs `fn` (synchronous, SQL only) in the next batch; resolves with its result
   * once the batch has committed.
   * @throws (rejects) what `fn` threw, or the commit's error (e.g. SQLITE_BUSY after the busy timeout) for every write of the batch.
   */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const p of batch) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(p.fn)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
