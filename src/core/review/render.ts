/** Messages of `/virt review`: the header over a card's question, "nothing due", and the lines added to a result. */
import { DateTime } from 'luxon';
import type { Lang } from '../../content/schema.js';
import { fmt, t } from '../i18n.js';
import type { Block, Button, Message } from '../model.js';
import { message } from '../reply.js';
import type { AnswerIds } from './controls.js';
import type { CardState } from './fsrs.js';
import { retrievability } from './fsrs.js';

/** 'due': cards whose due time has come, earliest first; 'cram': all cards, weakest first. */
export type ReviewMode = 'due' | 'cram';

/**
 * Component ids of the review: the quiz's answer controls re-addressed as
 * `review.a:<d|c>:<instance>:<letter>`, `review.m:<d|c>:<instance>`,
 * `review.t:<d|c>:<instance>`, and the next card `review.n:<d|c>:<instance just answered>`.
 */
export const REVIEW_IDS = {
  answer: 'review.a',
  multi: 'review.m',
  typed: 'review.t',
  next: 'review.n',
  /** The answer prefixes for `mode` (the mode rides in the id so "next" keeps it). */
  answersFor(mode: ReviewMode): AnswerIds {
    const m = modeCode(mode);
    return { answer: `review.a:${m}`, multi: `review.m:${m}`, typed: `review.t:${m}` };
  },
} as const;

export function modeCode(mode: ReviewMode): 'd' | 'c' {
  return mode === 'cram' ? 'c' : 'd';
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "in 10 min" / "in 5 h" under a day, else the local date and time in `zone`. */
export function whenText(atMs: number, nowMs: number, zone: string, lang: Lang): string {
  const diff = atMs - nowMs;
  if (diff <= 0) return t({ ja: '今', en: 'now' }, lang);
  const min = Math.ceil(diff / 60_000);
  if (min < 60) return t(fmt({ ja: '{n} 分後', en: 'in {n} min' }, { n: min }), lang);
  if (diff < 24 * 3_600_000) return t(fmt({ ja: '約 {n} 時間後', en: 'in about {n} h' }, { n: Math.round(diff / 3_600_000) }), lang);
  return DateTime.fromMillis(atMs, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** "Due now N · today N · tomorrow N". */
export function countsText(c: { now: number; today: number; tomorrow: number }, lang: Lang): string {
  return t(fmt({ ja: '復習待ち: 今 {n} 枚 · 今日中 {t} 枚 · 明日 {m} 枚', en: 'Due now: {n} · today: {t} · tomorrow: {m}' }, { n: c.now, t: c.today, m: c.tomorrow }), lang);
}

/**
 * The line above a served card's question. Predicted recall is shown only in cram
 * mode (it is the order) and only for cards last seen a day or more ago: ts-fsrs
 * counts elapsed time in whole days, so a card from earlier today always shows 100 %.
 */
export function reviewHeader(mode: ReviewMode, counts: { now: number; today: number; tomorrow: number }, card: CardState, nowMs: number, lang: Lang): Block {
  const head = mode === 'cram' ? t({ ja: '🔥 追い込み復習（弱いカードから）', en: '🔥 Cram (weakest cards first)' }, lang) : t({ ja: '🔁 復習', en: '🔁 Review' }, lang);
  const showRecall = mode === 'cram' && card.lastReview !== null && nowMs - card.lastReview >= 86_400_000;
  const recall = showRecall ? ' · ' + t(fmt({ ja: 'このカードの予測想起率 {r}', en: 'predicted recall of this card {r}' }, { r: pct(retrievability(card, nowMs)) }), lang) : '';
  return { type: 'text', text: `${head} · ${countsText(counts, lang)}${recall}` };
}

/** No card to serve: nothing due (with when the next one is), or no cards at all. */
export function renderEmpty(mode: ReviewMode, counts: { now: number; today: number; tomorrow: number; next?: number }, totalCards: number, nowMs: number, zone: string, lang: Lang): Message {
  if (totalCards === 0) {
    return message(t({ ja: '🔁 復習', en: '🔁 Review' }, lang), [
      {
        type: 'text',
        text: t({ ja: 'まだカードがありません。クイズ・今日の一問・模擬試験で答えた問題が、1 問ずつ復習カードになります。/virt quiz から始めましょう。', en: 'No cards yet. Every question you answer (quiz, daily question, mock exam) becomes a review card. Start with /virt quiz.' }, lang),
      },
    ]);
  }
  const blocks: Block[] = [{ type: 'text', text: t({ ja: '✅ 今復習するカードはありません。', en: '✅ Nothing is due right now.' }, lang) }, { type: 'text', text: countsText(counts, lang) }];
  if (counts.next !== undefined) blocks.push({ type: 'text', text: t(fmt({ ja: '次のカード: {w}', en: 'Next card due: {w}' }, { w: whenText(counts.next, nowMs, zone, lang) }), lang) });
  if (mode === 'due') blocks.push({ type: 'text', text: t({ ja: '試験前の追い込みは /virt review cram（期日を無視して弱いカードから）。', en: 'Before the exam, /virt review cram serves the weakest cards regardless of due dates.' }, lang) });
  return message(t({ ja: '🔁 復習', en: '🔁 Review' }, lang), blocks);
}

/** The "next card" button and the lines added to a review answer's result: when the card comes back, and what is still due. */
export function renderAnswered(mode: ReviewMode, instanceId: number, card: CardState | undefined, counts: { now: number; today: number; tomorrow: number }, nowMs: number, zone: string, lang: Lang): { next: Button; after: Block[] } {
  const after: Block[] = [];
  const lines: string[] = [];
  if (card) lines.push(t(fmt({ ja: 'このカードの次の復習: {w}', en: 'This card comes back: {w}' }, { w: whenText(card.due, nowMs, zone, lang) }), lang));
  lines.push(countsText(counts, lang));
  after.push({ type: 'text', text: lines.join('\n') });
  const label = mode === 'cram' || counts.now > 0 ? t({ ja: '次のカード ▶', en: 'Next card ▶' }, lang) : t({ ja: '復習の状況 ▶', en: 'Review status ▶' }, lang);
  return { next: { id: `${REVIEW_IDS.next}:${modeCode(mode)}:${instanceId}`, label, style: 'primary' }, after };
}
