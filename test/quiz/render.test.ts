/** Question and result messages: opaque short ids, the right component per kind, limits kept. */
import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/content/schema.js';
import { renderQuestion, renderResult } from '../../src/core/quiz/render.js';
import type { QuizInstance } from '../../src/db/quizInstances.js';
import { content } from '../helpers/app.js';

function instance(q: Question, id = 987654321012): QuizInstance {
  return {
    id,
    platform: 'discord',
    workspaceId: 'G',
    channelId: 'C',
    questionId: q.id,
    choiceOrder: q.kind === 'typed' ? [] : q.choices.map((_, i) => i).reverse(),
    source: 'quiz',
    runId: null,
    seq: null,
    visibility: 'public',
    messageId: null,
    createdBy: null,
    createdAt: 0,
    closesAt: null,
    closed: false,
  };
}

describe('renderQuestion', () => {
  it('every question of the bank renders in both languages with ids <= 100 chars that are not JSON', () => {
    for (const q of content().questions) {
      for (const lang of ['ja', 'en'] as const) {
        const m = renderQuestion(q, instance(q), lang);
        const ids = m.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => x.id) : b.type === 'select' || b.type === 'input' ? [b.id] : []));
        expect(ids.length, q.id).toBeGreaterThan(0);
        for (const id of ids) {
          expect(id.length).toBeLessThanOrEqual(100);
          expect(id).toMatch(/^quiz\.[amt]:\d+(:[A-E])?$/);
        }
        const kinds = m.blocks.map((b) => b.type);
        expect(kinds, q.id).toContain(q.kind === 'single' ? 'buttons' : q.kind === 'multiple' ? 'select' : 'input');
        for (const b of m.blocks) if (b.type === 'select') for (const o of b.options) expect([...o.label].length).toBeLessThanOrEqual(100);
        expect(m.fallback).toContain(q.prompt[lang].slice(0, 20));
      }
    }
  });

  it('shows choices in the instance order with letters', () => {
    const q = content().questions.find((x) => x.kind === 'single')!;
    if (q.kind !== 'single') throw new Error();
    const m = renderQuestion(q, instance(q), 'en');
    const last = q.choices[q.choices.length - 1]!;
    expect(m.fallback).toContain(`A. ${typeof last.text === 'string' ? last.text : last.text.en}`);
  });
});

describe('renderResult', () => {
  it('a wrong multiple answer explains each wrong pick and names the missed ones', () => {
    const q = content().questions.find((x) => x.kind === 'multiple')!;
    if (q.kind !== 'multiple') throw new Error();
    const inst = instance(q);
    const wrong = q.choices.findIndex((c) => !c.correct);
    const right = q.choices.findIndex((c) => c.correct);
    const m = renderResult({ question: q, instance: inst, given: { kind: 'choices', picked: [right, wrong] }, correct: false, nearMiss: false, links: [['e1', 'Entry']] }, 'en');
    expect(m.title).toMatch(/Wrong/);
    expect(m.fallback).toContain(q.choices[wrong]!.why!.en);
    expect(m.fallback).toContain('Correct ones you did not pick');
    expect(m.fallback).toContain(q.explanation.en);
    const buttons = m.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    expect(buttons[0]).toMatchObject({ id: `quiz.n:${inst.id}`, style: 'primary' });
    expect(buttons.map((b) => b.id)).toContain('ask.entry:e1');
  });
});
