/**
 * The mock exam: N questions sampled by objective weight, M minutes, no feedback
 * until the end. Everything lives in SQLite (tables exams, exam_items; answers in
 * table answers through the quiz), so an exam resumes where it was after a
 * restart. Questions are quiz instances closing at the exam's end, answered through
 * QuizService.submit (same checks and first-answer rule as the quiz, and the same
 * answer listeners, so every exam answer also reviews the user's card).
 */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import type { Lang } from '../../content/schema.js';
import type { Exam, ExamItem, ExamRepo } from '../../db/exams.js';
import type { QuizInstanceRepo } from '../../db/quizInstances.js';
import type { SettingsRepo } from '../../db/settings.js';
import { UserError } from '../errors.js';
import { countEn, fmt, t } from '../i18n.js';
import type { Incoming, Reply } from '../model.js';
import type { Clock, Destination } from '../ports.js';
import { privateText } from '../reply.js';
import type { QuizService } from '../quiz/service.js';
import type { Rng } from '../quiz/select.js';
import { renderExamQuestion, renderResults } from './render.js';
import { sampleExam } from './sample.js';
import { scoreExam } from './score.js';
import { EXAM_DEFAULT_MINUTES, EXAM_DEFAULT_QUESTIONS, answerCounts, examEndsAt } from './timing.js';

export interface ExamDeps {
  exams: ExamRepo;
  /** Read only: the shown questions' choice order (for the result pages). */
  instances: QuizInstanceRepo;
  quiz: QuizService;
  settings: SettingsRepo;
  content: Content;
  clock: Clock;
  log: Logger;
  /** Random numbers in [0, 1) for sampling; default Math.random. */
  rng?: Rng;
  /** VIRTBOT_LANG: the language of a time-out notice to a user who set none (nor their workspace). */
  defaultLang: Lang;
}

/** An exam whose time ran out, scored, with the results to send its user privately. */
export interface TimedOut {
  examId: number;
  to: Destination;
  /** The user's id on the platform. */
  userId: string;
  replies: Reply[];
}

/** How long after an exam was scored a bare `/virt exam` shows its result again instead of starting a new one (ms). */
export const RECENT_RESULT_MS = 24 * 60 * 60_000;

const notYours = () => new UserError('not_found', { ja: 'その模擬試験は見つかりません。/virt exam start で始められます。', en: 'That exam does not exist. Start one with /virt exam start.' });

export class ExamService {
  private readonly rng: Rng;

  constructor(private readonly d: ExamDeps) {
    this.rng = d.rng ?? Math.random;
  }

  /**
   * `/virt exam start [questions] [minutes]` (or `/virt exam N [M]`): starts an exam, or, when one is active,
   * resumes it at its current question (or shows its results when its time is up).
   * @throws UserError unavailable when the question bank is empty.
   */
  start(incoming: Incoming, lang: Lang, questions: number, minutes: number): Reply[] {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.ensureUser(incoming.user, now);
    const active = this.d.exams.active(userRef);
    if (active) return this.resume(active, now, lang);
    const picked = sampleExam(this.d.content.questions, questions, this.rng);
    if (!picked.length) throw new UserError('unavailable', { ja: '問題集が空です。', en: 'The question bank is empty.' });
    const exam = this.d.exams.create({
      userRef,
      platform: incoming.user.platform,
      workspaceId: incoming.user.workspaceId,
      channelId: incoming.channelId,
      minutes,
      startedAt: now,
      endsAt: examEndsAt(now, minutes),
      lang,
      items: picked.map((q) => ({ questionId: q.id, objective: q.objective })),
    });
    // Another process started one between our read and our write: resume that one.
    if (!exam) return this.resume(this.d.exams.active(userRef)!, now, lang);
    const fewer = picked.length < questions ? t(fmt({ ja: '（問題集にある {n} 問で出題します）', en: ' (the bank has {q}, so the exam has {n})' }, { n: picked.length, q: countEn(picked.length, 'question') }), lang) : '';
    const intro = t(fmt({ ja: '模擬試験を始めます: {n} 問 / {m} 分。途中で正誤は表示しません。{f}', en: 'Mock exam started: {q} in {mm}. No feedback until the end.{f}' }, { n: exam.total, m: minutes, q: countEn(exam.total, 'question'), mm: countEn(minutes, 'minute'), f: fewer }), lang);
    return [this.show(exam, 1, now, lang, intro)];
  }

