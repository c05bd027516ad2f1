/** A fresh temp directory per test. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory; removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'virtbot-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Scrambles bytes [from, to) of the SQLite file `file` (the header on page 1 stays valid); returns the file's size in bytes. */
export function damage(file: string, from = 8192, to = 40000): number {
  const b = readFileSync(file);
  for (let i = from; i < Math.min(to, b.length); i++) b[i] = (b[i]! * 7 + 3) & 255;
  writeFileSync(file, b);
  return b.length;
}
