/**
 * Mock-exam scoring, pure. An item counts as correct when the owner's answer was
 * right and arrived before the end (the quiz refuses later answers already; the
 * time is checked again here so a score never depends on that alone). Items whose
 * question has left the bank are not scored.
 */
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type ObjectiveId } from '../../content/schema.js';
import type { ExamItem } from '../../db/exams.js';
import { answerCounts } from './timing.js';

export interface ObjectiveScore {
  objective: ObjectiveId;
  weight: number;
  total: number;
  correct: number;
}

export interface ExamScore {
  /** Scored items (questions still in the bank). */
  total: number;
  /** Items answered in time. */
  answered: number;
  correct: number;
  /** Objectives that had questions in this exam, in objective order. */
  objectives: ObjectiveScore[];
  /** Σ weight × (correct / total) / Σ weight over the objectives in the exam, 0-1. */
  weighted: number;
  /** Items answered wrong, or not answered in time, in exam order. */
  missed: ExamItem[];
}

/** Whether the item's answer counts as right in an exam ending at `endsAtMs`. */
export function countsAsCorrect(item: ExamItem, endsAtMs: number): boolean {
  return item.answer !== null && item.answer.correct && answerCounts(item.answer.answeredAt, endsAtMs);
}

/** Scores `items` of an exam ending at `endsAtMs`; `known(questionId)` says whether the question is still in the bank. */
export function scoreExam(items: readonly ExamItem[], endsAtMs: number, known: (questionId: string) => boolean): ExamScore {
  const scored = items.filter((i) => known(i.questionId));
  const objectives: ObjectiveScore[] = [];
  for (const o of OBJECTIVE_IDS) {
    const mine = scored.filter((i) => i.objective === o);
    if (mine.length) objectives.push({ objective: o, weight: OBJECTIVE_WEIGHTS[o], total: mine.length, correct: mine.filter((i) => countsAsCorrect(i, endsAtMs)).length });
  }
  const weightSum = objectives.reduce((s, o) => s + o.weight, 0);
  return {
    total: scored.length,
    answered: scored.filter((i) => i.answer !== null && answerCounts(i.answer.answeredAt, endsAtMs)).length,
    correct: scored.filter((i) => countsAsCorrect(i, endsAtMs)).length,
    objectives,
    weighted: weightSum ? objectives.reduce((s, o) => s + (o.weight * o.correct) / o.total, 0) / weightSum : 0,
    missed: scored.filter((i) => !countsAsCorrect(i, endsAtMs)),
  };
}
