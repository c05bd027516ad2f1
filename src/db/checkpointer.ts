/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside the
 * commit that crosses 1,000 WAL pages and, with synchronous=NORMAL, fsyncs the WAL
 * and the database file there (https://www.sqlite.org/wal.html#ckpt,
 * https://www.sqlite.org/pragma.html#pragma_synchronous): a stall of several ms on
 * the event loop every ~70 answers (quiz answer p99 11-13 ms with it, 7-8 ms without). Here
 * a worker with its own connection runs a PASSIVE checkpoint (it never blocks a writer
 * or a reader) at most every `pollMs` while commits arrive, and the main connection's
 * automatic checkpoint moves from 1,000 pages to SAFETY_CHECKPOINT_PAGES, a bound on the
 * WAL for commits that never pause (see there).
 *
 * The worker also starts the WAL over. SQLite does that in the first write after a complete
 * checkpoint, and with synchronous=NORMAL that write fsyncs the new WAL header
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). Left to SQLite, that write is the
 * next answer after any pause of more than one poll, i.e. almost every answer on a quiet server,
 * and it blocked the event loop for 3.7 ms at p50 and 12 ms at p90 on the 2-core development
 * machine (a plain write: 0.12 ms). So after a complete checkpoint with no commit before the next
 * look, the worker makes that first write itself (the user_version, written back unchanged).
 * If the worker fails, the main connection goes back to automatic checkpoints.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { JOURNAL_SIZE_LIMIT_BYTES, type Db } from './open.js';

/** SQLite's default wal_autocheckpoint, in pages; restored when the worker stops. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * The main connection's own checkpoint while the worker runs, in pages (about 40 MB). SQLite
 * starts the WAL over only when a write begins with every frame already copied back; under
 * commits with no pause between them that moment never comes however often the worker
 * checkpoints, and the WAL grew by the GB (found by a newcomer run at ~1,800 answers/s).
 * At this size the commit that crosses it checkpoints itself (little is left to copy,
 * the worker did the rest) and the next write starts the WAL over.
 */
export const SAFETY_CHECKPOINT_PAGES = 10_000;

export interface CheckpointerOptions {
  /** How often the worker looks at the -wal file (ms); it checkpoints when the file changed since its last checkpoint. Default 100. */
  pollMs?: number;
  /** The main connection's wal_autocheckpoint while the worker runs (pages); default SAFETY_CHECKPOINT_PAGES. */
  safetyPages?: number;
  /** Whether the worker starts the WAL over after a quiet spell (see the file comment); default true. false leaves it to SQLite (for the benchmark's comparison). */
  restartWal?: boolean;
}

