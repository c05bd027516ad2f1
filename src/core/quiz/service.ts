/**
 * The quiz: starts runs, posts question instances, checks and records answers,
 * and serves "next question". All state is in SQLite (a button on an old question
 * still works after a restart). Other services (daily question, review, exam) post
 * their own instances with `postQuestion` and learn of answers through `onAnswer`.
 */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import { OBJECTIVE_IDS, type Lang, type ObjectiveId, type Question } from '../../content/schema.js';
import { type AnswerRepo, type AnswerRow, type NewAnswer, type RecordResult, channelBoard, serverBoard } from '../../db/answers.js';
import type { ProgressRepo } from '../../db/progress.js';
import type { InstanceSource, QuizInstance, QuizInstanceRepo, QuizRun } from '../../db/quizInstances.js';
import type { SettingsRepo } from '../../db/settings.js';
import { UserError } from '../errors.js';
import { fmt, t } from '../i18n.js';
import { message } from '../reply.js';
import type { Incoming, Message, Reply, UserRef } from '../model.js';
import type { Clock } from '../ports.js';
import type { LocalCalendar } from '../progress/calendar.js';
import { MAX_TYPED, checkChoices, checkTyped, onlyPrompt, type CheckResult } from './check.js';
import { type Given, LETTERS, type QuestionProgress, choiceText, correctCount, givenShort, labelOf, renderClosed, renderQuestion, renderResult } from './render.js';
import { hintFor305, is305, questionsOf305 } from '../objectives305.js';
import { pickObjective, pickQuestion, shuffleOrder, type Rng } from './select.js';

/** Sources whose answers score leaderboard points (see /virt help leaderboard). */
export const SCORING_SOURCES: ReadonlySet<string> = new Set(['quiz', 'daily']);

/** Longest run of questions one `/virt quiz` may ask for (the command's count limit). */
export const MAX_RUN = 50;

/** Told to listeners after an answer is committed (e.g. spaced-repetition cards, daily streaks). */
export interface AnswerRecorded {
  user: UserRef;
  userRef: number;
  answer: AnswerRow;
  instance: QuizInstance;
  question: Question;
}
export type AnswerListener = (e: AnswerRecorded) => void;

/** Checks one answer against its question; throws UserError for input that cannot be an answer. */
type Judge = (q: Question, instance: QuizInstance) => { given: Given; result: CheckResult };

/** Outcome of `submit`: the recorded answer with its check, or closed (nothing recorded). */
export type Submitted =
  | { status: 'recorded'; question: Question; instance: QuizInstance; given: Given; result: CheckResult; answer: AnswerRow }
  | { status: 'closed'; question: Question; instance: QuizInstance };

/** An answer checked and ready to write. */
interface Prepared {
  status: 'ready';
  question: Question;
  instance: QuizInstance;
  given: Given;
  result: CheckResult;
  row: NewAnswer;
}

export interface QuizDeps {
  content: Content;
  instances: QuizInstanceRepo;
  answers: AnswerRepo;
  progress: ProgressRepo;
  settings: SettingsRepo;
  calendar: LocalCalendar;
  clock: Clock;
  log: Logger;
  /** Random numbers in [0, 1) for selection and shuffling; default Math.random. */
  rng?: Rng;
}

/** Where a question goes. */
export interface QuizPlace {
  platform: UserRef['platform'];
  workspaceId: string;
  channelId: string;
}

const notFound = () =>
  new UserError('not_found', { ja: 'その問題は見つかりません（削除されたか、別のサーバーの問題です）。/virt quiz で新しい問題を出せます。', en: 'That question does not exist (removed, or from another server). Start a new one with /virt quiz.' });

export class QuizService {
  private readonly rng: Rng;
  private readonly listeners: AnswerListener[] = [];

  constructor(private readonly d: QuizDeps) {
    this.rng = d.rng ?? Math.random;
  }

  /** Calls `fn` after each recorded answer (after commit; a throwing listener is logged, the answer stands). */
  onAnswer(fn: AnswerListener): void {
    this.listeners.push(fn);
  }

