/** The benchmark's bulk loader writes exactly what the live answer path writes (so the read benchmark measures the real shape). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate, loadBulk, loadViaRepo, type DataShape } from '../../src/bench/quizData.js';
import { openDb } from '../../src/db/open.js';
import { content, tempDir } from '../helpers/app.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('bench data', () => {
  it('bulk load and AnswerRepo.record produce identical tables', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const shape: DataShape = { servers: 3, usersPerServer: 20, channelsPerServer: 2, answers: 3000, answersPerInstance: 5, days: 75, end: Date.parse('2026-12-01T00:00:00Z'), seed: 9 };
    const data = generate(shape, content().questions);
    expect(data.answers).toHaveLength(3000);
    const live = openDb(join(tmp.dir, 'live.db'));
    const bulk = openDb(join(tmp.dir, 'bulk.db'));
    loadViaRepo(live, shape, data, 'Asia/Tokyo');
    loadBulk(bulk, shape, data, 'Asia/Tokyo');
    for (const [table, order] of [
      ['users', 'id'],
      ['quiz_instances', 'id'],
      ['answers', 'id'],
      ['user_questions', 'user_ref, question_id'],
      ['user_days', 'user_ref, day'],
      ['board_scores', 'user_ref, board, objective'],
    ]) {
      const sql = `SELECT * FROM ${table} ORDER BY ${order}`;
      const a = live.prepare(sql).all();
      expect(a.length, table).toBeGreaterThan(0);
      expect(bulk.prepare(sql).all(), table).toEqual(a);
    }
    // The data crosses weeks and months, so the period columns were exercised.
    expect((live.prepare('SELECT count(DISTINCT week) AS n FROM board_scores').get() as { n: number }).n).toBeGreaterThan(3);
    live.close();
    bulk.close();
  });
});
