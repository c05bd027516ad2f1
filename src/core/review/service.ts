/**
 * Spaced-repetition review: every first answer to a question instance (quiz, daily,
 * review, exam) reviews the user's card for that question through ts-fsrs;
 * `/virt review` serves the due cards one at a time (earliest due first) with the
 * quiz's own answer controls, `/virt review cram` the weakest cards regardless of
 * due dates; `/virt config exam-date` and the readiness figure of `/virt progress`
 * live here too.
 */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import type { Lang } from '../../content/schema.js';
import type { AnswerRow } from '../../db/answers.js';
import type { CardRepo } from '../../db/cards.js';
import type { QuizInstanceRepo } from '../../db/quizInstances.js';
import type { SettingsRepo } from '../../db/settings.js';
import { UserError } from '../errors.js';
import type { Incoming, Reply, UserRef } from '../model.js';
import type { Clock } from '../ports.js';
import { LocalCalendar } from '../progress/calendar.js';
import type { QuizService } from '../quiz/service.js';
import { readdress, withNext } from './controls.js';
import { EXAM_DATE_KEY, localDayEnds, parseExamDate, startOfLocalDay } from './examDate.js';
import { recallNow, reviewSchedule, type CardState } from './fsrs.js';
import { readiness, type Readiness } from './readiness.js';
import { REVIEW_IDS, type ReviewMode, renderAnswered, renderEmpty, reviewHeader } from './render.js';

export type { ReviewMode };

export interface ReviewDeps {
  cards: CardRepo;
  /** Read only: which question an answered review instance was. */
  instances: QuizInstanceRepo;
  settings: SettingsRepo;
  content: Content;
  quiz: QuizService;
  calendar: LocalCalendar;
  clock: Clock;
  log: Logger;
  /** VIRTBOT_TZ (IANA): local days for "due today / tomorrow" and the exam date. */
  timeZone: string;
}

/** Due counts at one instant: now, the rest of the local day, the next local day. */
export interface DueCounts {
  /** Cards due now (due <= now). */
  now: number;
  /** Cards due by the end of the local day (overdue included). */
  today: number;
  /** Cards due during the next local day. */
  tomorrow: number;
  /** The earliest due time after now (UTC ms), if any. */
  next?: number;
}

/** The user's exam date and what follows from it. */
export interface ExamOutlook {
  /** 'YYYY-MM-DD', or undefined when not set. */
  examDate?: string;
  /** Whole local days from today to the exam date (0 on the day, negative once passed). */
  daysLeft?: number;
  readiness: Readiness;
}

/** Cards a user reviews in cram order are fetched whole: a user has at most one card per question in the bank. */
const DUE_BATCH = 50;

/**
 * Cram order: lowest predicted recall now first (recallNow: ts-fsrs's forgetting curve
 * over fractional days), then lowest stability, then question id. A card just answered
 * has recall ≈ 1, so it moves to the back and the session cycles through the weak ones
 * (with whole days, all of today's cards tied at 1 and two of them alternated).
 */
export function cramOrder(cards: readonly CardState[], nowMs: number): CardState[] {
  return cards
    .map((c) => ({ c, r: recallNow(c, nowMs) }))
    .sort((a, b) => a.r - b.r || a.c.stability - b.c.stability || (a.c.questionId < b.c.questionId ? -1 : a.c.questionId > b.c.questionId ? 1 : 0))
    .map((x) => x.c);
}

export class ReviewService {
  constructor(private readonly d: ReviewDeps) {}

  /**
   * Reviews the card of the answer's user and question (wrong → Again, right → Good)
   * at the answer's time. Runs inside the answer's transaction (QuizService.
   * onAnswerInTransaction); the card write is a nested transaction (a savepoint), so a
   * failure here is logged and undone without undoing the answer.
   * @returns the card as stored, or undefined when the update failed.
   */
  recordAnswer(answer: Pick<AnswerRow, 'userRef' | 'questionId' | 'objective' | 'correct' | 'answeredAt'>): CardState | undefined {
    try {
      return this.d.cards.update(answer.userRef, answer.questionId, answer.objective, (prev) => reviewSchedule(prev, answer.correct, answer.answeredAt));
    } catch (e) {
      this.d.log.error({ err: e, userRef: answer.userRef, questionId: answer.questionId }, 'card update failed; the answer stands');
      return undefined;
    }
  }

  /** Due counts of `userRef` at `nowMs` (UTC ms), local days in VIRTBOT_TZ. */
  counts(userRef: number, nowMs: number): DueCounts {
    const ends = localDayEnds(nowMs, this.d.timeZone);
    const next = this.d.cards.nextDue(userRef, nowMs);
    return {
      now: this.d.cards.countDue(userRef, Number.MIN_SAFE_INTEGER, nowMs),
      today: this.d.cards.countDue(userRef, Number.MIN_SAFE_INTEGER, ends.today),
      tomorrow: this.d.cards.countDue(userRef, ends.today, ends.tomorrow),
      ...(next !== undefined ? { next } : {}),
    };
  }

