import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAFETY_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer, type CheckpointerOptions } from '../../src/db/checkpointer.js';
import { JOURNAL_SIZE_LIMIT_BYTES, openDb, type Db } from '../../src/db/open.js';
import { createLogger } from '../../src/logger.js';
import { tempDir } from '../helpers/tmp.js';
import { testApp } from '../helpers/app.js';

const silent = createLogger('silent');
let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function fresh(): { db: Db; file: string } {
  const t = tempDir();
  const file = join(t.dir, 'c.db');
  const db = openDb(file);
  cleanups.push(t.cleanup);
  db.exec('CREATE TABLE t (x BLOB)');
  return { db, file };
}


/** A fresh database with a running checkpointer (ready), stopped and closed after the test. */
async function running(opts: CheckpointerOptions): Promise<{ db: Db; file: string; c: Checkpointer }> {
  const { db, file } = fresh();
  const c = startCheckpointer(db, file, silent, opts);
  cleanups.push(async () => {
    await c.stop();
    db.close();
  });
  await c.ready;
  return { db, file, c };
}

const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The salts of the WAL header (bytes 16-23, https://www.sqlite.org/fileformat2.html#walformat): new ones each time the WAL starts over. */
function walSalts(file: string): string {
  const fd = openSync(file + '-wal', 'r');
  try {
    const b = Buffer.alloc(8);
    readSync(fd, b, 0, 8, 16);
    return b.toString('hex');
  } finally {
    closeSync(fd);
  }
}

describe('background checkpointer', () => {
  it('turns off checkpoints in commits and checkpoints the WAL on its worker', async () => {
    const { db, file, c } = await running({ pollMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_CHECKPOINT_PAGES);
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
    const N = 1500; // pages per round: more than SQLite's 1,000-page automatic checkpoint
    /** Waits until the worker is done: its last checkpoint was complete and of at least `frames` frames, and none followed for 10 polls. */
    const checkpointedAtLeast = async (frames: number) => {
      let seen = -1;
      let since = Date.now();
      await until(() => {
        if (c.checkpoints() !== seen) [seen, since] = [c.checkpoints(), Date.now()];
        const l = c.last();
        return !!l && l.log >= frames && l.log === l.checkpointed && Date.now() - since > 200;
      });
    };
    for (let i = 0; i < N; i++) insert.run();
    await checkpointedAtLeast(N);
    const firstRound = c.last()!.log; // about 3 frames per row (row, overflow, interior pages)
    // The worker copied the frames into the database file: a fresh connection sees every row.
    const other = openDb(file);
    expect((other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(N);
    other.close();
    // Every frame is in the database, so the next commit starts the WAL over instead of growing it.
    for (let i = 0; i < N; i++) insert.run();
    await checkpointedAtLeast(N);
    expect(c.last()!.log).toBeLessThan(firstRound * 1.5);
  });

  it('keeps the WAL bounded under commits that never pause (the WAL can only start over at a write)', async () => {
    const safetyPages = 300;
    const { db, file } = await running({ pollMs: 5, safetyPages });
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(200))');
    // 12,000 commits back to back (a frame or more each) while the worker checkpoints on its own thread.
    const commits = 12_000;
    for (let i = 0; i < commits; i++) insert.run();
    // Frames since the WAL last started over. Before the fix the WAL never did (every commit
    // stayed in it, and the file grew by the GB). How recently it started over depends on the
    // machine: when the test suite loads every core, the worker can be kept waiting mid-checkpoint
    // (its lock then defers the main connection's own), so the bound here is loose on purpose.
    const { log } = (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!;
    expect(log).toBeLessThan(commits / 2);
    expect(statSync(file + '-wal').size).toBeLessThan((commits / 2) * (4096 + 24));
  });

  it('left to SQLite (restartWal: false), the WAL starts over inside the next commit on the main thread', async () => {
    const { db, file, c } = await running({ pollMs: 10, restartWal: false });
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
    for (let i = 0; i < 50; i++) insert.run();
    await until(() => !!c.last() && c.last()!.log > 0 && c.last()!.log === c.last()!.checkpointed);
    await new Promise((r) => setTimeout(r, 50));
    const before = walSalts(file);
    insert.run();
    expect(walSalts(file)).not.toBe(before);
    expect(c.restarts()).toBe(0);
  });

  it('starts the WAL over itself after a quiet spell, so the next commit on the main thread only appends', async () => {
    const { db, file, c } = await running({ pollMs: 10 });
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
    for (let i = 0; i < 50; i++) insert.run();
    await until(() => c.restarts() >= 1);
    const before = walSalts(file);
    insert.run();
    expect(walSalts(file)).toBe(before);
    // After the next quiet spell the worker starts it over again, and stays idle after that.
    await until(() => c.restarts() >= 2);
    expect(walSalts(file)).not.toBe(before);
    const checkpoints = c.checkpoints();
    await new Promise((r) => setTimeout(r, 150));
    expect([c.checkpoints(), c.restarts()]).toEqual([checkpoints, 2]);
    // Every row is there for another connection.
    const other = openDb(file);
    expect((other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(51);
    other.close();
  });

  it('cuts a WAL file grown by a burst back to journal_size_limit on its own thread, after the burst', async () => {
    const { db, file, c } = await running({ pollMs: 10 });
    // The main connection never cuts the file back (that freed MBs of blocks inside a commit).
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(-1);
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
    db.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run();
    })();
    expect(statSync(file + '-wal').size).toBeGreaterThan(JOURNAL_SIZE_LIMIT_BYTES);
    await until(() => c.restarts() >= 1);
    expect(statSync(file + '-wal').size).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT_BYTES);
  });

  it('does not checkpoint an idle WAL over and over', async () => {
    const { db, c } = await running({ pollMs: 10 });
    db.prepare('INSERT INTO t VALUES (1)').run();
    await until(() => c.checkpoints() >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.checkpoints()).toBeLessThanOrEqual(2);
  });

  it('restores automatic checkpoints when stopped, and stop is idempotent', async () => {
    const { db, file } = fresh();
    const c = startCheckpointer(db, file, silent);
    await c.ready;
    await c.stop();
    await c.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT_BYTES);
    db.close();
  });

  it('falls back to automatic checkpoints when the worker cannot open the database', async () => {
    const { db, file } = fresh();
    const warnings: string[] = [];
    const log = createLogger('warn');
    log.warn = ((obj: unknown, msg?: string) => void warnings.push(String(msg ?? obj))) as typeof log.warn;
    // The worker opens with fileMustExist: a path that does not exist makes it fail at once.
    const c = startCheckpointer(db, file + '.missing', log);
    await c.ready;
    await until(() => warnings.length > 0);
    expect(warnings.join(' ')).toMatch(/checkpoint/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await c.stop();
    db.close();
  });

  it('starts nothing for an in-memory database', async () => {
    const db = openDb(':memory:');
    const c = startCheckpointer(db, ':memory:', silent);
    await c.ready;
    expect(c.checkpoints()).toBe(0);
    await c.stop();
    db.close();
  });

  it('is what createApp runs with backgroundCheckpoint, and stopBackground ends it', async () => {
    const app = testApp({ backgroundCheckpoint: true });
    expect(app.db.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_CHECKPOINT_PAGES);
    await app.stopBackground();
    expect(app.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    app.close();
  });
});
