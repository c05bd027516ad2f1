/**
 * The question bank (data/questions/*.yaml) against its spec: size and proportions,
 * kinds, both languages, correct-choice counts, every wrong choice explained, typed
 * answers that parse and accept themselves, every link resolving.
 */
import { describe, expect, it } from 'vitest';
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type Question, type TypedQuestion } from '../../src/content/schema.js';
import { checkTyped, commandForms, normalizeText, splitWords } from '../../src/core/quiz/check.js';
import { content } from '../helpers/app.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const qs = (): Question[] => content().questions;
const byId = (kind: Question['kind']) => qs().filter((q) => q.kind === kind);
const typedQs = () => byId('typed') as TypedQuestion[];
const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4 };

describe('question bank: size and shape', () => {
  it('has at least 200 questions', () => {
    expect(qs().length).toBeGreaterThanOrEqual(200);
  });

  it('follows the exam weights 8/9/9/3/5/2 per objective (within 10 % or 2 questions)', () => {
    const total = qs().length;
    const sum = Object.values(OBJECTIVE_WEIGHTS).reduce((a, b) => a + b, 0);
    for (const o of OBJECTIVE_IDS) {
      const want = (total * OBJECTIVE_WEIGHTS[o]) / sum;
      const got = qs().filter((q) => q.objective === o).length;
      expect(Math.abs(got - want), `${o}: ${got} questions, expected about ${want.toFixed(1)}`).toBeLessThanOrEqual(Math.max(2, want * 0.1));
    }
  });

  it('has at least 15 % multiple choice and 15 % typed answers, and some of every kind in each objective', () => {
    const total = qs().length;
    expect(byId('multiple').length / total).toBeGreaterThanOrEqual(0.15);
    expect(typedQs().length / total).toBeGreaterThanOrEqual(0.15);
    for (const o of OBJECTIVE_IDS) {
      for (const k of ['single', 'multiple', 'typed'] as const) expect(qs().filter((q) => q.objective === o && q.kind === k).length, `${o} ${k}`).toBeGreaterThan(0);
    }
  });

  it('has unique ids in the stable id form', () => {
    const ids = qs().map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});

describe('question bank: both languages', () => {
  it('every prompt and explanation has Japanese text in ja and no Japanese in en', () => {
    for (const q of qs()) {
      for (const field of ['prompt', 'explanation'] as const) {
        expect(q[field].ja, `${q.id} ${field}.ja`).toMatch(JAPANESE);
        expect(q[field].en, `${q.id} ${field}.en`).not.toMatch(JAPANESE);
      }
    }
  });

  it('every wrong choice says why in both languages, and every language-specific choice has both', () => {
    for (const q of qs()) {
      if (q.kind === 'typed') continue;
      q.choices.forEach((c, i) => {
        if (typeof c.text !== 'string') {
          expect(c.text.ja, `${q.id} choice ${i}`).toBeTruthy();
          expect(c.text.en, `${q.id} choice ${i}`).not.toMatch(JAPANESE);
        }
        if (!c.correct) {
          expect(c.why, `${q.id} choice ${i} needs why`).toBeDefined();
          expect(c.why!.ja, `${q.id} choice ${i} why.ja`).toMatch(JAPANESE);
          expect(c.why!.en.length, `${q.id} choice ${i} why.en`).toBeGreaterThan(5);
          expect(c.why!.en.split('\n').length, `${q.id} choice ${i}: why is one line`).toBe(1);
        }
      });
    }
  });
});

describe('question bank: choices', () => {
  it('single choice: 4-5 choices, exactly one correct', () => {
    for (const q of byId('single')) {
      if (q.kind !== 'single') continue;
      expect(q.choices.length, q.id).toBeGreaterThanOrEqual(4);
      expect(q.choices.length, q.id).toBeLessThanOrEqual(5);
      expect(q.choices.filter((c) => c.correct).length, q.id).toBe(1);
    }
  });

  it('multiple choice: 5 choices, N >= 2 correct, and a prompt that says N agrees with it', () => {
    for (const q of byId('multiple')) {
      if (q.kind !== 'multiple') continue;
      const n = q.choices.filter((c) => c.correct).length;
      expect(q.choices.length, q.id).toBe(5);
      expect(n, q.id).toBeGreaterThanOrEqual(2);
      expect(n, q.id).toBeLessThanOrEqual(4);
      const said = /\b(?:choose|select|pick)\s+(two|three|four|\d)\b/i.exec(q.prompt.en);
      if (said) expect(NUMBER_WORDS[said[1]!.toLowerCase()] ?? Number(said[1]), `${q.id}: prompt says "${said[0]}"`).toBe(n);
    }
  });

  it('choice texts carry no letter of their own (the bot adds A-E after shuffling)', () => {
    for (const q of qs()) {
      if (q.kind === 'typed') continue;
      for (const c of q.choices) {
        for (const text of typeof c.text === 'string' ? [c.text] : [c.text.ja, c.text.en]) expect(text, q.id).not.toMatch(/^[A-E][.)]\s/);
      }
    }
  });
});

describe('question bank: typed answers', () => {
  it('every accepted answer parses and is accepted by the checker', () => {
    for (const q of typedQs()) {
      for (const a of q.answers) {
        expect(normalizeText(a, q.caseSensitive), `${q.id}: "${a}"`).not.toBe('');
        expect(checkTyped(q, a).correct, `${q.id}: "${a}" must be accepted`).toBe(true);
        // Typed in full-width or with extra spaces, it is still the same answer.
        expect(checkTyped(q, `  ${a.replace(/ /g, '   ')} `).correct, `${q.id}: "${a}" with spacing`).toBe(true);
      }
    }
  });

  it('command answers start with a command word and list option aliases as options', () => {
    for (const q of typedQs().filter((x) => x.match === 'command')) {
      for (const a of q.answers) {
        const words = splitWords(a.normalize('NFKC'));
        expect(words[0], `${q.id}: "${a}"`).toMatch(/^[\w./][\w.+\/-]*$/);
        expect(words[0]!.startsWith('-'), `${q.id}: "${a}"`).toBe(false);
        expect(commandForms(a, q).bound.split(' | ')[0], q.id).not.toBe('');
      }
      for (const pair of q.optionAliases) for (const o of pair) expect(o, `${q.id} optionAliases`).toMatch(/^-/);
    }
  });

  it('an option alias really is interchangeable in the accepted answers', () => {
    for (const q of typedQs().filter((x) => x.match === 'command' && x.optionAliases.length)) {
      for (const a of q.answers) {
        for (const [short, long] of q.optionAliases) {
          const words = splitWords(a);
          if (!words.includes(short)) continue;
          const swapped = words.map((w) => (w === short ? long : w)).join(' ');
          expect(checkTyped(q, swapped).correct, `${q.id}: "${swapped}"`).toBe(true);
        }
      }
    }
  });

  it('an accepted command with a one-letter option in the other case is refused (-O is not -o), unless it is listed too', () => {
    for (const q of typedQs().filter((x) => x.match === 'command')) {
      for (const a of q.answers) {
        const words = splitWords(a);
        for (const [i, w] of words.entries()) {
          if (!/^-[A-Za-z]$/.test(w)) continue;
          const other = words.map((x, j) => (j === i ? (w === w.toLowerCase() ? w.toUpperCase() : w.toLowerCase()) : x)).join(' ');
          if (q.answers.some((b) => normalizeText(b, true) === normalizeText(other, true))) continue;
          expect(checkTyped(q, other).correct, `${q.id}: "${other}"`).toBe(false);
        }
      }
    }
  });

  it('a wrong typed answer is refused (the first answer of another typed question)', () => {
    const list = typedQs();
    for (const [i, q] of list.entries()) {
      const other = list.find((x, j) => j !== i && !x.answers.some((a) => checkTyped(q, a).correct));
      if (other) expect(checkTyped(q, other.answers[0]!).correct, `${q.id} vs ${other.id}`).toBe(false);
    }
  });
});

describe('question bank: links', () => {
  it('every linked knowledge-base entry exists', () => {
    for (const q of qs()) for (const id of q.entries) expect(content().entryById.has(id), `${q.id} → ${id}`).toBe(true);
  });

  it('every question links at least one entry of its own objective', () => {
    for (const q of qs()) {
      const own = q.entries.some((id) => content().entryById.get(id)?.objectives.includes(q.objective));
      expect(own, `${q.id} (${q.objective}) links ${q.entries.join(', ')}`).toBe(true);
    }
  });
});
