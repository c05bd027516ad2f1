/** `/virt quiz [objective] [count]` and the quiz's components (answer buttons, select, typed input, next). */
import { OBJECTIVE_305_IDS, OBJECTIVE_IDS, OBJECTIVE_WEIGHTS } from '../../content/schema.js';
import type { ActionDecl, CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { MAX_RUN } from '../quiz/service.js';
import { QUIZ_IDS } from '../quiz/render.js';
import { instanceAndLetter, selectedValues } from './componentArgs.js';

/** The objective option shared by quiz, leaderboard (and others): 330.1-330.6 with exam weights. */
export const objectiveChoices = OBJECTIVE_IDS.map((o) => ({ value: o, label: { ja: `${o}（重み ${OBJECTIVE_WEIGHTS[o]}）`, en: `${o} (weight ${OBJECTIVE_WEIGHTS[o]})` } }));

/** The quiz also takes the exam 305 ids (questions whose entries carry them): 6 + 13 choices, within Discord's 25. */
const quizObjectiveChoices = [...objectiveChoices, ...OBJECTIVE_305_IDS.map((o) => ({ value: o, label: { ja: `${o}（試験 305）`, en: `${o} (exam 305)` } }))];

export const quizCommand: CommandDecl = {
  name: 'quiz',
  description: { ja: '問題を出す（範囲と問題数を指定できます）', en: 'Ask a question (optionally by objective, or a run of several)' },
  options: [
    { name: 'objective', type: 'string', description: { ja: '出題範囲（例: 330.2、試験 305 の 351.2 も可）。省略時は苦手な範囲を多めに', en: 'Objective (e.g. 330.2, or exam 305\'s 351.2); default: all, weighted to your weak ones' }, choices: quizObjectiveChoices },
    { name: 'count', type: 'integer', description: { ja: `連続で解く問題数（1〜${MAX_RUN}）`, en: `How many questions in a row (1-${MAX_RUN})` }, min: 1, max: MAX_RUN },
  ],
  help: {
    ja: '最初の問題はチャンネルに公開で出題され、チャンネルの全員が答えられます。各自の最初の回答だけが記録され、結果は本人にだけ表示されます。結果の「次の問題」ボタンで続けて解けます。次の問題は押した本人にだけ表示され、本人だけが答えられます。count を 2 以上にすると、その数まで自分の連続出題が続きます（範囲の問題数まで。1 回の連続出題で同じ問題は出ません）。最後まで解くと、同じ問題数の新しい連続出題が始まります。ほかの人の公開問題から「次の問題」を押すと、自分用に 1 問出ます。同じ範囲の問題は、すべて出題されるまで繰り返しません。試験 305 の番号（例: 351.2）を指定すると、その範囲の項目に関する問題を出します。',
    en: 'The first question is posted publicly in the channel, and everyone there can answer it. Only each person\'s first answer is recorded, and the result is shown only to them. "Next question" under your result brings the next question to you alone: only you see it and can answer it. With count 2 or more it takes you through your run (at most as many questions as the objective has, none twice in a run); after the last one it starts a new run of the same length. "Next question" after someone else\'s public question gives you a single question of your own. Within an objective, no question repeats until you have seen them all. An exam 305 objective (e.g. 351.2) asks the questions about the entries it covers.',
  },
  run({ incoming, lang, services }, args) {
    const objective = typeof args.objective === 'string' ? args.objective : undefined;
    const count = typeof args.count === 'number' ? args.count : 1;
    return services.quiz.start(incoming, lang, objective, count);
  },
};

const badId = () => new UserError('not_found', { ja: 'そのボタンは正しくありません。/virt quiz で新しい問題を出せます。', en: 'That button is not valid. Start a new question with /virt quiz.' });



/** quiz.a:<instance>:<letter>: a single-choice button. */
export const quizAnswerAction: ActionDecl = {
  prefix: QUIZ_IDS.answer,
  run(ctx, rest) {
    const [id, letter] = instanceAndLetter(rest, badId);
    if (!letter) throw badId();
    return ctx.services.quiz.answerChoicesGrouped(ctx.incoming, ctx.lang, id, [letter]);
  },
};

/** quiz.m:<instance> with { values }: a "choose N" submission. */
export const quizMultiAction: ActionDecl = {
  prefix: QUIZ_IDS.multi,
  run(ctx, rest) {
    const [id] = instanceAndLetter(rest, badId);
    return ctx.services.quiz.answerChoicesGrouped(ctx.incoming, ctx.lang, id, selectedValues(ctx.incoming));
  },
};

/** quiz.t:<instance> with { value }: a typed answer. */
export const quizTypedAction: ActionDecl = {
  prefix: QUIZ_IDS.typed,
  run(ctx, rest) {
    const [id] = instanceAndLetter(rest, badId);
    const v = ctx.incoming.args.value;
    return ctx.services.quiz.answerTypedGrouped(ctx.incoming, ctx.lang, id, typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : '');
  },
};

/** quiz.n:<instance>: the next question. */
export const quizNextAction: ActionDecl = {
  prefix: QUIZ_IDS.next,
  run(ctx, rest) {
    const [id] = instanceAndLetter(rest, badId);
    return ctx.services.quiz.next(ctx.incoming, ctx.lang, id);
  },
};

export const quizActions: ActionDecl[] = [quizAnswerAction, quizMultiAction, quizTypedAction, quizNextAction];