  /** Calls `fn` inside each answer's own transaction (state that must commit with it, e.g. spaced-repetition cards); see AnswerRepo.onRecorded. */
  onAnswerInTransaction(fn: (a: AnswerRow) => void): void {
    this.d.answers.onRecorded(fn);
  }

  /**
   * `/virt quiz [objective] [count]`: a run of `count` questions for the caller; the
   * first is posted publicly in the channel, the next ones come privately via "next".
   * `objective` is a 304 id (330.x) or an exam 305 id (351.2: the questions whose entries carry it).
   * A run never holds more questions than its pool: `count` is cut to the pool's size (the
   * reply says so), since a repeat inside the run would score on the leaderboard again.
   * @throws UserError 'unavailable' when the objective has no questions (for a 305 id, with where its topics are).
   */
  start(incoming: Incoming, lang: Lang, objective: string | undefined, count: number): Reply {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.ensureUser(incoming.user, now);
    const poolSize = this.poolFor(objective).length; // also fails before creating the run
    const total = Math.min(count, poolSize);
    const run = this.d.instances.createRun(userRef, objective ?? null, total, now);
    const { instance, question } = this.postInRun(run, 1, userRef, place(incoming), 'public');
    const message = renderQuestion(question, instance, lang, progressOf(run, 1));
    if (total < count) {
      const note = fmt({ ja: '{n} 問にしました（{o} の問題は {n} 問です）。', en: '{n} questions ({o} has {n}).' }, { n: total, o: objective ?? '330.x' });
      return { visibility: 'public', message: withNote(message, t(note, lang)) };
    }
    return { visibility: 'public', message };
  }

  /**
   * "Next question" after the result of `instanceId`: the next of the clicker's own
   * run (a double click gets the same question again), a new run of the same length
   * when the run is over, or a single question for someone else's run. Private.
   */
  next(incoming: Incoming, lang: Lang, instanceId: number): Reply {
    const prev = this.instanceFor(incoming, instanceId);
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.ensureUser(incoming.user, now);
    const run = prev.runId === null ? undefined : this.d.instances.run(prev.runId);
    let target: { run: QuizRun; seq: number };
    if (run && run.userRef === userRef && (prev.seq ?? 0) < run.total) target = { run, seq: (prev.seq ?? 0) + 1 };
    else {
      const objective = run ? run.objective : null;
      const total = run && run.userRef === userRef ? run.total : 1;
      target = { run: this.d.instances.createRun(userRef, objective, total, now), seq: 1 };
    }
    const { instance, question } = this.postInRun(target.run, target.seq, userRef, place(incoming), 'private');
    return { visibility: 'private', message: renderQuestion(question, instance, lang, progressOf(target.run, target.seq)) };
  }

  /**
   * Posts `question` as a new instance (seam for the daily question, review and exam).
   * @param opts.closesAt UTC ms after which answers are refused as closed.
   * @returns the instance and its message in `lang`; the caller posts it and may store the message id with `setMessageId`.
   */
  postQuestion(question: Question, where: QuizPlace, source: InstanceSource, lang: Lang, opts: { closesAt?: number; createdBy?: number; visibility?: 'public' | 'private' } = {}): { instance: QuizInstance; message: Message } {
    const { instance } = this.d.instances.create({
      ...where,
      questionId: question.id,
      objective: question.objective,
      choiceOrder: question.kind === 'typed' ? [] : shuffleOrder(question.choices.length, this.rng),
      source,
      visibility: opts.visibility ?? 'public',
      createdBy: opts.createdBy ?? null,
      createdAt: this.d.clock.now().getTime(),
      closesAt: opts.closesAt ?? null,
    });
    return { instance, message: renderQuestion(question, instance, lang) };
  }

  /** Stores the platform's message id of a posted instance. */
  setMessageId(instanceId: number, messageId: string): void {
    this.d.instances.setMessageId(instanceId, messageId);
  }

  /** Closes an instance: later answers get a private "closed" with the correct answer. */
  close(instanceId: number): void {
    this.d.instances.close(instanceId);
  }