  /**
   * `/virt exam` with no arguments: resumes the active exam; else, when the user's
   * last exam was scored less than RECENT_RESULT_MS ago, shows that result again
   * (typing the command twice must not throw it away for a new 90-minute exam);
   * else starts an exam of the default size.
   * @throws UserError unavailable when a new exam is due and the question bank is empty.
   */
  open(incoming: Incoming, lang: Lang): Reply[] {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.findUser(incoming.user);
    const last = userRef === undefined || this.d.exams.active(userRef) ? undefined : this.d.exams.lastFinished(userRef);
    if (last?.status === 'finished' && last.finishedAt !== null && now - last.finishedAt < RECENT_RESULT_MS) {
      const minutes = Math.max(0, Math.floor((now - last.finishedAt) / 60_000));
      const hours = Math.floor(minutes / 60);
      const ago =
        minutes < 1
          ? { ja: 'たった今', en: 'just now' }
          : minutes < 60
            ? { ja: `${minutes} 分前に`, en: `${countEn(minutes, 'minute')} ago` }
            : { ja: `${hours} 時間前に`, en: `${countEn(hours, 'hour')} ago` };
      const note = t(
        fmt({ ja: '前回の模擬試験（{a}終了）の結果です。新しい試験は /virt exam start で始められます。', en: 'Your last mock exam (finished {a}). Start a new one with /virt exam start.' }, { a: t(ago, lang) }),
        lang,
      );
      return this.results(last, lang, note);
    }
    return this.start(incoming, lang, EXAM_DEFAULT_QUESTIONS, EXAM_DEFAULT_MINUTES);
  }

  /**
   * `/virt exam stop`: abandons the active exam (its answers stay recorded but it is
   * not scored); when its time is already up, it is scored instead.
   */
  stop(incoming: Incoming, lang: Lang): Reply[] {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.findUser(incoming.user);
    const active = userRef === undefined ? undefined : this.d.exams.active(userRef);
    if (!active) return [privateText(t({ ja: '進行中の模擬試験はありません。', en: 'You have no exam in progress.' }, lang))];
    if (!answerCounts(now, active.endsAt)) return this.finish(active, now, lang);
    this.d.exams.finish(active.id, 'abandoned', now);
    const answered = this.d.exams.items(active.id).filter((i) => i.answer !== null).length;
    return [privateText(t(fmt({ ja: '模擬試験を中止しました（{a}/{n} 問回答）。採点はしません。', en: 'Exam abandoned ({a}/{n} answered); it is not scored.' }, { a: answered, n: active.total }), lang))];
  }

  /**
   * An answer (button, "choose N" select, typed text) to exam question `instanceId`.
   * In time: recorded without feedback, then the next unanswered question (or the
   * results when all are answered). After the end: not counted, results shown.
   * @throws UserError not_found (not this user's exam), and the quiz's input errors (nothing recorded).
   */
  answer(incoming: Incoming, lang: Lang, instanceId: number, input: { letters: readonly string[] } | { text: string }): Reply[] {
    const { exam, item } = this.ownItem(incoming, instanceId);
    const now = this.d.clock.now().getTime();
    if (exam.status !== 'active') return this.over(exam, lang);
    if (!answerCounts(now, exam.endsAt)) return this.finish(exam, now, lang, this.lateNote(lang));
    let note: string | undefined;
    try {
      if (this.d.quiz.submit(incoming, instanceId, input).status === 'closed') return this.finish(exam, now, lang, this.lateNote(lang));
    } catch (e) {
      // A second click on an answered question (or an old message after a restart): the first answer stands; move on.
      if (!(e instanceof UserError && e.code === 'already_answered')) throw e;
      note = t({ ja: 'この問題には回答済みです（最初の答えだけが数えられます）。', en: 'You already answered that question; only the first answer counts.' }, lang);
    }
    const next = nextUnanswered(this.d.exams.items(exam.id), item.seq, (id) => this.d.content.questionById.has(id));
    if (next === undefined) return this.finish(exam, now, lang);
    return [this.show(exam, next, now, lang, note)];
  }

