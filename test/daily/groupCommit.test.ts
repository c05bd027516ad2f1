import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { GroupCommit } from '../../src/db/groupCommit.js';
import { openDb, type Db } from '../../src/db/open.js';
import { tempDir } from '../helpers/app.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function db(): Db {
  const tmp = tempDir();
  const d = openDb(join(tmp.dir, 'g.db'));
  d.exec('CREATE TABLE g (x INTEGER NOT NULL)');
  cleanup = () => {
    d.close();
    tmp.cleanup();
  };
  return d;
}

describe('GroupCommit', () => {
  it('writes asked for in one turn share one transaction; a throwing one is rolled back alone', async () => {
    const d = db();
    const g = new GroupCommit(d);
    const ins = d.prepare('INSERT INTO g (x) VALUES (?)');
    const inTx: boolean[] = [];
    const write = (x: number) => () => {
      inTx.push(d.inTransaction);
      ins.run(x);
      return x;
    };
    const bad = () => {
      ins.run(99);
      throw new Error('no');
    };
    const results = await Promise.allSettled([g.run(write(1)), g.run(bad), g.run(write(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inTx).toEqual([true, true]);
    expect((d.prepare('SELECT x FROM g ORDER BY x').all() as { x: number }[]).map((r) => r.x)).toEqual([1, 2]);
    // A later turn is a new batch.
    expect(await g.run(write(3))).toBe(3);
    expect(d.prepare('SELECT count(*) AS n FROM g').get()).toEqual({ n: 3 });
  });

  it('a failing commit (another process holds the write lock) rejects every write of its batch', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'busy.db');
    const a = openDb(file);
    const other = openDb(file);
    cleanup = () => {
      a.close();
      other.close();
      tmp.cleanup();
    };
    a.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    const g = new GroupCommit(a);
    const r = await Promise.allSettled([g.run(() => 1), g.run(() => 2)]);
    other.exec('ROLLBACK');
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(String((r[0] as PromiseRejectedResult).reason)).toMatch(/busy|locked/i);
    // The lock gone, the next batch commits.
    expect(await g.run(() => 3)).toBe(3);
  });
});
