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
  // Built once: db.transaction() makes a new wrapper (four functions) on every call.
  private readonly batchTx;
  private readonly savepoint;

  constructor(private readonly db: Db) {
    this.savepoint = db.transaction((fn: () => unknown) => fn());
    this.batchTx = db.transaction((batch: Pending[], outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[]) => {
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: this.savepoint(p.fn) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

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
      this.batchTx.immediate(batch, outcomes);
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