  /** "Skip for now": the next unanswered question after this one (wrapping); the results when time is up. */
  skip(incoming: Incoming, lang: Lang, instanceId: number): Reply[] {
    const { exam, item } = this.ownItem(incoming, instanceId);
    const now = this.d.clock.now().getTime();
    if (exam.status !== 'active') return this.over(exam, lang);
    if (!answerCounts(now, exam.endsAt)) return this.finish(exam, now, lang);
    const next = nextUnanswered(this.d.exams.items(exam.id), item.seq, (id) => this.d.content.questionById.has(id)) ?? item.seq;
    return [this.show(exam, next, now, lang)];
  }

  /** "Finish and score": ends the exam now; unanswered questions count as wrong. */
  finishNow(incoming: Incoming, lang: Lang, examId: number): Reply[] {
    const exam = this.d.exams.get(examId);
    const userRef = this.d.settings.findUser(incoming.user);
    if (!exam || exam.userRef !== userRef) throw notYours();
    if (exam.status !== 'active') return this.over(exam, lang);
    return this.finish(exam, this.d.clock.now().getTime(), lang);
  }

  /**
   * Scores every active exam whose time has run out and whose user has not been told
   * (each claimed once, whichever process gets there first), for the exam tick to send
   * privately, in the language the exam was started in.
   * @param platforms the platforms this process can send to (an exam of another is left to a process that can).
   * @param limit most exams per call (the tick calls again next time).
   */
  timeOut(platforms: readonly Destination['platform'][], limit = 100): TimedOut[] {
    const now = this.d.clock.now().getTime();
    return this.d.exams.claimTimedOut(now, limit, platforms).flatMap((exam) => {
      const owner = this.d.exams.owner(exam.userRef);
      if (!owner) return [];
      const lang = this.langOf(exam);
      const note = t({ ja: '⏰ 模擬試験の時間が終わりました。採点結果です。', en: '⏰ Time is up for your mock exam. Here are your results.' }, lang);
      const to: Destination = { platform: exam.platform as Destination['platform'], workspaceId: exam.workspaceId, channelId: exam.channelId };
      return [{ examId: exam.id, to, userId: owner.userId, replies: this.finish(exam, now, lang, note) }];
    });
  }

  /** The exam's own language (what the user saw), else the user's setting, the workspace's, VIRTBOT_LANG. */
  private langOf(exam: Exam): Lang {
    if (exam.lang === 'ja' || exam.lang === 'en') return exam.lang;
    const own = this.d.settings.userSetting(exam.userRef, 'lang');
    if (own === 'ja' || own === 'en') return own;
    const ws = this.d.settings.workspaceSetting(exam.platform, exam.workspaceId, 'lang');
    return ws === 'ja' || ws === 'en' ? ws : this.d.defaultLang;
  }

  private lateNote(lang: Lang): string {
    return t({ ja: '⏰ 時間切れです。終了後の回答は数えません。', en: '⏰ Time is up. Answers after the end are not counted.' }, lang);
  }

  /** The exam and item of an instance, if the exam is the clicker's own. */
  private ownItem(incoming: Incoming, instanceId: number): { exam: Exam; item: ExamItem } {
    const ref = Number.isSafeInteger(instanceId) ? this.d.exams.byInstance(instanceId) : undefined;
    const exam = ref && this.d.exams.get(ref.examId);
    const item = ref && this.d.exams.item(ref.examId, ref.seq);
    const userRef = this.d.settings.findUser(incoming.user);
    if (!exam || !item || exam.userRef !== userRef || exam.platform !== incoming.user.platform || exam.workspaceId !== incoming.user.workspaceId) throw notYours();
    return { exam, item };
  }

