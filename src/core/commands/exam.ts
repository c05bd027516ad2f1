/**
 * `/virt exam [questions] [minutes] [start|stop]` and the exam's components (answers, skip, finish).
 * A bare `/virt exam` resumes the exam in progress or shows a result just scored; `start`
 * or explicit numbers begin a new one.
 */
import type { ActionDecl, CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { EXAM_IDS } from '../exam/render.js';
import { EXAM_DEFAULT_MINUTES, EXAM_DEFAULT_QUESTIONS, EXAM_MAX_MINUTES, EXAM_MAX_QUESTIONS } from '../exam/timing.js';
import { instanceAndLetter, selectedValues } from './componentArgs.js';

export const examCommand: CommandDecl = {
  name: 'exam',
  description: { ja: `模擬試験（既定 ${EXAM_DEFAULT_QUESTIONS} 問 / ${EXAM_DEFAULT_MINUTES} 分）。start で新しく開始、stop で中止`, en: `Mock exam (default ${EXAM_DEFAULT_QUESTIONS} questions in ${EXAM_DEFAULT_MINUTES} min); start: a new one, stop: abandon` },
  options: [
    { name: 'questions', type: 'integer', min: 1, max: EXAM_MAX_QUESTIONS, description: { ja: `問題数（1〜${EXAM_MAX_QUESTIONS}、既定 ${EXAM_DEFAULT_QUESTIONS}）`, en: `Number of questions (1-${EXAM_MAX_QUESTIONS}, default ${EXAM_DEFAULT_QUESTIONS})` } },
    { name: 'minutes', type: 'integer', min: 1, max: EXAM_MAX_MINUTES, description: { ja: `制限時間（分、1〜${EXAM_MAX_MINUTES}、既定 ${EXAM_DEFAULT_MINUTES}）`, en: `Time limit in minutes (1-${EXAM_MAX_MINUTES}, default ${EXAM_DEFAULT_MINUTES})` } },
    {
      name: 'action',
      type: 'string',
      description: { ja: 'start: 新しい試験を始める / stop: 進行中の試験を中止する', en: 'start: begin a new exam / stop: abandon the exam in progress' },
      choices: [
        { value: 'start', label: { ja: '開始', en: 'start' } },
        { value: 'stop', label: { ja: '中止', en: 'stop' } },
      ],
    },
  ],
  help: {
    ja: '本番と同じく、既定は 60 問・90 分です。問題は試験の重み（330.1〜330.6: 8/9/9/3/5/2）に比例して全範囲から選び、単一選択・複数選択・記述式を混ぜます。途中で正誤は表示せず、各問題に残り時間を表示します。制限時間を過ぎた回答は数えません。全問に答えるか「終了して採点」を押すと、得点・範囲ごとの得点（重み付き）・間違えた問題の解説を表示します。時間切れになると、15 秒以内に採点して結果を本人だけに送ります（Discord は DM、Slack はそのチャンネルで本人だけに表示）。試験は保存されるので、ボットが再起動しても /virt exam で続きから再開できます。終わった直後（24 時間以内）の /virt exam はその結果をもう一度表示し、新しい試験は /virt exam start（問題数と時間を指定した /virt exam 30 45 も）で始めます。同時に受けられる試験は 1 つです。/virt exam stop で中止します。',
    en: 'Like the real exam, the default is 60 questions in 90 minutes. Questions come from all objectives in proportion to the exam weights (330.1-330.6: 8/9/9/3/5/2), mixing single choice, multiple choice and typed answers. No feedback until the end; each question shows the time left, and answers after the time ends are not counted. When you have answered everything, or with "Finish and score", you get your score, the score per objective (weighted), and the missed questions with explanations. When the time runs out, the exam is scored within 15 seconds and the results are sent to you alone (a DM on Discord, a message only you see in the channel on Slack). The exam is saved: after a restart, /virt exam resumes it where you were. Within 24 hours after an exam is scored, /virt exam shows that result again; /virt exam start (or numbers, as in /virt exam 30 45) begins a new one. One exam at a time; /virt exam stop abandons it.',
  },
  run({ incoming, lang, services }, args) {
    if (args.action === 'stop') return services.exam.stop(incoming, lang);
    // Only a bare `/virt exam` may show the last result: `start` or a size asks for a new exam.
    if (args.action === undefined && args.questions === undefined && args.minutes === undefined) return services.exam.open(incoming, lang);
    const questions = typeof args.questions === 'number' ? args.questions : EXAM_DEFAULT_QUESTIONS;
    const minutes = typeof args.minutes === 'number' ? args.minutes : EXAM_DEFAULT_MINUTES;
    return services.exam.start(incoming, lang, questions, minutes);
  },
};

const badId = () => new UserError('not_found', { ja: 'そのボタンは正しくありません。/virt exam start で模擬試験を始められます。', en: 'That button is not valid. Start a mock exam with /virt exam start.' });



export const examActions: ActionDecl[] = [
  {
    prefix: EXAM_IDS.answer,
    run(ctx, rest) {
      const [id, letter] = instanceAndLetter(rest, badId);
      if (!letter) throw badId();
      return ctx.services.exam.answer(ctx.incoming, ctx.lang, id, { letters: [letter] });
    },
  },
  {
    prefix: EXAM_IDS.multi,
    run(ctx, rest) {
      const [id] = instanceAndLetter(rest, badId);
      return ctx.services.exam.answer(ctx.incoming, ctx.lang, id, { letters: selectedValues(ctx.incoming) });
    },
  },
  {
    prefix: EXAM_IDS.typed,
    run(ctx, rest) {
      const [id] = instanceAndLetter(rest, badId);
      const v = ctx.incoming.args.value;
      return ctx.services.exam.answer(ctx.incoming, ctx.lang, id, { text: typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : '' });
    },
  },
  {
    prefix: EXAM_IDS.skip,
    run(ctx, rest) {
      const [id] = instanceAndLetter(rest, badId);
      return ctx.services.exam.skip(ctx.incoming, ctx.lang, id);
    },
  },
  {
    prefix: EXAM_IDS.finish,
    run(ctx, rest) {
      const [id] = instanceAndLetter(rest, badId);
      return ctx.services.exam.finishNow(ctx.incoming, ctx.lang, id);
    },
  },
];
