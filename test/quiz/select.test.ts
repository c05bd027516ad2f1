/** Selection: least served first (no repeat until the pool is used up), weak objectives drawn more often, shuffles. */
import { describe, expect, it } from 'vitest';
import type { ObjectiveId } from '../../src/content/schema.js';
import { objectiveWeight, pickObjective, pickQuestion, shuffleOrder } from '../../src/core/quiz/select.js';
import { content } from '../helpers/app.js';
import { seeded } from './helpers.js';

const all: ObjectiveId[] = ['330.1', '330.2', '330.3', '330.4', '330.5', '330.6'];

describe('pickQuestion', () => {
  it('serves every question of the pool once before any repeats, then starts a new round', () => {
    const pool = content().questions.filter((q) => q.objective === '330.4');
    const served = new Map<string, number>();
    const rng = seeded(11);
    const order: string[] = [];
    for (let i = 0; i < pool.length * 2; i++) {
      const q = pickQuestion(pool, served, rng, order.at(-1));
      order.push(q.id);
      served.set(q.id, (served.get(q.id) ?? 0) + 1);
    }
    expect(new Set(order.slice(0, pool.length)).size).toBe(pool.length);
    expect(new Set(order.slice(pool.length)).size).toBe(pool.length);
    expect(order[pool.length]).not.toBe(order[pool.length - 1]); // a new round does not start with the last one
  });

  it('prefers never-served questions, e.g. ones added to the bank later', () => {
    const pool = content().questions.filter((q) => q.objective === '330.6');
    const served = new Map(pool.slice(1).map((q) => [q.id, 3]));
    expect(pickQuestion(pool, served, seeded(1)).id).toBe(pool[0]!.id);
  });
});

describe('pickObjective', () => {
  it('weights by exam weight when nothing is known', () => {
    const none = new Map();
    expect(objectiveWeight('330.2', none) / objectiveWeight('330.6', none)).toBeCloseTo(9 / 2);
  });

  it('draws a weak objective more often than a strong one of the same exam weight', () => {
    const stats = new Map([
      ['330.2', { answered: 40, correct: 38 }],
      ['330.3', { answered: 40, correct: 8 }],
    ]);
    expect(objectiveWeight('330.3', stats)).toBeGreaterThan(2 * objectiveWeight('330.2', stats));
    const rng = seeded(5);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const o = pickObjective(all, stats, rng);
      counts.set(o, (counts.get(o) ?? 0) + 1);
    }
    expect(counts.get('330.3')!).toBeGreaterThan(2 * counts.get('330.2')!);
    for (const o of all) expect(counts.get(o) ?? 0, o).toBeGreaterThan(0);
  });

  it('only draws objectives that have questions', () => {
    const rng = seeded(9);
    for (let i = 0; i < 200; i++) expect(['330.4', '330.6']).toContain(pickObjective(['330.4', '330.6'], new Map(), rng));
  });
});

describe('shuffleOrder', () => {
  it('is a permutation, and differs between instances', () => {
    const rng = seeded(3);
    const orders = Array.from({ length: 50 }, () => shuffleOrder(5, rng));
    for (const o of orders) expect([...o].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(orders.map((o) => o.join(''))).size).toBeGreaterThan(20);
  });

  it('over many instances puts the correct choice in every position', () => {
    const rng = seeded(4);
    const positions = new Set<number>();
    for (let i = 0; i < 100; i++) positions.add(shuffleOrder(4, rng).indexOf(0));
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });
});
