/**
 * Messages of the quiz: the question (buttons, a "choose N" select, or a text
 * input), the private result, "already answered" and "closed". Component ids are
 * short opaque keys into SQLite state, '<prefix>:<instanceId>[:<letter>]' (<= 100
 * chars, Discord's custom_id limit), never JSON.
 */
import type { ChoiceText, Lang, LocalText, Question } from '../../content/schema.js';
import type { QuizInstance } from '../../db/quizInstances.js';
import { countEn, fmt, t } from '../i18n.js';
import type { Block, Button, Message } from '../model.js';
import { cut, message } from '../reply.js';
import { MAX_TYPED } from './check.js';

/** Action prefixes of the quiz's components. */
export const QUIZ_IDS = {
  /** Single choice button: quiz.a:<instance>:<letter>. */
  answer: 'quiz.a',
  /** "Choose N" select: quiz.m:<instance>, values are letters. */
  multi: 'quiz.m',
  /** Typed answer input: quiz.t:<instance>, value is the text. */
  typed: 'quiz.t',
  /** Next question: quiz.n:<instance the result was for>. */
  next: 'quiz.n',
} as const;

/** Placeholder of the text input of a typed question (Discord's modal shows it; its custom_id has no room to carry it). */
export const TYPED_ANSWER_PLACEHOLDER = { ja: '例: コマンド、ファイル名、値', en: 'e.g. a command, file or value' } as const;

export const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** Discord select-option label limit (chars); longer choice texts are cut with "…". */
const MAX_OPTION_LABEL = 100;

const KIND: Record<Question['kind'], LocalText> = {
  single: { ja: '単一選択', en: 'single choice' },
  multiple: { ja: '複数選択', en: 'multiple choice' },
  typed: { ja: '記述式', en: 'typed answer' },
};

/** A choice text in `lang` (commands are one string in both). */
export function choiceText(text: ChoiceText, lang: Lang): string {
  return typeof text === 'string' ? text : t(text, lang);
}

/** Number of correct choices of a choice question (N of "choose N"). */
export function correctCount(q: Question): number {
  return q.kind === 'typed' ? 0 : q.choices.filter((c) => c.correct).length;
}

/** The letter shown for original choice `orig` in this instance. */
export function letterOf(instance: QuizInstance, orig: number): string {
  return LETTERS[instance.choiceOrder.indexOf(orig)] ?? '?';
}

/** "B. text" for original choice `orig` in this instance. */
export function labelOf(q: Question, instance: QuizInstance, orig: number, lang: Lang): string {
  if (q.kind === 'typed') return '';
  return `${letterOf(instance, orig)}. ${choiceText(q.choices[orig]!.text, lang)}`;
}

/** Where a question stands in a run, and the exam 305 objective the run was asked for, if any. */
export interface QuestionProgress {
  seq: number;
  total: number;
  /** `/virt quiz 351.2`: the 305 objective the question was chosen by. */
  objective305?: string;
}

/** Title line: "問題 330.2（単一選択）2/5"; "問題 330.2（試験 305: 351.2・単一選択）" for a run asked by a 305 objective. */
export function questionTitle(q: Question, lang: Lang, progress?: QuestionProgress): string {
  const via = progress?.objective305;
  const base = via
    ? t(fmt({ ja: '問題 {o}（試験 305: {x}・{k}）', en: 'Question {o} (exam 305: {x}, {k})' }, { o: q.objective, x: via, k: t(KIND[q.kind], lang) }), lang)
    : t(fmt({ ja: '問題 {o}（{k}）', en: 'Question {o} ({k})' }, { o: q.objective, k: t(KIND[q.kind], lang) }), lang);
  return progress && progress.total > 1 ? `${base} ${progress.seq}/${progress.total}` : base;
}