  /** The message of an existing instance in `lang` (e.g. to re-render after a restart). */
  renderInstance(instanceId: number, lang: Lang): Message | undefined {
    const instance = this.d.instances.get(instanceId);
    const question = instance && this.d.content.questionById.get(instance.questionId);
    return instance && question ? renderQuestion(question, instance, lang) : undefined;
  }

  /**
   * What a stored choice answer looked like to the user: "B. xl network-attach" per original
   * choice index, with the letter of that posted question's shuffled order and the text in `lang`.
   * @returns undefined when the question is no longer in the bank (or is not a choice question).
   */
  describeChosen(instanceId: number, questionId: string, chosen: readonly number[], lang: Lang): string[] | undefined {
    const question = this.d.content.questionById.get(questionId);
    if (!question || question.kind === 'typed') return undefined;
    const instance = this.d.instances.get(instanceId);
    return chosen.map((orig) => {
      const c = question.choices[orig];
      if (!c) return `#${orig}`;
      return instance ? labelOf(question, instance, orig, lang) : choiceText(c.text, lang);
    });
  }

  /**
   * A button (single choice) or a select submission (choose N): `letters` are the
   * displayed letters ('A'-'E') or their numbers ('1'-'5').
   * @throws UserError not_found / already_answered / bad_argument (wrong number of picks; nothing recorded).
   */
  answerChoices(incoming: Incoming, lang: Lang, instanceId: number, letters: readonly string[]): Reply {
    return this.answer(incoming, lang, instanceId, choicesJudge(letters));
  }

  /**
   * A typed answer (modal / `answer TEXT`).
   * @throws UserError not_found / already_answered / bad_argument (empty, longer than MAX_TYPED, or not a typed question).
   */
  answerTyped(incoming: Incoming, lang: Lang, instanceId: number, text: string): Reply {
    return this.answer(incoming, lang, instanceId, typedJudge(text));
  }

  /**
   * Checks and records an answer exactly like answerChoices / answerTyped (same
   * checks, same first-answer rule, same listeners) but renders nothing: the seam
   * for the mock exam, which gives no feedback until the end.
   * @returns 'recorded' with the stored answer, or 'closed' when the instance is closed or past closesAt (nothing recorded).
   * @throws the UserErrors of answerChoices / answerTyped.
   */
  submit(incoming: Incoming, instanceId: number, input: { letters: readonly string[] } | { text: string }): Submitted {
    return this.commit(incoming, instanceId, 'letters' in input ? choicesJudge(input.letters) : typedJudge(input.text));
  }

  /**
   * answerChoices for the quiz's own components, with the write in a group commit:
   * answers arriving in the same event-loop turn share one transaction.
   */
  answerChoicesGrouped(incoming: Incoming, lang: Lang, instanceId: number, letters: readonly string[]): Promise<Reply> {
    return this.commitGrouped(incoming, instanceId, choicesJudge(letters)).then((s) => this.render(s, lang));
  }

  /** answerTyped with the write in a group commit (see answerChoicesGrouped). */
  answerTypedGrouped(incoming: Incoming, lang: Lang, instanceId: number, text: string): Promise<Reply> {
    return this.commitGrouped(incoming, instanceId, typedJudge(text)).then((s) => this.render(s, lang));
  }

  private answer(incoming: Incoming, lang: Lang, instanceId: number, judge: Judge): Reply {
    return this.render(this.commit(incoming, instanceId, judge), lang);
  }

  /** The private reply to a submitted answer: the result, or "closed". */
  private render(s: Submitted, lang: Lang): Reply {
    if (s.status === 'closed') return { visibility: 'private', message: renderClosed(s.question, s.instance, lang) };
    const { instance, question, given, result } = s;
    const userRef = s.answer.userRef;
    let run: { seq: number; total: number; answered: number; correct: number } | undefined;
    if (instance.runId !== null && instance.seq !== null) {
      const r = this.d.instances.run(instance.runId);
      if (r && r.userRef === userRef) run = { seq: instance.seq, total: r.total, ...this.d.progress.runScore(r.id, userRef) };
    }
    const links = question.entries.flatMap((id) => {
      const e = this.d.content.entryById.get(id);
      return e ? [[e.id, e.term] as const] : [];
    });
    return { visibility: 'private', message: renderResult({ question, instance, given, correct: result.correct, nearMiss: result.nearMiss, links, ...(run ? { run } : {}) }, lang) };
  }

