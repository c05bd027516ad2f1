/** Online backup during writes (issue 8): the copy opens and passes integrity_check. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/db/backup.js';
import { openDb } from '../../src/db/open.js';
import { tempDir } from '../helpers/tmp.js';

const dirs: (() => void)[] = [];
afterEach(() => dirs.splice(0).forEach((c) => c()));

describe('backup', () => {
  it('copies a live database while another connection keeps writing', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const live = join(dir, 'live.db');
    const writer = openDb(live);
    writer.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run('x'.repeat(100));
    })();
    let writing = true;
    let written = 0;
    const loop = () => {
      if (!writing) return;
      insert.run('during backup');
      written++;
      setImmediate(loop);
    };
    setImmediate(loop);
    const pages = await backupDatabase(live, join(dir, 'copy.db'));
    writing = false;
    writer.close();
    expect(pages).toBeGreaterThan(100);
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (copy.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    expect(rows).toBeGreaterThanOrEqual(20_000);
    expect(copy.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    copy.close();
    expect(written).toBeGreaterThanOrEqual(0);
  });
});
