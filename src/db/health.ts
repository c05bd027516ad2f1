/** Liveness of the database for the health check. */
import type { Db } from './open.js';

/** Connections that have raised SQLITE_CORRUPT (a trivial query still answers on a damaged file). */
const damaged = new WeakSet<Db>();

/**
 * Remembers that `db` is damaged when `e` is an SQLITE_CORRUPT* error (better-sqlite3's SqliteError
 * code); any other value is ignored. Called with every unexpected error of a command (router).
 */
export function noteDbError(db: Db, e: unknown): void {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) damaged.add(db);
}

/** True when the database answers a trivial query and has not raised SQLITE_CORRUPT since it was opened. */
export function dbAnswers(db: Db): boolean {
  if (damaged.has(db)) return false;
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}