  /**
   * The next card to serve: in 'due' mode the earliest-due card with due <= now, in
   * 'cram' mode the first in cramOrder. Cards whose question left the bank are
   * skipped; `avoid` (the question just answered) is skipped when another card qualifies.
   */
  nextCard(userRef: number, mode: ReviewMode, nowMs: number, avoid?: string): CardState | undefined {
    const known = (c: CardState) => this.d.content.questionById.has(c.questionId);
    const list = mode === 'cram' ? cramOrder(this.d.cards.all(userRef), nowMs).filter(known) : this.d.cards.due(userRef, nowMs, DUE_BATCH).filter(known);
    return list.find((c) => c.questionId !== avoid) ?? list[0];
  }

  /**
   * `/virt review [cram]` and its "next" button: posts the next card's question
   * privately with the quiz's answer controls (addressed to the review actions) and
   * the due counts; or says that nothing is due and when the next card is.
   */
  serve(incoming: Incoming, lang: Lang, mode: ReviewMode, avoid?: string): Reply {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.ensureUser(incoming.user, now);
    const counts = this.counts(userRef, now);
    const card = this.nextCard(userRef, mode, now, avoid);
    const question = card && this.d.content.questionById.get(card.questionId);
    if (!card || !question) {
      return { visibility: 'private', message: renderEmpty(mode, counts, this.d.cards.all(userRef).length, now, this.d.timeZone, lang) };
    }
    const { message } = this.d.quiz.postQuestion(question, { platform: incoming.user.platform, workspaceId: incoming.user.workspaceId, channelId: incoming.channelId }, 'review', lang, { createdBy: userRef, visibility: 'private' });
    return { visibility: 'private', message: readdress(message, REVIEW_IDS.answersFor(mode), { before: [reviewHeader(mode, counts, card, now, lang)] }) };
  }

  /**
   * An answer to a review question: the quiz checks and records it (the card is
   * reviewed through the answer listener); the quiz's result comes back with the
   * card's next due time and a "next card" button.
   * @throws the quiz's UserErrors (not found, already answered, bad input).
   */
  answer(incoming: Incoming, lang: Lang, mode: ReviewMode, instanceId: number, input: { letters: readonly string[] } | { text: string }): Reply {
    const result = 'letters' in input ? this.d.quiz.answerChoices(incoming, lang, instanceId, input.letters) : this.d.quiz.answerTyped(incoming, lang, instanceId, input.text);
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.findUser(incoming.user);
    const instance = this.d.instances.get(instanceId);
    const card = userRef !== undefined && instance ? this.d.cards.get(userRef, instance.questionId) : undefined;
    const counts = userRef !== undefined ? this.counts(userRef, now) : { now: 0, today: 0, tomorrow: 0 };
    const { next, after } = renderAnswered(mode, instanceId, card, counts, now, this.d.timeZone, lang);
    return { ...result, message: withNext(result.message, next, after) };
  }

  /** The question id of quiz instance `instanceId` (the card just answered, skipped by "next"), if it exists. */
  questionOf(instanceId: number): string | undefined {
    return Number.isSafeInteger(instanceId) ? this.d.instances.get(instanceId)?.questionId : undefined;
  }

  /** The exam date of `user` ('YYYY-MM-DD'), if set. */
  examDate(userRef: number): string | undefined {
    // '' is a cleared date (settings have no delete).
    return this.d.settings.userSetting(userRef, EXAM_DATE_KEY) || undefined;
  }

  /**
   * `/virt config exam-date`: validates and stores the date ('clear' removes it).
   * @returns the stored date and the days left (local dates in VIRTBOT_TZ), or undefined when cleared.
   * @throws UserError bad_argument (see parseExamDate).
   */
  setExamDate(user: UserRef, input: string): { examDate: string; daysLeft: number } | undefined {
    const now = this.d.clock.now().getTime();
    const userRef = this.d.settings.ensureUser(user, now);
    const today = this.d.calendar.periodsOf(now).day;
    if (/^(clear|none|off|reset|delete|削除|解除)$/i.test(input.normalize('NFKC').trim())) {
      this.d.settings.setUserSetting(userRef, EXAM_DATE_KEY, '');
      return undefined;
    }
    const examDate = parseExamDate(input, today);
    this.d.settings.setUserSetting(userRef, EXAM_DATE_KEY, examDate);
    return { examDate, daysLeft: LocalCalendar.daysBetween(today, examDate) };
  }

  /**
   * Readiness of `userRef`: predicted recall at the start of the exam date (local,
   * VIRTBOT_TZ) when it is today or later, else now; with the days left.
   */
  outlook(userRef: number): ExamOutlook {
    const now = this.d.clock.now().getTime();
    const examDate = this.examDate(userRef);
    const today = this.d.calendar.periodsOf(now).day;
    const daysLeft = examDate ? LocalCalendar.daysBetween(today, examDate) : undefined;
    const at = examDate && daysLeft !== undefined && daysLeft > 0 ? startOfLocalDay(examDate, this.d.timeZone) : now;
    const pools = new Map<string, number>();
    for (const q of this.d.content.questions) pools.set(q.objective, (pools.get(q.objective) ?? 0) + 1);
    return { ...(examDate ? { examDate, daysLeft } : {}), readiness: readiness(this.d.cards.all(userRef), at, pools) };
  }
}

/** The review mode named in a component id: 'd' (due) or 'c' (cram). @throws UserError not_found for anything else. */
export function modeOf(code: string): ReviewMode {
  if (code === 'd') return 'due';
  if (code === 'c') return 'cram';
  throw new UserError('not_found', { ja: 'そのボタンは正しくありません。/virt review で復習を始められます。', en: 'That button is not valid. Start a review with /virt review.' });
}
