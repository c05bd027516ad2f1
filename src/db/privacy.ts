/**
 * Everything stored about one user, found by the schema itself: every table with a
 * `user_ref` (or `created_by`) column that points at users(id). Tables added by
 * later migrations are covered without touching this file.
 */
import type { Db } from './open.js';

/** Columns that identify a user's rows, in the order they are looked for. */
const USER_COLUMNS = ['user_ref', 'created_by'] as const;

function userTables(db: Db): { table: string; column: string }[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  const out: { table: string; column: string }[] = [];
  for (const { name } of tables) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => c.name);
    for (const c of USER_COLUMNS) if (cols.includes(c)) out.push({ table: name, column: c });
  }
  return out;
}

/** Quotes an identifier taken from sqlite_master. */
const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/**
 * Tables with no user column of their own whose rows belong to a user's row through a
 * foreign key (exam_items → exams): they go with it on export, and with its deletion by
 * ON DELETE CASCADE. Only parents owned through user_ref count: a row the user merely
 * created (created_by) has children that are other people's (their answers).
 */
function childTables(db: Db, owned: readonly { table: string; column: string }[]): { table: string; column: string; parent: string; parentColumn: string }[] {
  const withUser = new Set(userTables(db).map((t) => t.table));
  const parents = new Set(owned.filter((o) => o.column === 'user_ref').map((o) => o.table));
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  const out: { table: string; column: string; parent: string; parentColumn: string }[] = [];
  for (const { name } of tables) {
    if (withUser.has(name)) continue;
    for (const fk of db.prepare('SELECT "table" AS parent, "from" AS col, "to" AS parentCol FROM pragma_foreign_key_list(?)').all(name) as { parent: string; col: string; parentCol: string | null }[]) {
      if (parents.has(fk.parent)) out.push({ table: name, column: fk.col, parent: fk.parent, parentColumn: fk.parentCol ?? 'rowid' });
    }
  }
  return out;
}

/** The user's row and every row that refers to it, by table name (a child table as "exam_items (via exams)"). */
export function exportUserData(db: Db, userRef: number): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = { users: db.prepare('SELECT * FROM users WHERE id = ?').all(userRef) };
  const owned = userTables(db);
  for (const { table, column } of owned) {
    const rows = db.prepare(`SELECT * FROM ${q(table)} WHERE ${q(column)} = ?`).all(userRef);
    if (rows.length) out[column === 'user_ref' ? table : `${table} (${column})`] = rows;
  }
  for (const c of childTables(db, owned)) {
    const rows = db.prepare(`SELECT * FROM ${q(c.table)} WHERE ${q(c.column)} IN (SELECT ${q(c.parentColumn)} FROM ${q(c.parent)} WHERE user_ref = ?)`).all(userRef);
    if (rows.length) out[`${c.table} (via ${c.parent})`] = rows;
  }
  return out;
}

/**
 * Deletes the user and every row that refers to them, in one transaction; rows that
 * only mention them as creator (`created_by`) keep existing with that link cleared.
 * @returns rows deleted per table.
 */
export function deleteUserData(db: Db, userRef: number): Record<string, number> {
  const counts: Record<string, number> = {};
  db.transaction(() => {
    for (const { table, column } of userTables(db)) {
      if (column === 'created_by') db.prepare(`UPDATE ${q(table)} SET ${q(column)} = NULL WHERE ${q(column)} = ?`).run(userRef);
      else {
        const n = db.prepare(`DELETE FROM ${q(table)} WHERE ${q(column)} = ?`).run(userRef).changes;
        if (n) counts[table] = n;
      }
    }
    counts.users = db.prepare('DELETE FROM users WHERE id = ?').run(userRef).changes;
  })();
  return counts;
}

/** The privacy operations as a repository for the core's services. */
export class PrivacyRepo {
  constructor(private readonly db: Db) {}
  /** See exportUserData. */
  export(userRef: number): Record<string, unknown[]> {
    return exportUserData(this.db, userRef);
  }
  /** See deleteUserData. */
  delete(userRef: number): Record<string, number> {
    return deleteUserData(this.db, userRef);
  }
}