  /** An active exam on `/virt exam`: its results when time is up, else its current question. */
  private resume(exam: Exam, now: number, lang: Lang): Reply[] {
    if (!answerCounts(now, exam.endsAt)) return this.finish(exam, now, lang, t({ ja: '⏰ 前回の模擬試験は時間切れで終了しました。新しい試験は /virt exam start で始められます。', en: '⏰ Your exam ran out of time. Start a new one with /virt exam start.' }, lang));
    const items = this.d.exams.items(exam.id);
    const known = (id: string) => this.d.content.questionById.has(id);
    const current = items.find((i) => i.seq === exam.currentSeq);
    const seq = current && current.answer === null && known(current.questionId) ? current.seq : nextUnanswered(items, exam.currentSeq, known);
    if (seq === undefined) return this.finish(exam, now, lang);
    const note = t({ ja: '進行中の模擬試験を再開します。新しい試験は、これを終えるか /virt exam stop で中止してから始められます。', en: 'Resuming your exam in progress. A new one starts once this one ends or after /virt exam stop abandons it.' }, lang);
    return [this.show(exam, seq, now, lang, note)];
  }

  /** Shows question `seq`: creates its quiz instance on first show (closing at the exam's end) and records it as the resume point. */
  private show(exam: Exam, seq: number, now: number, lang: Lang, note?: string): Reply {
    const item = this.d.exams.item(exam.id, seq);
    const question = item && this.d.content.questionById.get(item.questionId);
    if (!item || !question) throw new Error(`exam ${exam.id}: no question at ${seq}`);
    let instanceId = item.instanceId;
    if (instanceId === null) {
      const { instance } = this.d.quiz.postQuestion(question, { platform: exam.platform as Incoming['user']['platform'], workspaceId: exam.workspaceId, channelId: exam.channelId }, 'exam', lang, {
        closesAt: exam.endsAt,
        createdBy: exam.userRef,
        visibility: 'private',
      });
      instanceId = this.d.exams.attachInstance(exam.id, seq, instance.id);
    }
    const instance = this.d.instances.get(instanceId);
    if (!instance) throw new Error(`exam ${exam.id}: instance ${instanceId} is missing`);
    this.d.exams.setCurrent(exam.id, seq);
    const answered = this.d.exams.items(exam.id).filter((i) => i.answer !== null).length;
    return { visibility: 'private', message: renderExamQuestion(question, instance, exam, seq, answered, now, lang, note) };
  }

  /** Ends an active exam (if another action has not already) and returns its results. */
  private finish(exam: Exam, now: number, lang: Lang, note?: string): Reply[] {
    this.d.exams.finish(exam.id, 'finished', now);
    return this.results(this.d.exams.get(exam.id)!, lang, note);
  }

  /** A finished exam shows its results again; an abandoned one says so. */
  private over(exam: Exam, lang: Lang): Reply[] {
    if (exam.status === 'finished') return this.results(exam, lang, t({ ja: 'この模擬試験はもう終わっています。', en: 'This exam is already over.' }, lang));
    return [privateText(t({ ja: 'この模擬試験は中止されました。/virt exam start で新しく始められます。', en: 'This exam was abandoned. Start a new one with /virt exam start.' }, lang))];
  }

  private results(exam: Exam, lang: Lang, note?: string): Reply[] {
    const score = scoreExam(this.d.exams.items(exam.id), exam.endsAt, (id) => this.d.content.questionById.has(id));
    return renderResults(exam, score, this.d.content, (id) => this.d.instances.get(id), lang, note);
  }
}

/**
 * The first unanswered item after `afterSeq`, wrapping round to the start, skipping
 * questions no longer in the bank; undefined when every item is answered.
 */
export function nextUnanswered(items: readonly ExamItem[], afterSeq: number, known: (questionId: string) => boolean): number | undefined {
  const open = items.filter((i) => i.answer === null && known(i.questionId));
  return (open.find((i) => i.seq > afterSeq) ?? open[0])?.seq;
}