  private commit(incoming: Incoming, instanceId: number, judge: Judge): Submitted {
    const p = this.prepare(incoming, instanceId, judge);
    return p.status === 'closed' ? p : this.settle(incoming, p, this.d.answers.record(p.row));
  }

  /** commit, with the write in a group commit (answers of the same event-loop turn share one transaction). */
  private async commitGrouped(incoming: Incoming, instanceId: number, judge: Judge): Promise<Submitted> {
    const p = this.prepare(incoming, instanceId, judge);
    return p.status === 'closed' ? p : this.settle(incoming, p, await this.d.answers.recordGrouped(p.row));
  }

  /** Everything before the write: the instance, "already answered", closed, the check. */
  private prepare(incoming: Incoming, instanceId: number, judge: Judge): Extract<Submitted, { status: 'closed' }> | Prepared {
    const instance = this.instanceFor(incoming, instanceId);
    // A private question (a run's next question, a review card, an exam question) belongs to the
    // one it was served to; the platforms hide it from others, the console and forged ids do not.
    if (instance.visibility === 'private' && instance.createdBy !== null && this.d.settings.findUser(incoming.user) !== instance.createdBy) {
      throw new UserError('forbidden', { ja: 'この問題は別の人に出題されたものです。自分の問題は /virt quiz で始められます。', en: 'This question was served to someone else. Start your own with /virt quiz.' });
    }
    const question = this.d.content.questionById.get(instance.questionId);
    if (!question) throw new UserError('not_found', { ja: 'この問題は問題集から削除されました。/virt quiz で新しい問題をどうぞ。', en: 'This question was removed from the question bank. Try /virt quiz for a new one.' });
    // "Already answered" wins over "closed" and over a malformed second answer. On the usual
    // path the write itself finds a first answer (UNIQUE), so no lookup is spent here.
    const alreadyAnswered = () => {
      const known = this.d.settings.findUser(incoming.user);
      const prior = known === undefined ? undefined : this.d.answers.find(known, instance.id);
      if (prior) throw this.already(instance, prior);
    };
    const now = this.d.clock.now().getTime();
    if (instance.closed || (instance.closesAt !== null && now >= instance.closesAt)) {
      alreadyAnswered();
      return { status: 'closed', question, instance };
    }
    let judged: ReturnType<Judge>;
    try {
      judged = judge(question, instance);
    } catch (e) {
      alreadyAnswered();
      throw e;
    }
    const { given, result } = judged;
    const row: NewAnswer = {
      user: incoming.user,
      instanceId: instance.id,
      questionId: question.id,
      objective: question.objective,
      correct: result.correct,
      chosen: given.kind === 'choices' ? given.picked : null,
      typed: given.kind === 'typed' ? given.text : null,
      answeredAt: now,
      local: this.d.calendar.periodsOf(now),
      // Points are for questions posted to the team (quiz, daily); review and exam are private practice
      // that can serve the same question again and again, so they would let anyone farm points.
      boards: SCORING_SOURCES.has(instance.source)
        ? { server: serverBoard(instance.platform, instance.workspaceId), channel: channelBoard(instance.platform, instance.workspaceId, instance.channelId) }
        : null,
    };
    return { status: 'ready', question, instance, given, result, row };
  }

  /** After the write: a duplicate (another click or process got there first) is "already answered"; else the listeners hear it. */
  private settle(incoming: Incoming, p: Prepared, rec: RecordResult): Submitted {
    const { instance, question, given, result } = p;
    if (rec.status === 'duplicate') throw this.already(instance, rec.answer);
    const userRef = rec.answer.userRef;
    for (const fn of this.listeners) {
      try {
        fn({ user: incoming.user, userRef, answer: rec.answer, instance, question });
      } catch (e) {
        this.d.log.error({ err: e, instanceId: instance.id }, 'answer listener failed');
      }
    }
    return { status: 'recorded', question, instance, given, result, answer: rec.answer };
  }

