/**
 * Messages of the mock exam: a question (the quiz's own rendering, re-addressed to
 * the exam's actions, with the time left), and the score pages. Long results are
 * split over several messages, each within every platform's limits.
 */
import type { Content } from '../../content/load.js';
import type { Lang, Question } from '../../content/schema.js';
import type { Exam, ExamItem } from '../../db/exams.js';
import type { QuizInstance } from '../../db/quizInstances.js';
import { fmt, t } from '../i18n.js';
import type { Block, Message, Reply } from '../model.js';
import { cut, message } from '../reply.js';
import { choiceText, correctAnswerText, labelOf, renderQuestion } from '../quiz/render.js';
import { readdress } from '../review/controls.js';
import type { ExamScore } from './score.js';
import { formatRemaining, remainingMs } from './timing.js';

/**
 * Component ids: answers `exam.a:<instance>:<letter>`, `exam.m:<instance>`,
 * `exam.t:<instance>` (the quiz's ids re-addressed); `exam.s:<instance>` skips to the
 * next unanswered question; `exam.f:<exam>` ends the exam now.
 */
export const EXAM_IDS = { answer: 'exam.a', multi: 'exam.m', typed: 'exam.t', skip: 'exam.s', finish: 'exam.f' } as const;

/** A result page holds at most this much text (chars): under Slack's 3,000 per section and Discord's 4,096 per embed description with room for the title. */
export const RESULT_PAGE_CHARS = 2800;
/** …and at most this many blocks (Slack allows 50 per message; a page stays readable). */
export const RESULT_PAGE_BLOCKS = 12;
/** One missed question is cut to this many characters. */
const MISSED_MAX = 900;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The question `seq` of `exam`, with the time left at `nowMs` and the answered count; `note` goes on top (e.g. "resumed"). */
export function renderExamQuestion(q: Question, instance: QuizInstance, exam: Exam, seq: number, answered: number, nowMs: number, lang: Lang, note?: string): Message {
  const base = renderQuestion(q, instance, lang, { seq, total: exam.total });
  const timer = t(
    fmt({ ja: '📝 模擬試験 · ⏱ 残り {r} · 回答済み {a}/{n} · 結果は最後に表示します', en: '📝 Mock exam · ⏱ {r} left · answered {a}/{n} · results at the end' }, { r: formatRemaining(remainingMs(nowMs, exam.endsAt)), a: answered, n: exam.total }),
    lang,
  );
  return readdress(
    base,
    { answer: EXAM_IDS.answer, multi: EXAM_IDS.multi, typed: EXAM_IDS.typed },
    {
      before: [{ type: 'text', text: note ? `${note}\n${timer}` : timer }],
      after: [
        {
          type: 'buttons',
          buttons: [
            // Skipping the last unanswered question would only show it again.
            ...(exam.total - answered > 1 ? [{ id: `${EXAM_IDS.skip}:${instance.id}`, label: t({ ja: 'あとで解く ▶', en: 'Skip for now ▶' }, lang) }] : []),
            { id: `${EXAM_IDS.finish}:${exam.id}`, label: t({ ja: '終了して採点', en: 'Finish and score' }, lang), style: 'danger' as const },
          ],
        },
      ],
    },
  );
}

/** The user's answer to a missed item, as text. */
function givenText(q: Question, item: ExamItem, instance: QuizInstance | undefined, endsAt: number, lang: Lang): string {
  const a = item.answer;
  if (!a) return t({ ja: '（未回答）', en: '(not answered)' }, lang);
  if (a.answeredAt >= endsAt) return t({ ja: '（時間切れ後の回答のため数えません）', en: '(after the time ended: not counted)' }, lang);
  if (a.typed !== null) return a.typed;
  if (q.kind === 'typed' || !instance) return '-';
  return (a.chosen ?? []).map((i) => labelOf(q, instance, i, lang)).join(' / ');
}

/** The correct answer of an item that may never have been shown (then without letters). */
function correctText(q: Question, instance: QuizInstance | undefined, lang: Lang): string {
  if (instance) return correctAnswerText(q, instance, lang);
  if (q.kind === 'typed') return q.answers[0]!;
  return q.choices.filter((c) => c.correct).map((c) => `• ${choiceText(c.text, lang)}`).join('\n');
}

