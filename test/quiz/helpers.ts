/** Quiz test helpers: a seeded random source and answer keys read from the real database and content. */
import type { Question } from '../../src/content/schema.js';
import type { Block, Reply } from '../../src/core/model.js';
import { LETTERS } from '../../src/core/quiz/render.js';
import type { Db } from '../../src/db/open.js';
import { QuizInstanceRepo, type QuizInstance } from '../../src/db/quizInstances.js';
import { seededRandom } from '../../src/core/random.js';
import { content } from '../helpers/app.js';

/** A seeded random source so selection and shuffles repeat from run to run. */
export const seeded = seededRandom;

export function blocksOf(r: Reply[], type: Block['type']): Block[] {
  return r.flatMap((x) => x.message.blocks.filter((b) => b.type === type));
}

export function buttonIds(r: Reply[]): string[] {
  return r.flatMap((x) => x.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((y) => y.id) : [])));
}

/** The quiz instance id a question reply carries (from its button, select or input id). */
export function instanceIdOf(r: Reply[]): number {
  for (const x of r) {
    for (const b of x.message.blocks) {
      const id = b.type === 'buttons' ? b.buttons.find((y) => /^quiz\.a:/.test(y.id))?.id : b.type === 'select' || b.type === 'input' ? b.id : undefined;
      const m = id && /^quiz\.[amt]:(\d+)/.exec(id);
      if (m) return Number(m[1]);
    }
  }
  throw new Error('no quiz instance in reply: ' + JSON.stringify(r));
}

export interface Key {
  instance: QuizInstance;
  question: Question;
  /** Correct letters in this instance's order (choice questions). */
  right: string[];
  /** Wrong letters in this instance's order. */
  wrong: string[];
}

/** The answer key of an instance, from the database row and the question bank. */
export function keyOf(db: Db, instanceId: number): Key {
  const instance = new QuizInstanceRepo(db).get(instanceId)!;
  const question = content().questionById.get(instance.questionId)!;
  const right: string[] = [];
  const wrong: string[] = [];
  if (question.kind !== 'typed') {
    instance.choiceOrder.forEach((orig, pos) => (question.choices[orig]!.correct ? right : wrong).push(LETTERS[pos]!));
  }
  return { instance, question, right, wrong };
}
