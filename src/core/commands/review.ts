/**
 * `/virt review [cram]`, `/virt config exam-date <date>`, the review's components,
 * and the readiness section of `/virt progress`.
 */
import type { Lang, LocalText } from '../../content/schema.js';
import type { ActionDecl, CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { countEn, fmt, t } from '../i18n.js';
import type { Block } from '../model.js';
import { privateText } from '../reply.js';
import { MAX_YEARS_AHEAD } from '../review/examDate.js';
import { REVIEW_IDS } from '../review/render.js';
import { modeOf } from '../review/service.js';
import type { Services } from '../services.js';
import { selectedValues } from './componentArgs.js';

export const reviewCommand: CommandDecl = {
  name: 'review',
  description: { ja: '復習カード（間隔反復 FSRS）を解く。cram: 期日を無視して弱い順', en: 'Review your due cards (FSRS spaced repetition); cram: weakest first' },
  options: [
    {
      name: 'mode',
      type: 'string',
      description: { ja: 'due: 期日が来たカード（既定） / cram: 全カードを弱い順に', en: 'due: cards that are due (default) / cram: all cards, weakest first' },
      choices: [
        { value: 'due', label: { ja: '期日が来たカード', en: 'due cards' } },
        { value: 'cram', label: { ja: '追い込み（弱い順）', en: 'cram (weakest first)' } },
      ],
    },
  ],
  help: {
    ja: 'クイズ・今日の一問・模擬試験で答えた問題は、1 問ずつ復習カードになります（最初の回答だけ。不正解 = Again、正解 = Good として FSRS で次の期日を決めます）。/virt review は期日が来たカードを期日の早い順に 1 枚ずつ出し、今日と明日（サーバーの時間帯 VIRTBOT_TZ の日付）の枚数を表示します。/virt review cram は期日を無視して、今の予測想起率（FSRS の retrievability）が低い順、同じなら安定度（stability）が低い順に出します。答えたばかりのカードは想起率が高くなるので後ろに回ります。',
    en: 'Every question you answer (quiz, daily question, mock exam) becomes a review card (first answers only: wrong = Again, right = Good; FSRS sets the next due date). /virt review serves your due cards one at a time, earliest due first, and shows how many are due today and tomorrow (dates in the server time zone, VIRTBOT_TZ). /virt review cram ignores due dates and serves the weakest cards first: lowest predicted recall now (FSRS retrievability), then lowest stability. A card you just answered has high recall, so it moves to the back.',
  },
  run({ incoming, lang, services }, args) {
    return services.review.serve(incoming, lang, args.mode === 'cram' ? 'cram' : 'due');
  },
};

export const configExamDateCommand: CommandDecl = {
  name: 'config exam-date',
  description: { ja: '試験日を設定する（/virt progress に残り日数と準備度を表示）', en: 'Set your exam date (/virt progress shows days left and readiness)' },
  options: [{ name: 'date', type: 'string', required: true, maxLength: 20, description: { ja: '試験日 YYYY-MM-DD（例: 2027-01-20）。clear で解除', en: 'Exam date YYYY-MM-DD (e.g. 2027-01-20); clear removes it' } }],
  help: {
    ja: `日付はサーバーの時間帯（VIRTBOT_TZ）で数えます。過去の日付と ${MAX_YEARS_AHEAD} 年より先の日付は受け付けません。`,
    en: `Dates are counted in the server time zone (VIRTBOT_TZ). Past dates and dates more than ${MAX_YEARS_AHEAD} years ahead are refused.`,
  },
  run({ incoming, lang, services }, args) {
    const set = services.review.setExamDate(incoming.user, String(args.date ?? ''));
    if (!set) return privateText(t({ ja: '試験日を解除しました。', en: 'Your exam date is cleared.' }, lang));
    const left =
      set.daysLeft === 0
        ? t({ ja: '今日が試験日です。がんばって！', en: 'The exam is today. Good luck!' }, lang)
        : t(fmt({ ja: 'あと {n} 日です。', en: '{d} to go.' }, { n: set.daysLeft, d: countEn(set.daysLeft, 'day') }), lang);
    // Japanese sentences join without a space after 。; English ones with one.
    const gap = lang === 'ja' ? '' : ' ';
    return privateText([t(fmt({ ja: '試験日を {d} にしました。', en: 'Your exam date is {d}.' }, { d: set.examDate }), lang), left, t({ ja: '/virt progress で準備度を確認できます。', en: 'See your readiness with /virt progress.' }, lang)].join(gap));
  },
};

const badId = () => new UserError('not_found', { ja: 'そのボタンは正しくありません。/virt review で復習を始められます。', en: 'That button is not valid. Start a review with /virt review.' });

/** 'd:12' or 'd:12:B' → mode, instance id, letter. */
function parseRest(rest: string): { mode: ReturnType<typeof modeOf>; id: number; letter?: string } {
  const m = /^([dc]):(\d{1,15})(?::([^:]{1,8}))?$/.exec(rest);
  if (!m) throw badId();
  return { mode: modeOf(m[1]!), id: Number(m[2]), ...(m[3] ? { letter: m[3] } : {}) };
}


export const reviewActions: ActionDecl[] = [
  {
    prefix: REVIEW_IDS.answer,
    run(ctx, rest) {
      const { mode, id, letter } = parseRest(rest);
      if (!letter) throw badId();
      return ctx.services.review.answer(ctx.incoming, ctx.lang, mode, id, { letters: [letter] });
    },
  },
  {
    prefix: REVIEW_IDS.multi,
    run(ctx, rest) {
      const { mode, id } = parseRest(rest);
      return ctx.services.review.answer(ctx.incoming, ctx.lang, mode, id, { letters: selectedValues(ctx.incoming) });
    },
  },
  {
    prefix: REVIEW_IDS.typed,
    run(ctx, rest) {
      const { mode, id } = parseRest(rest);
      const v = ctx.incoming.args.value;
      return ctx.services.review.answer(ctx.incoming, ctx.lang, mode, id, { text: typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : '' });
    },
  },
  {
    prefix: REVIEW_IDS.next,
    run(ctx, rest) {
      const { mode, id } = parseRest(rest);
      const avoid = ctx.services.review.questionOf(id);
      return ctx.services.review.serve(ctx.incoming, ctx.lang, mode, avoid);
    },
  },
];

/** How the readiness figure of /virt progress is computed (appended to its help text; the English one starts with a space, the Japanese one needs none). */
export const READINESS_HELP: LocalText = {
  ja: '準備度: 答えた問題はそれぞれ復習カード（FSRS）になり、FSRS がカードごとに「その時点で思い出せる確率」（予測想起率 retrievability）を予測します。範囲ごとの準備度は、その範囲の問題集の全問題について予測想起率を平均したもので、まだ答えていない問題は 0 として数えます（数問答えただけで高く出ないように）。全体の準備度は、それを試験の重み 330.1〜330.6 = 8/9/9/3/5/2 で加重平均したものです。試験日（/virt config exam-date）が設定されていれば試験日の朝（VIRTBOT_TZ）の予測、なければ今の予測で、残り日数も表示します。「カード n/m」は答えた問題数／問題集の問題数です。',
  en: ' Readiness: every question you answer becomes a review card (FSRS), and FSRS predicts the probability that you recall each card at a given time (retrievability). An objective\'s readiness is the predicted recall averaged over all its questions in the bank, a question you have not answered yet counting as 0 (so a few answers do not look like mastery); the overall figure weights those by the exam weights 330.1-330.6 = 8/9/9/3/5/2. With an exam date (/virt config exam-date) the recall is predicted for the morning of that date (VIRTBOT_TZ) and the days left are shown; without one, for now. "cards n/m" is questions answered / questions in the bank.',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A 10-cell bar for a 0-1 value. */
function bar(x: number): string {
  const n = Math.round(Math.max(0, Math.min(1, x)) * 10);
  return '█'.repeat(n) + '░'.repeat(10 - n);
}

/**
 * The readiness section of `/virt progress` for `userRef`: days left to the exam
 * date (only when `self`: the date is personal), predicted recall per objective
 * and the weighted overall figure, and how many cards are due.
 */
export function readinessBlocks(userRef: number, lang: Lang, services: Services, self: boolean): Block[] {
  const o = services.review.outlook(userRef);
  const blocks: Block[] = [{ type: 'divider' }];
  const r = o.readiness;
  const examMorning = self ? { ja: '試験日の朝', en: 'on the morning of your exam date' } : { ja: '本人の試験日の朝', en: 'on the morning of their exam date' };
  const when = o.examDate && o.daysLeft !== undefined && o.daysLeft > 0 ? t(examMorning, lang) : t({ ja: '今', en: 'now' }, lang);
  blocks.push({ type: 'text', text: t(fmt({ ja: '🎯 準備度（{w}の予測想起率）: {p}', en: '🎯 Readiness (predicted recall {w}): {p}' }, { w: when, p: pct(r.overall) }), lang) });
  if (self) {
    if (!o.examDate) blocks.push({ type: 'text', text: t({ ja: '試験日は未設定です: /virt config exam-date 2027-01-20', en: 'No exam date set: /virt config exam-date 2027-01-20' }, lang) });
    else if ((o.daysLeft ?? 0) >= 0) blocks.push({ type: 'text', text: t(fmt({ ja: '試験日 {d}: あと {n} 日', en: 'Exam date {d}: {dl} left' }, { d: o.examDate, n: o.daysLeft ?? 0, dl: countEn(o.daysLeft ?? 0, 'day') }), lang) });
    else blocks.push({ type: 'text', text: t(fmt({ ja: '試験日 {d} は過ぎました。次の日付を /virt config exam-date で設定できます。', en: 'The exam date {d} has passed. Set the next one with /virt config exam-date.' }, { d: o.examDate }), lang) });
  }
  const rows = r.objectives.map((x) => `${x.objective} ${t({ ja: '重み', en: 'weight' }, lang)} ${x.weight}  ${bar(x.recall)} ${pct(x.recall).padStart(4)}  ${t({ ja: 'カード', en: 'cards' }, lang)} ${x.cards}/${x.pool}`);
  blocks.push({ type: 'code', text: rows.join('\n') });
  blocks.push({
    type: 'text',
    text: t(
      {
        ja: '範囲ごとの数字は、その範囲の問題集の全問題について予測想起率（FSRS）を平均したもので、まだ答えていない問題は 0% として数えます。全体は試験の重み 8/9/9/3/5/2 で加重平均します。「カード」は答えた問題数／問題集の問題数です。',
        en: 'Each objective shows the predicted recall (FSRS) averaged over all its questions in the bank, a question you have not answered yet counting as 0%. The overall figure weights them by the exam weights 8/9/9/3/5/2. "cards" is questions answered / questions in the bank.',
      },
      lang,
    ),
  });
  return blocks;
}
