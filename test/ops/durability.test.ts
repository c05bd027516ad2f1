/** An answer the user was told is recorded survives kill -9 at any moment (issue 8). */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const root = new URL('../../', import.meta.url).pathname;

/** Runs the writer until it has acknowledged `minAcks` answers plus a random extra delay, then SIGKILLs it. */
function runAndKill(dbFile: string, minAcks: number, extraMs: number): Promise<{ instance: number; user: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/ops/fixtures/answer-writer.ts'), dbFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: { instance: number; user: string }[] = [];
    let buf = '';
    let err = '';
    let scheduled = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ack (\d+) (\S+)$/.exec(l);
        if (m) acks.push({ instance: Number(m[1]), user: m[2]! });
      }
      if (!scheduled && acks.length >= minAcks) {
        scheduled = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`writer exited on its own: ${err.slice(0, 2000)}`))));
  });
}

describe('durability', () => {
  it('every acknowledged answer is in the database after SIGKILL, and the database is intact', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbFile = join(dir, 'bot.db');
      let total = 0;
      for (const extra of [Math.floor(Math.random() * 200), Math.floor(Math.random() * 50)]) {
        const acks = await runAndKill(dbFile, 20, extra);
        const db = new Database(dbFile);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const find = db.prepare('SELECT 1 FROM answers a JOIN users u ON u.id = a.user_ref WHERE a.instance_id = ? AND u.user_id = ?');
        const missing = acks.filter((a) => !find.get(a.instance, a.user));
        expect(missing).toEqual([]);
        db.close();
        total += acks.length;
      }
      expect(total).toBeGreaterThanOrEqual(40);
    } finally {
      cleanup();
    }
  }, 120_000);
});