  private already(instance: QuizInstance, prior: AnswerRow): UserError {
    const given: Given = prior.typed !== null ? { kind: 'typed', text: prior.typed } : { kind: 'choices', picked: prior.chosen ?? [] };
    const short = givenShort(instance, given);
    return new UserError(
      'already_answered',
      given.kind === 'typed'
        ? fmt({ ja: 'この問題には回答済みです（あなたの答え: {a}）。最初の答えだけが数えられます。', en: 'Already answered: you answered {a}. Only the first answer counts.' }, { a: short })
        : fmt({ ja: 'この問題には回答済みです（あなたの答え: {a}）。最初の答えだけが数えられます。', en: 'Already answered: you chose {a}. Only the first answer counts.' }, { a: short }),
    );
  }

  /** The instance, if it exists and belongs to the clicker's platform and server. */
  private instanceFor(incoming: Incoming, instanceId: number): QuizInstance {
    const instance = Number.isSafeInteger(instanceId) && instanceId > 0 ? this.d.instances.get(instanceId) : undefined;
    if (!instance || instance.platform !== incoming.user.platform || instance.workspaceId !== incoming.user.workspaceId) throw notFound();
    return instance;
  }

  /**
   * Questions of `objective` (all when undefined): a 304 id's own, or a 305 id's (their entries carry it).
   * @throws UserError 'unavailable' when there are none; for a 305 id, with the 304 objectives holding its topics.
   */
  private poolFor(objective: string | undefined): Question[] {
    const { content } = this.d;
    const pool = !objective ? content.questions : is305(objective) ? questionsOf305(objective, content) : content.questions.filter((q) => q.objective === objective);
    if (!pool.length) {
      const none = fmt({ ja: '{o} の問題はまだありません。', en: 'There are no questions for {o} yet.' }, { o: objective ?? '330.x' });
      const hint = objective ? hintFor305(objective, content) : undefined;
      throw new UserError('unavailable', hint ? { ja: `${none.ja}${hint.ja}`, en: `${none.en} ${hint.en}` } : none);
    }
    return pool;
  }

  /** Picks the next question for the run owner and stores the instance (idempotent per run position). */
  private postInRun(run: QuizRun, seq: number, userRef: number, where: QuizPlace, visibility: 'public' | 'private'): { instance: QuizInstance; question: Question } {
    const existing = this.d.instances.bySeq(run.id, seq);
    if (existing) {
      const q = this.d.content.questionById.get(existing.questionId);
      if (q) return { instance: existing, question: q };
    }
    const question = this.choose(userRef, run.objective ?? undefined, run.id, seq);
    const { instance } = this.d.instances.create({
      ...where,
      questionId: question.id,
      objective: question.objective,
      choiceOrder: question.kind === 'typed' ? [] : shuffleOrder(question.choices.length, this.rng),
      source: 'quiz',
      runId: run.id,
      seq,
      visibility,
      createdBy: userRef,
      createdAt: this.d.clock.now().getTime(),
    });
    // A concurrent "next" may have won the race for this position: show its question.
    const q = this.d.content.questionById.get(instance.questionId) ?? question;
    return { instance, question: q };
  }

  /**
   * Selection: weighted objective (unless given), then the least-served question of it,
   * never one already asked in this run (least served alone would repeat one when the
   * user's history is uneven, and each repeat would score again).
   */
  private choose(userRef: number, objective: string | undefined, runId: number, seq: number): Question {
    const all = this.d.content.questions;
    const asked = seq > 1 ? this.d.instances.runQuestionIds(runId) : new Set<string>();
    const fresh = (q: Question) => !asked.has(q.id);
    let obj: string | undefined = objective;
    if (!obj) {
      let available = OBJECTIVE_IDS.filter((o) => all.some((q) => q.objective === o && fresh(q)));
      if (!available.length) available = OBJECTIVE_IDS.filter((o) => all.some((q) => q.objective === o));
      obj = pickObjective(available, this.d.progress.objectiveStats(userRef), this.rng);
    }
    const pool = this.poolFor(obj);
    // Empty only when the bank shrank below the run's length since it started: then a repeat it is.
    const unasked = pool.filter(fresh);
    const prev = seq > 1 ? this.d.instances.bySeq(runId, seq - 1)?.questionId : undefined;
    return pickQuestion(unasked.length ? unasked : pool, this.d.instances.servedCounts(userRef), this.rng, prev);
  }
}