/** The question message for one instance, choices in the instance's shuffled order. */
export function renderQuestion(q: Question, instance: QuizInstance, lang: Lang, progress?: QuestionProgress): Message {
  const blocks: Block[] = [{ type: 'text', text: t(q.prompt, lang) }];
  const id = instance.id;
  if (q.kind === 'typed') {
    blocks.push({ type: 'text', text: t({ ja: '答えを入力してください。', en: 'Type your answer.' }, lang) });
    blocks.push({ type: 'input', id: `${QUIZ_IDS.typed}:${id}`, label: t({ ja: '答え', en: 'Answer' }, lang), placeholder: t(TYPED_ANSWER_PLACEHOLDER, lang), maxLength: MAX_TYPED });
  } else {
    const lines = instance.choiceOrder.map((orig, pos) => `${LETTERS[pos]}. ${choiceText(q.choices[orig]!.text, lang)}`);
    blocks.push({ type: 'text', text: lines.join('\n') });
    if (q.kind === 'single') {
      const buttons: Button[] = instance.choiceOrder.map((_, pos) => ({ id: `${QUIZ_IDS.answer}:${id}:${LETTERS[pos]}`, label: LETTERS[pos]! }));
      blocks.push({ type: 'buttons', buttons });
    } else {
      const n = correctCount(q);
      blocks.push({
        type: 'select',
        id: `${QUIZ_IDS.multi}:${id}`,
        placeholder: t(fmt({ ja: '正しいものを {n} つ選んでください', en: 'Choose {n}' }, { n }), lang),
        min: n,
        max: n,
        options: instance.choiceOrder.map((orig, pos) => ({ value: LETTERS[pos]!, label: cut(`${LETTERS[pos]}. ${choiceText(q.choices[orig]!.text, lang)}`, MAX_OPTION_LABEL) })),
      });
    }
  }
  return message(questionTitle(q, lang, progress), blocks);
}

/** What the learner gave, for the result and "already answered". */
export type Given = { kind: 'choices'; picked: readonly number[] } | { kind: 'typed'; text: string };

/** "B" / "A, C" / “xl lsit” as the user gave it. */
export function givenShort(instance: QuizInstance, given: Given): string {
  if (given.kind === 'typed') return `“${cut(given.text, 80)}”`;
  return given.picked.map((o) => letterOf(instance, o)).sort().join(', ');
}

/** The correct answer in this instance's letters (choice) or the first accepted form (typed). */
export function correctAnswerText(q: Question, instance: QuizInstance, lang: Lang): string {
  if (q.kind === 'typed') {
    const others = q.answers.slice(1, 4);
    return q.answers[0]! + (others.length ? t({ ja: `（ほかに: ${others.join(' / ')}）`, en: ` (also: ${others.join(' / ')})` }, lang) : '');
  }
  return q.choices
    .flatMap((c, i) => (c.correct ? [i] : []))
    .sort((a, b) => instance.choiceOrder.indexOf(a) - instance.choiceOrder.indexOf(b))
    .map((i) => labelOf(q, instance, i, lang))
    .join('\n');
}

export interface ResultView {
  question: Question;
  instance: QuizInstance;
  given: Given;
  correct: boolean;
  nearMiss: boolean;
  /** Score in the run so far, when the answer belongs to the user's own run. */
  run?: { seq: number; total: number; answered: number; correct: number };
  /** Knowledge-base links: [entry id, term]. */
  links: readonly (readonly [string, string])[];
}

