/**
 * Messages of the daily question: the post (the quiz's own question message with a
 * daily header and the reveal time) and the reveal (correct answer, explanation,
 * share of each choice or the most common typed answers, how many got it right,
 * and names only when the workspace turned show_names on).
 */
import type { Lang, Question } from '../../content/schema.js';
import type { AnswerRow } from '../../db/answers.js';
import type { QuizInstance } from '../../db/quizInstances.js';
import { fmt, t } from '../i18n.js';
import type { Block, Message } from '../model.js';
import { message } from '../reply.js';
import { normalizeText } from '../quiz/check.js';
import { LETTERS, choiceText, correctAnswerText, questionTitle } from '../quiz/render.js';

/** Most common typed answers shown in a reveal. */
export const TOP_TYPED = 3;
/** Names listed in a reveal before "+N more" (keeps the message within every platform's limits). */
export const MAX_NAMES = 20;

/** The answers to one daily question, counted for its reveal. */
export interface RevealStats {
  answered: number;
  correct: number;
  /** Choice questions: how many picked each choice, by original choice index. */
  picks: number[];
  /** Typed questions: the most common answers (normalised), most frequent first. */
  topTyped: { text: string; count: number; correct: boolean }[];
  /** Who answered right, first first. */
  correctNames: string[];
}

/** Counts `answers` (first answers only: the answers table holds nothing else). */
export function revealStats(q: Question, answers: readonly (AnswerRow & { name: string })[]): RevealStats {
  const picks = q.kind === 'typed' ? [] : q.choices.map(() => 0);
  const typed = new Map<string, { text: string; count: number; correct: boolean; first: number }>();
  for (const [i, a] of answers.entries()) {
    if (a.chosen) for (const c of a.chosen) if (c >= 0 && c < picks.length) picks[c]!++;
    if (a.typed !== null) {
      const key = normalizeText(a.typed, q.kind === 'typed' && q.caseSensitive);
      const hit = typed.get(key);
      if (hit) hit.count++;
      else typed.set(key, { text: key, count: 1, correct: a.correct, first: i });
    }
  }
  const topTyped = [...typed.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, TOP_TYPED)
    .map(({ text, count, correct }) => ({ text, count, correct }));
  return {
    answered: answers.length,
    correct: answers.filter((a) => a.correct).length,
    picks,
    topTyped,
    correctNames: answers.filter((a) => a.correct).map((a) => a.name),
  };
}

const pct = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);

/** "📅 今日の問題（2026-11-30）", or "📅 追加の問題（2026-11-30）" for an extra post (`daily now` after the day's post). */
export function dailyHeader(day: string, lang: Lang, extra = false): string {
  const text = extra ? { ja: '📅 追加の問題（{d}）', en: '📅 Extra question ({d})' } : { ja: '📅 今日の問題（{d}）', en: '📅 Daily question ({d})' };
  return t(fmt(text, { d: day }), lang);
}

/**
 * The daily post: the quiz's question message (same controls, so answers go through
 * the quiz and count like any answer) under a daily header, with when it closes.
 * @param closesLocal reveal time as the channel reads it, e.g. '12/01 08:59 (Asia/Tokyo)'.
 * @param extra an extra post (`daily now` after the day's post): headed as such.
 */
export function renderDailyPost(question: Message, day: string, closesLocal: string, lang: Lang, extra = false): Message {
  const blocks: Block[] = [
    ...question.blocks,
    { type: 'text', text: t(fmt({ ja: '⏰ 答え合わせ: {c}（数えられるのは各自の最初の答えだけです）', en: '⏰ Answer reveal: {c} (only your first answer counts)' }, { c: closesLocal }), lang) },
  ];
  return message(`${dailyHeader(day, lang, extra)} · ${question.title ?? ''}`.trim(), blocks);
}

/** The reveal: replaces the post (its buttons go away) or follows it when the post is gone. */
export function renderReveal(v: { question: Question; instance: QuizInstance; day: string; extra?: boolean; stats: RevealStats; showNames: boolean }, lang: Lang): Message {
  const { question: q, instance, stats } = v;
  const blocks: Block[] = [{ type: 'text', text: t(q.prompt, lang) }];
  if (q.kind !== 'typed') {
    const lines = instance.choiceOrder.map((orig, pos) => {
      const c = q.choices[orig]!;
      const n = stats.picks[orig] ?? 0;
      return `${c.correct ? '✅' : '▫️'} ${LETTERS[pos]}. ${choiceText(c.text, lang)} — ${n} (${pct(n, stats.answered)}%)`;
    });
    blocks.push({ type: 'text', text: lines.join('\n') });
  }
  const fields = [
    { label: t({ ja: '正解', en: 'Correct answer' }, lang), value: correctAnswerText(q, instance, lang) },
    {
      label: t({ ja: '正解した人', en: 'Answered right' }, lang),
      value: stats.answered
        ? t(fmt({ ja: '{c} / {a} 人（{p}%）', en: '{c} of {a} ({p}%)' }, { c: stats.correct, a: stats.answered, p: pct(stats.correct, stats.answered) }), lang)
        : t({ ja: 'まだ誰も答えていません', en: 'Nobody answered' }, lang),
    },
  ];
  blocks.push({ type: 'fields', fields });
  if (q.kind === 'typed' && stats.topTyped.length) {
    const lines = stats.topTyped.map((x) => `${x.correct ? '✅' : '❌'} “${x.text.length > 80 ? x.text.slice(0, 79) + '…' : x.text}” × ${x.count}`);
    blocks.push({ type: 'text', text: `${t({ ja: 'よくあった答え', en: 'Most common answers' }, lang)}:\n${lines.join('\n')}` });
  }
  blocks.push({ type: 'text', text: `${t({ ja: '解説', en: 'Explanation' }, lang)}: ${t(q.explanation, lang)}` });
  if (v.showNames && stats.correctNames.length) {
    const shown = stats.correctNames.slice(0, MAX_NAMES).join(', ');
    const more = stats.correctNames.length - MAX_NAMES;
    blocks.push({ type: 'text', text: `🎉 ${shown}${more > 0 ? t(fmt({ ja: ' ほか {n} 人', en: ' and {n} more' }, { n: more }), lang) : ''}` });
  }
  const title = `${dailyHeader(v.day, lang, v.extra)} · ${t({ ja: '答え合わせ', en: 'the answer' }, lang)} · ${questionTitle(q, lang)}`;
  return message(title, blocks);
}