/** The judge of a choice answer: letters → picked original indexes, checked. @throws UserError bad_argument (nothing recorded). */
function choicesJudge(letters: readonly string[]): Judge {
  return (q, instance) => {
    if (q.kind === 'typed') throw new UserError('bad_argument', { ja: 'この問題は記述式です。答えを入力してください。', en: 'This question takes a typed answer.' });
    const n = correctCount(q);
    const picked = letters.map((l) => toIndex(l, instance));
    const want = q.kind === 'single' ? 1 : n;
    if (picked.some((p) => p === undefined) || new Set(picked).size !== picked.length || picked.length !== want) {
      const unknown = letters.filter((_, i) => picked[i] === undefined).slice(0, 5).map((l) => l.slice(0, 10));
      const which = unknown.length ? fmt({ ja: '「{u}」は選択肢にありません。', en: '"{u}" is not a choice. ' }, { u: unknown.join(', ') }) : { ja: '', en: '' };
      const rule = fmt(
        want === 1
          ? { ja: '{list} から 1 つ選んでください（何も記録していません）。', en: 'Pick one of {list} (nothing was recorded).' }
          : { ja: '{list} から異なるものをちょうど {n} つ選んでください（何も記録していません）。', en: 'Pick exactly {n} different choices from {list} (nothing was recorded).' },
        { n: want, list: LETTERS.slice(0, instance.choiceOrder.length).join(', ') },
      );
      throw new UserError('bad_argument', { ja: which.ja + rule.ja, en: which.en + rule.en });
    }
    const given: Given = { kind: 'choices', picked: picked as number[] };
    return { given, result: checkChoices(q, given.picked) };
  };
}

/** The judge of a typed answer. @throws UserError bad_argument / too_long (nothing recorded). */
function typedJudge(text: string): Judge {
  return (q) => {
    if (q.kind !== 'typed') throw new UserError('bad_argument', { ja: 'この問題は選択式です。ボタンで答えてください。', en: 'This question takes a choice: use the buttons.' });
    const trimmed = text.trim();
    // A shell prompt or sudo alone (`$`, `sudo`) is no answer either: refused, not recorded as one.
    if (!trimmed || onlyPrompt(trimmed)) throw new UserError('bad_argument', { ja: '答えが空です。', en: 'The answer is empty.' });
    if ([...trimmed].length > MAX_TYPED) throw new UserError('too_long', fmt({ ja: '答えが長すぎます（{n} 文字まで）。', en: 'The answer is too long (at most {n} characters).' }, { n: MAX_TYPED }));
    return { given: { kind: 'typed', text: trimmed }, result: checkTyped(q, trimmed) };
  };
}

/** `message` with `note` as its first text block (fallback rebuilt). */
function withNote(m: Message, note: string): Message {
  return message(m.title, [{ type: 'text', text: note }, ...m.blocks]);
}

/** A run's position for the question title, with the 305 objective the run was asked for. */
function progressOf(run: QuizRun, seq: number): QuestionProgress {
  return { seq, total: run.total, ...(run.objective && is305(run.objective) ? { objective305: run.objective } : {}) };
}

function place(incoming: Incoming): QuizPlace {
  return { platform: incoming.user.platform, workspaceId: incoming.user.workspaceId, channelId: incoming.channelId };
}

/** 'B' / 'b' / '2' / 'Ｂ' → the original choice index shown at that position, or undefined. */
function toIndex(letter: string, instance: QuizInstance): number | undefined {
  const s = letter.normalize('NFKC').trim().toUpperCase().replace(/[.)]$/, '');
  const pos = /^\d$/.test(s) ? Number(s) - 1 : LETTERS.indexOf(s as (typeof LETTERS)[number]);
  return pos >= 0 && pos < instance.choiceOrder.length ? instance.choiceOrder[pos] : undefined;
}