/**
 * The score pages: score, per-objective scores with the exam weights, and every
 * missed question with the correct answer and explanation, split into messages of
 * at most RESULT_PAGE_CHARS / RESULT_PAGE_BLOCKS. Private.
 */
export function renderResults(exam: Exam, score: ExamScore, content: Content, instanceOf: (id: number) => QuizInstance | undefined, lang: Lang, note?: string): Reply[] {
  const used = Math.min(exam.finishedAt ?? exam.endsAt, exam.endsAt) - exam.startedAt;
  const summary: Block[] = [];
  if (note) summary.push({ type: 'text', text: note });
  summary.push({
    type: 'fields',
    fields: [
      { label: t({ ja: '得点', en: 'Score' }, lang), value: `${score.correct}/${score.total} (${pct(score.total ? score.correct / score.total : 0)})` },
      { label: t({ ja: '重み付き得点', en: 'Weighted score' }, lang), value: pct(score.weighted) },
      { label: t({ ja: '回答', en: 'Answered' }, lang), value: `${score.answered}/${score.total}` },
      { label: t({ ja: '所要時間', en: 'Time used' }, lang), value: `${formatRemaining(used)} / ${formatRemaining(exam.minutes * 60_000)}` },
    ],
  });
  const rows = score.objectives.map((o) => `${o.objective}  ${t({ ja: '重み', en: 'weight' }, lang)} ${o.weight}  ${String(o.correct).padStart(2)}/${String(o.total).padEnd(2)}  ${pct(o.correct / o.total).padStart(4)}`);
  summary.push({ type: 'text', text: t({ ja: '範囲ごとの得点（重み付き得点は、各範囲の正答率を試験の重み 8/9/9/3/5/2 で平均したもの）:', en: 'Per objective (the weighted score averages each objective\'s share right by the exam weights 8/9/9/3/5/2):' }, lang) });
  summary.push({ type: 'code', text: rows.join('\n') || '-' });
  if (score.missed.length) {
    summary.push({ type: 'text', text: t(fmt({ ja: '間違えた・未回答の問題（{n} 問）。間違えた問題は復習カードになり、数分後から /virt review に出ます。未回答の問題は下の解説で確認してください:', en: 'Missed or unanswered ({n}). The ones you got wrong are review cards now, due in /virt review within minutes; the unanswered ones are explained below:' }, { n: score.missed.length }), lang) });
  } else {
    summary.push({ type: 'text', text: t({ ja: '🎉 全問正解です！', en: '🎉 All correct!' }, lang) });
  }

  const missedBlocks: Block[] = score.missed.flatMap((item): Block[] => {
    const q = content.questionById.get(item.questionId);
    if (!q) return [];
    const instance = item.instanceId === null ? undefined : instanceOf(item.instanceId);
    const text = [
      `❌ ${item.seq}. [${q.objective}] ${cut(t(q.prompt, lang), 300)}`,
      `${t({ ja: 'あなたの答え', en: 'Your answer' }, lang)}: ${cut(givenText(q, item, instance, exam.endsAt, lang), 200)}`,
      `${t({ ja: '正解', en: 'Correct answer' }, lang)}: ${cut(correctText(q, instance, lang), 250)}`,
      `${t({ ja: '解説', en: 'Explanation' }, lang)}: ${t(q.explanation, lang)}`,
    ].join('\n');
    return [{ type: 'text', text: cut(text, MISSED_MAX) }];
  });

  const title = t({ ja: '🏁 模擬試験の結果', en: '🏁 Mock exam result' }, lang);
  const pages: Block[][] = [];
  let page: Block[] = [...summary];
  let size = summary.reduce((n, b) => n + sizeOf(b), 0);
  for (const b of missedBlocks) {
    const s = sizeOf(b);
    if (page.length >= RESULT_PAGE_BLOCKS || size + s > RESULT_PAGE_CHARS) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(b);
    size += s;
  }
  pages.push(page);
  return pages.map((blocks, i) => ({
    visibility: 'private',
    message: message(pages.length > 1 ? `${title} (${i + 1}/${pages.length})` : title, blocks),
  }));
}

function sizeOf(b: Block): number {
  if (b.type === 'text' || b.type === 'code') return b.text.length;
  if (b.type === 'fields') return b.fields.reduce((n, f) => n + f.label.length + f.value.length, 0);
  return 0;
}
