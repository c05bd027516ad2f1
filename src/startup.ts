/** Turns start-up failures into one clear line that says what to fix. */
import { ConfigError, PortError } from './config.js';
import { ContentError } from './content/load.js';
import { DamagedDatabaseError, ForeignDatabaseError, MigrationError } from './db/open.js';

/** What to do about a damaged database file (README, Backup and Restore). */
function recoverAdvice(file: string): string {
  return `stop virtbot and restore a copy made with npm run backup (see Restore in the README), or salvage what is readable with the sqlite3 shell: sqlite3 ${file} .recover | sqlite3 recovered.db, then set VIRTBOT_DB to recovered.db`;
}

/** A one-line (or short) explanation of why start-up failed, for stderr. */
export function explainStartupError(e: unknown, dbFile?: string): string {
  if (e instanceof ConfigError) return `virtbot: fix the environment: ${e.problems.join('; ')}`;
  if (e instanceof ContentError) return `virtbot: fix the content in data/: ${e.problems.slice(0, 20).join('; ')}${e.problems.length > 20 ? ` (+${e.problems.length - 20} more)` : ''}`;
  if (e instanceof ForeignDatabaseError) {
    return `virtbot: ${e.file} already holds tables virtbot did not make (${e.tables.join(', ')}); it is not virtbot's database and was left unchanged: set VIRTBOT_DB to a new file or to virtbot's database`;
  }
  if (e instanceof DamagedDatabaseError) return `virtbot: the database file ${e.file} is damaged (quick_check: ${(e.problems[0] ?? 'failed').replace(/\s+/g, ' ')}): ${recoverAdvice(e.file)}`;
  if (e instanceof MigrationError) return `virtbot: database ${e.message} (database left unchanged)`;
  if (e instanceof PortError) {
    const { variable: v, port, code } = e;
    if (code === 'EADDRINUSE') return `virtbot: port ${port} (${v}) is already in use: set ${v} to a free port`;
    if (code === 'EACCES' && port < 1024) return `virtbot: may not listen on port ${port} (${v}; EACCES: ports below 1024 need privileges): set ${v} to a port from 1024 up`;
    return `virtbot: cannot listen on port ${port} (${v}; ${code ?? e.message}): set ${v} to another port`;
  }
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err?.code?.startsWith('SQLITE_CANTOPEN') || err?.code === 'EACCES' || err?.code === 'EROFS' || err?.code === 'ENOENT' || err?.code === 'ENOTDIR' || err?.code === 'EISDIR' || err?.code === 'EEXIST') {
    return `virtbot: cannot open the database file ${dbFile ?? ''} (${err.code}): set VIRTBOT_DB to a writable path`;
  }
  const file = dbFile ?? 'VIRTBOT_DB';
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_READONLY')) {
    return `virtbot: the database file ${file} is read-only for this user (${err.code}): SQLite must write it and create ${file}-wal and ${file}-shm beside it; fix the permissions of the file and its folder, or set VIRTBOT_DB to a writable path`;
  }
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_IOERR')) {
    return `virtbot: cannot use ${file} as the database (${err.code}: ${err.message}): set VIRTBOT_DB to a regular file on a local disk`;
  }
  if (err?.code === 'SQLITE_NOTADB') return `virtbot: ${file} is not a SQLite database (${err.code}): set VIRTBOT_DB to a new file or to virtbot's database`;
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_CORRUPT')) return `virtbot: the database file ${file} is damaged (${err.code}): ${recoverAdvice(file)}`;
  if (err?.code === 'ENOTFOUND' || err?.code === 'ECONNREFUSED' || err?.code === 'ETIMEDOUT' || err?.code === 'EAI_AGAIN') {
    const host = (err as { hostname?: string; address?: string }).hostname ?? (err as { address?: string }).address ?? 'the platform API';
    return `virtbot: cannot reach ${host} (${err.code}): check the network, or DISCORD_API_URL / SLACK_API_URL if you set them`;
  }
  // Listeners wrap their errors in PortError; one that did not cannot say which variable chose its port.
  if (err?.code === 'EADDRINUSE') return `virtbot: port already in use (${err.message})`;
  return `virtbot: start-up failed: ${err?.message ?? String(e)}`;
}
