/** Mock-exam sampling: shares by exam weight, all three kinds, no repeats; scoring; timing rules. */
import { describe, expect, it } from 'vitest';
import { OBJECTIVE_IDS, type ObjectiveId } from '../../src/content/schema.js';
import { quotas, sampleExam } from '../../src/core/exam/sample.js';
import { scoreExam } from '../../src/core/exam/score.js';
import { answerCounts, examEndsAt, formatRemaining } from '../../src/core/exam/timing.js';
import type { ExamItem } from '../../src/db/exams.js';
import { content } from '../helpers/app.js';
import { seeded } from '../quiz/helpers.js';

const plenty = new Map<ObjectiveId, number>(OBJECTIVE_IDS.map((o) => [o, 100]));

describe('quotas', () => {
  it('60 questions split by 8/9/9/3/5/2 with the largest remainder', () => {
    // 60 × w / 36 = 13.33, 15, 15, 5, 8.33, 3.33 → floors 13+15+15+5+8+3 = 59, the last one to the largest remainder (330.1 by weight on the tie)
    expect(Object.fromEntries(quotas(60, plenty))).toEqual({ '330.1': 14, '330.2': 15, '330.3': 15, '330.4': 5, '330.5': 8, '330.6': 3 });
  });

  it('10 questions: 2.2, 2.5, 2.5, 0.83, 1.39, 0.56 → 2, 3, 2, 1, 1, 1', () => {
    expect(Object.fromEntries(quotas(10, plenty))).toEqual({ '330.1': 2, '330.2': 3, '330.3': 2, '330.4': 1, '330.5': 1, '330.6': 1 });
  });

  it('an objective short of questions gives its share to the others; never more than the bank has', () => {
    const few = new Map<ObjectiveId, number>([...plenty, ['330.2', 1], ['330.6', 0]]);
    const q = quotas(36, few);
    expect(q.get('330.2')).toBe(1);
    expect(q.get('330.6')).toBe(0);
    expect([...q.values()].reduce((a, b) => a + b, 0)).toBe(36);
    const tiny = new Map<ObjectiveId, number>(OBJECTIVE_IDS.map((o) => [o, 1]));
    expect([...quotas(60, tiny).values()].reduce((a, b) => a + b, 0)).toBe(6);
  });
});

describe('sampleExam on the real bank', () => {
  it('60 distinct questions by weight, all three kinds', () => {
    const bank = content().questions;
    const exam = sampleExam(bank, 60, seeded(3));
    expect(exam).toHaveLength(60);
    expect(new Set(exam.map((q) => q.id)).size).toBe(60);
    expect(new Set(exam.map((q) => q.kind))).toEqual(new Set(['single', 'multiple', 'typed']));
    const avail = new Map<ObjectiveId, number>(OBJECTIVE_IDS.map((o) => [o, bank.filter((q) => q.objective === o).length]));
    const want = quotas(60, avail);
    for (const o of OBJECTIVE_IDS) expect(exam.filter((q) => q.objective === o).length).toBe(want.get(o));
  });

  it('even 3 questions mix the kinds when the objective has them', () => {
    const bank = content().questions.filter((q) => q.objective === '330.2');
    const exam = sampleExam(bank, 3, seeded(11));
    expect(new Set(exam.map((q) => q.kind)).size).toBe(3);
  });
});

describe('timing and score', () => {
  it('an answer counts strictly before the end', () => {
    const start = Date.parse('2026-11-30T00:00:00Z');
    const end = examEndsAt(start, 5);
    expect(end - start).toBe(300_000);
    expect(answerCounts(end - 1000, end)).toBe(true);
    expect(answerCounts(end, end)).toBe(false);
    expect(answerCounts(end + 1000, end)).toBe(false);
    expect(formatRemaining(end - start)).toBe('5:00');
    expect(formatRemaining(500)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(90 * 60_000)).toBe('1:30:00');
  });

  it('weighted score averages the per-objective shares by weight; late and missing answers are missed', () => {
    const end = 1_000_000;
    const item = (seq: number, objective: string, correct: boolean | null, at = end - 1): ExamItem => ({
      examId: 1, seq, questionId: `q${seq}`, objective, instanceId: seq,
      answer: correct === null ? null : { correct, chosen: [0], typed: null, answeredAt: at },
    });
    const s = scoreExam([item(1, '330.1', true), item(2, '330.1', false), item(3, '330.4', true), item(4, '330.4', true, end), item(5, '330.4', null)], end, () => true);
    expect(s.total).toBe(5);
    expect(s.correct).toBe(2);
    expect(s.answered).toBe(3);
    expect(s.objectives).toEqual([
      { objective: '330.1', weight: 8, total: 2, correct: 1 },
      { objective: '330.4', weight: 3, total: 3, correct: 1 },
    ]);
    // (8 × 1/2 + 3 × 1/3) / 11 = 5 / 11
    expect(s.weighted).toBeCloseTo(5 / 11, 10);
    expect(s.missed.map((i) => i.seq)).toEqual([2, 4, 5]);
  });
});
