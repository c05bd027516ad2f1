/**
 * `npm run bench -- wal`: how long a commit after a quiet spell blocks the event loop.
 * SQLite starts a fully checkpointed WAL over in the first write after it and, with
 * synchronous=NORMAL, fsyncs the new WAL header inside that commit. On a quiet server that
 * write is nearly every answer (each one comes after the background checkpoint). Measured
 * with the background checkpointer as `npm start` runs it (the worker starts the WAL over
 * itself) and with that step left to SQLite. A commit is 5 rows of 3 KB (about one answer's
 * pages); WAL on the same disk as the database, as in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCheckpointer } from '../db/checkpointer.js';
import { openDb } from '../db/open.js';
import { createLogger } from '../logger.js';
import { percentile } from './stats.js';

const COMMITS = 40;
/** Longer than the worker's 100 ms poll, so a checkpoint (and a restart) fits between two commits. */
const PAUSE_MS = 250;

async function commitsAfterPauses(restartWal: boolean): Promise<{ p50: number; p90: number; max: number; restarts: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-bench-wal-'));
  try {
    const file = join(dir, 'w.db');
    const db = openDb(file);
    db.exec('CREATE TABLE bench_rows (x BLOB)');
    const checkpointer = startCheckpointer(db, file, createLogger('silent'), { restartWal });
    await checkpointer.ready;
    const insert = db.prepare('INSERT INTO bench_rows VALUES (randomblob(3000))');
    const commit = db.transaction(() => {
      for (let i = 0; i < 5; i++) insert.run();
    });
    const ms: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      const start = process.hrtime.bigint();
      commit();
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const restarts = checkpointer.restarts();
    await checkpointer.stop();
    db.close();
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p90: percentile(ms, 90), max: ms.at(-1)!, restarts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs both variants one after the other; returns their figures (ms). */
export async function benchWal(opts: { json: boolean }): Promise<Record<string, unknown>> {
  const worker = await commitsAfterPauses(true);
  const sqlite = await commitsAfterPauses(false);
  if (!opts.json) {
    const f = (r: typeof worker) => `p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms, max ${r.max.toFixed(2)} ms`;
    process.stdout.write(
      [
        `wal: a commit after a ${PAUSE_MS} ms pause, event loop blocked (${COMMITS} commits each)`,
        `  worker starts the WAL over (npm start)  ${f(worker)}  (${worker.restarts} restarts on the worker)`,
        `  SQLite starts it over in the commit     ${f(sqlite)}`,
        '',
      ].join('\n'),
    );
  }
  return { worker, sqlite };
}
