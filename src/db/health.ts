/** Liveness of the database for the health check. */
import type { Db } from './open.js';

/** True when the database answers a trivial query. */
export function dbAnswers(db: Db): boolean {
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}
