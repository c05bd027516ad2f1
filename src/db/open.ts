/**
 * Opens the SQLite database (better-sqlite3 12.x, one connection per process) and
 * applies pending migrations from migrations/NNN_name.sql.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Db = Database.Database;

/** The repository's migrations/ folder. */
export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url).pathname;

/** Thrown when a migration fails; the database is left as it was before that file. */
export class MigrationError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`migration ${file} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'MigrationError';
  }
}

/** Thrown by openDb for a SQLite file of another program (tables, but no virtbot version); the file is left untouched. */
export class ForeignDatabaseError extends Error {
  constructor(readonly file: string, readonly tables: string[]) {
    super(`${file} holds tables virtbot did not make (${tables.join(', ')})`);
    this.name = 'ForeignDatabaseError';
  }
}

/**
 * Thrown by openDb when `PRAGMA quick_check` finds a file database damaged (pages scrambled behind a
 * valid header would otherwise pass start-up and fail every command); the file is left untouched.
 */
export class DamagedDatabaseError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} is damaged: ${problems[0] ?? 'quick_check failed'}`);
    this.name = 'DamagedDatabaseError';
  }
}

/** Migration files sorted by their number: [{ version, file, sql }]. */
export function listMigrations(dir: string = MIGRATIONS_DIR): { version: number; file: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), file, sql: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * Applies every migration newer than `PRAGMA user_version`, each file in one
 * transaction (exec alone does not roll back), so a failing file leaves the
 * database as it was. Forward only: files are never edited once landed.
 * @returns the versions applied.
 * @throws MigrationError naming the file.
 */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const m of listMigrations(dir)) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      throw new MigrationError(m.file, e);
    }
    applied.push(m.version);
  }
  return applied;
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's recursive
 * mkdirSync never returns for a path under /proc (it retries forever), so this
 * walks up to the first folder that exists and fails on the first one it cannot make.
 * @throws the mkdir error (ENOENT, EACCES, ENOTDIR, EEXIST for a file in the way).
 */
function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * What SQLite's `check` (quick_check or the slower, fuller integrity_check) finds wrong with `db`,
 * at most `max` rows, one problem per line; [] when the file is sound. The report's
 * '*** in database main ***' heading line is dropped (https://www.sqlite.org/pragma.html#pragma_integrity_check).
 */
export function checkProblems(db: Db, check: 'quick_check' | 'integrity_check', max: number): string[] {
  const rows = db.prepare(`PRAGMA ${check}(${Math.max(1, Math.floor(max))})`).pluck().all() as string[];
  if (rows.length === 1 && rows[0] === 'ok') return [];
  return rows.flatMap((r) => String(r).split('\n')).filter((l) => l && !l.startsWith('***'));
}

/** After a burst the WAL file is cut back to this size when it starts over (bytes; https://www.sqlite.org/pragma.html#pragma_journal_size_limit). */
export const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Opens (creating the folder and file if needed) and migrates the database at
 * `file` (':memory:' works too). WAL with synchronous=NORMAL, foreign keys on, 5 s busy timeout so a
 * second process on the same file waits instead of failing.
 * @throws ForeignDatabaseError (another program's database, left untouched), DamagedDatabaseError (quick_check failed, left untouched), MigrationError, or better-sqlite3's SqliteError when the file cannot be opened or
 *   written (SQLITE_READONLY: checked here with a write of the unchanged user_version).
 */
export function openDb(file: string, opts: { migrationsDir?: string } = {}): Db {
  if (file !== ':memory:') makeParents(dirname(file));
  const db = new Database(file);
  // Before anything is changed (even the journal mode): a database with tables but no
  // migration applied belongs to another program (migration 001 sets the version with its tables).
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = version === 0 ? (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 3").pluck().all() as string[]) : [];
  if (tables.length) {
    db.close();
    throw new ForeignDatabaseError(file, tables);
  }
  if (file !== ':memory:') {
    // quick_check reads every page (O(size), once per start) but skips the index-content
    // comparison of integrity_check; 3 rows are enough to say what is wrong. A damaged
    // sqlite_master throws SQLITE_CORRUPT above or here instead, which startup.ts explains too.
    const problems = checkProblems(db, 'quick_check', 3);
    if (problems.length) {
      db.close();
      throw new DamagedDatabaseError(file, problems);
    }
  }
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed answer survives a process crash or kill -9 (the
  // commit is in the WAL file before we acknowledge it); only a power cut can lose the
  // last commits. FULL would fsync on every answer (~9 ms here) and stall the event loop.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma('busy_timeout = 5000');
  const applied = migrate(db, opts.migrationsDir);
  // SQLite opens a file it may not write read-only without a word, and the first answer would
  // then fail; a write now (the version number, unchanged) fails at start-up instead, with SQLITE_READONLY.
  if (!applied.length && file !== ':memory:') db.transaction(() => db.pragma(`user_version = ${version}`)).immediate();
  return db;
}
