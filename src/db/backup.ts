/**
 * `npm run backup -- FILE`: a consistent copy of the live database through
 * SQLite's online backup API (better-sqlite3 `db.backup`), safe while the bot runs
 * and writes (WAL). Restore: stop the bot, copy FILE over VIRTBOT_DB (remove any
 * stale VIRTBOT_DB-wal / -shm files), start the bot.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { checkProblems } from './open.js';

/**
 * Copies the database at `source` to `target` in one read transaction (WAL:
 * writers are not blocked). @returns the number of pages copied.
 * @throws if the source cannot be opened or the target cannot be written.
 */
export async function backupDatabase(source: string, target: string): Promise<number> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // After the first step copy everything at once: a write from another connection
    // restarts a page-by-page backup, so under steady writes it would never finish.
    const result = await db.backup(target, { progress: () => 0x7fffffff });
    return result.totalPages;
  } finally {
    db.close();
  }
}

/** The CLI form; prints one line and returns the exit code. */
export async function backupCli(target: string | undefined): Promise<number> {
  if (!target) {
    process.stderr.write('usage: npm run backup -- FILE   (copies VIRTBOT_DB to FILE while the bot runs)\n');
    return 2;
  }
  const source = loadConfig().VIRTBOT_DB;
  if (!existsSync(source)) {
    process.stderr.write(`virtbot backup: no database at ${source} (set VIRTBOT_DB)\n`);
    return 1;
  }
  if (existsSync(target)) {
    process.stderr.write(`virtbot backup: ${target} already exists; choose a new file name\n`);
    return 1;
  }
  // better-sqlite3 says only "Cannot save backup because the directory does not exist", without the path.
  const folder = dirname(resolve(target));
  if (!existsSync(folder)) {
    process.stderr.write(`virtbot backup: the folder ${folder} does not exist; create it or choose another path\n`);
    return 1;
  }
  if (!statSync(folder).isDirectory()) {
    process.stderr.write(`virtbot backup: ${folder} is not a folder; choose another path\n`);
    return 1;
  }
  let pages: number;
  try {
    pages = await backupDatabase(source, target);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    process.stderr.write(`virtbot backup: could not copy ${source} to ${target} (${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)})\n`);
    return 1;
  }
  const check = new Database(target, { readonly: true });
  const problems = checkProblems(check, 'integrity_check', 1);
  check.close();
  if (problems.length) {
    // A damaged copy under the name asked for would look like a good backup to restore from.
    rmSync(target, { force: true });
    const first = problems[0]!.slice(0, 200);
    process.stderr.write(`virtbot backup: ${source} is damaged (integrity_check: ${first}); no backup written. Keep your last good backup; to salvage what is readable: sqlite3 ${source} .recover | sqlite3 recovered.db\n`);
    return 1;
  }
  process.stdout.write(`backup of ${source} written to ${target} (${pages} pages, integrity_check: ok)\n`);
  return 0;
}