// Plain CommonJS so the worker needs no TypeScript loader (tsx, vitest).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync, statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
// The WAL is cut back by the connection that starts it over: now this one.
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
const wal = workerData.file + '-wal';
// A commit changes the -wal file's mtime or size; a restarted WAL keeps its size.
const stamp = () => { try { const s = statSync(wal); return s.mtimeMs + ':' + s.size; } catch { return ''; } };
// The WAL header's salts (bytes 16-23) change each time the WAL starts over.
const salts = () => { try { const fd = openSync(wal, 'r'); try { const b = Buffer.alloc(8); readSync(fd, b, 0, 8, 16); return b.toString('hex'); } finally { closeSync(fd); } } catch { return ''; } };
// Any write starts a fully checkpointed WAL over; this one writes the user_version back unchanged.
const rewriteVersion = db.transaction(() => db.pragma('user_version = ' + db.pragma('user_version', { simple: true })));
let seen = stamp();
let restartDue = false;
const timer = setInterval(() => {
  const now = stamp();
  if (now !== seen) {
    // Taken before the checkpoint: a commit during it changes the stamp, so the next look checkpoints again.
    seen = now;
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      restartDue = workerData.restartWal && r.busy === 0 && r.log > 0 && r.log === r.checkpointed;
      parentPort.postMessage({ type: 'checkpoint', log: r.log, checkpointed: r.checkpointed });
    } catch (e) {
      restartDue = false;
      parentPort.postMessage({ type: 'warn', message: String((e && e.message) || e) });
    }
    return;
  }
  if (!restartDue) return;
  // Every frame is in the database and no commit came since: start the WAL over here, so that
  // the next commit on the main thread appends instead (see the file comment in checkpointer.ts).
  restartDue = false;
  try {
    const before = salts();
    rewriteVersion.immediate();
    // A commit on the main thread between the look and this write (which then waits for the lock)
    // means the write only appended: no restart, and the stamp is left as it was, so the next look
    // checkpoints that commit as usual.
    if (salts() !== before) {
      seen = stamp();
      parentPort.postMessage({ type: 'restart' });
    }
  } catch (e) {
    parentPort.postMessage({ type: 'warn', message: String((e && e.message) || e) });
  }
}, workerData.pollMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
parentPort.postMessage({ type: 'ready' });
`;

/** A running background checkpointer; `stop()` before closing the main connection. */
export interface Checkpointer {
  /** Resolves once the worker has its connection open (or has failed and the fallback is on). */
  readonly ready: Promise<void>;
  /** Completed checkpoints so far. */
  readonly checkpoints: () => number;
  /** Times the worker started the WAL over after a quiet spell (see the file comment); a write of its that only appended is not counted. */
  readonly restarts: () => number;
  /** The last checkpoint's result: frames in the WAL and frames copied into the database (equal: complete). */
  readonly last: () => { log: number; checkpointed: number } | undefined;
  /** Stops the worker and restores automatic checkpoints on `db`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` (the file `db` has open, in WAL mode) on a worker thread
 * and turns `db`'s automatic checkpoint off. For ':memory:' nothing is started.
 */
export function startCheckpointer(db: Db, file: string, log: Logger, opts: CheckpointerOptions = {}): Checkpointer {
  let count = 0;
  let restarts = 0;
  let last: { log: number; checkpointed: number } | undefined;
  if (file === ':memory:') return { ready: Promise.resolve(), checkpoints: () => 0, restarts: () => 0, last: () => undefined, stop: async () => undefined };
  const fallback = () => {
    if (!db.open) return;
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      pollMs: opts.pollMs ?? 100,
      journalSizeLimit: JOURNAL_SIZE_LIMIT_BYTES,
      restartWal: opts.restartWal ?? true,
    },
  });
  let stopping = false;
  let markReady!: () => void;
  // Kept referenced until ready (so awaiting `ready` holds the process); after that it never keeps the process alive on its own.
  const ready = new Promise<void>((r) => (markReady = r)).then(() => {
    if (!stopping) worker.unref();
  });
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(opts.safetyPages ?? SAFETY_CHECKPOINT_PAGES))}`);
  // When commits never pause, the WAL starts over in one of them (after the safety checkpoint);
  // cutting the file back there freed ~24 MB of blocks on the event loop. The worker cuts it
  // back instead, when it starts the WAL over after the burst.
  db.pragma('journal_size_limit = -1');
  worker.on('message', (m: { type: string; message?: string; log?: number; checkpointed?: number }) => {
    if (m.type === 'ready') markReady();
    else if (m.type === 'checkpoint') {
      count++;
      last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
      log.trace({ walPages: m.log, checkpointed: m.checkpointed }, 'wal checkpoint');
    } else if (m.type === 'restart') restarts++;
    else if (m.type === 'warn') log.warn({ err: m.message }, 'background checkpoint failed; will retry');
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('error', (err) => {
      log.warn({ err }, 'background checkpointer failed; SQLite checkpoints on commit again');
      fallback();
      markReady();
    });
    worker.once('exit', (code) => {
      if (!stopping) {
        log.warn({ code }, 'background checkpointer exited; SQLite checkpoints on commit again');
        fallback();
      }
      markReady();
      resolve();
    });
  });
  return {
    ready,
    checkpoints: () => count,
    restarts: () => restarts,
    last: () => last,
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.ref(); // so awaiting the exit holds the process
      worker.postMessage('stop');
      await exited;
      fallback();
    },
  };
}