/** The private result: right or wrong, why each wrong pick is wrong, the correct answer, the explanation, links and "next question". */
export function renderResult(v: ResultView, lang: Lang): Message {
  const { question: q, instance, given } = v;
  const title = v.correct
    ? t({ ja: '✅ 正解！', en: '✅ Correct!' }, lang)
    : v.nearMiss
      ? t({ ja: '❌ 惜しい！ でも不正解です', en: '❌ Close, but still wrong' }, lang)
      : t({ ja: '❌ 不正解', en: '❌ Wrong' }, lang);
  const yours =
    given.kind === 'typed'
      ? given.text
      : given.picked
          .slice()
          .sort((a, b) => instance.choiceOrder.indexOf(a) - instance.choiceOrder.indexOf(b))
          .map((i) => labelOf(q, instance, i, lang))
          .join('\n');
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: t({ ja: 'あなたの答え', en: 'Your answer' }, lang), value: cut(yours, 1000) || '-' },
        { label: t({ ja: '正解', en: 'Correct answer' }, lang), value: cut(correctAnswerText(q, instance, lang), 1000) },
      ],
    },
  ];
  if (q.kind !== 'typed' && given.kind === 'choices') {
    const wrongPicks = given.picked.filter((i) => !q.choices[i]!.correct);
    const why = wrongPicks.map((i) => {
      const c = q.choices[i]!;
      return t(fmt({ ja: '{l} が違う理由: {w}', en: 'Why {l} is wrong: {w}' }, { l: letterOf(instance, i), w: c.why ? t(c.why, lang) : '-' }), lang);
    });
    const missed = q.kind === 'multiple' ? q.choices.flatMap((c, i) => (c.correct && !given.picked.includes(i) ? [letterOf(instance, i)] : [])) : [];
    if (missed.length) why.push(t(fmt({ ja: '選ばなかった正解: {l}', en: 'Correct ones you did not pick: {l}' }, { l: missed.sort().join(', ') }), lang));
    if (why.length) blocks.push({ type: 'text', text: why.join('\n') });
  }
  blocks.push({ type: 'text', text: `${t({ ja: '解説', en: 'Explanation' }, lang)}: ${t(q.explanation, lang)}` });
  const buttons: Button[] = [];
  if (v.run && v.run.total > 1) {
    const score = t(fmt({ ja: '{seq}/{total} 問目 · ここまで {c}/{a} 問正解', en: 'Question {seq}/{total} · {c}/{a} correct so far' }, { seq: v.run.seq, total: v.run.total, c: v.run.correct, a: v.run.answered }), lang);
    const done = v.run.seq >= v.run.total;
    blocks.push({ type: 'text', text: done ? t(fmt({ ja: '🏁 おつかれさまでした: {total} 問中 {c} 問正解。', en: '🏁 Run finished: {c} of {total} correct.' }, { total: v.run.total, c: v.run.correct }), lang) : score });
    buttons.push({ id: `${QUIZ_IDS.next}:${instance.id}`, label: done ? t(fmt({ ja: 'もう一度 {n} 問', en: 'Another {q}' }, { n: v.run.total, q: countEn(v.run.total, 'question') }), lang) : t({ ja: '次の問題 ▶', en: 'Next question ▶' }, lang), style: 'primary' });
  } else {
    buttons.push({ id: `${QUIZ_IDS.next}:${instance.id}`, label: t({ ja: '次の問題 ▶', en: 'Next question ▶' }, lang), style: 'primary' });
  }
  for (const [id, term] of v.links.slice(0, 4)) buttons.push({ id: `ask.entry:${id}`, label: cut(term, 80) });
  blocks.push({ type: 'buttons', buttons });
  return message(title, blocks);
}

/** Private answer to an answer on a closed question: closed, with the correct answer and explanation. */
export function renderClosed(q: Question, instance: QuizInstance, lang: Lang): Message {
  return message(t({ ja: 'この問題は締め切られました', en: 'This question is closed' }, lang), [
    { type: 'text', text: t({ ja: '回答は記録されませんでした。', en: 'Your answer was not recorded.' }, lang) },
    { type: 'fields', fields: [{ label: t({ ja: '正解', en: 'Correct answer' }, lang), value: cut(correctAnswerText(q, instance, lang), 1000) }] },
    { type: 'text', text: `${t({ ja: '解説', en: 'Explanation' }, lang)}: ${t(q.explanation, lang)}` },
    { type: 'buttons', buttons: [{ id: `${QUIZ_IDS.next}:${instance.id}`, label: t({ ja: '次の問題 ▶', en: 'Next question ▶' }, lang), style: 'primary' }] },
  ]);
}
