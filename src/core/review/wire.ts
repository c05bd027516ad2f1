/**
 * Builds the review and exam services over one database and hooks the cards to
 * the quiz: every recorded first answer (quiz, daily, review, exam) reviews the
 * user's card, inside the answer's transaction. Used by src/app.ts.
 */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import type { Lang } from '../../content/schema.js';
import { CardRepo } from '../../db/cards.js';
import { ExamRepo } from '../../db/exams.js';
import type { Db } from '../../db/open.js';
import { QuizInstanceRepo } from '../../db/quizInstances.js';
import { SettingsRepo } from '../../db/settings.js';
import { ExamService } from '../exam/service.js';
import type { Clock } from '../ports.js';
import { LocalCalendar } from '../progress/calendar.js';
import type { Rng } from '../quiz/select.js';
import type { QuizService } from '../quiz/service.js';
import { ReviewService } from './service.js';

export interface ReviewServices {
  review: ReviewService;
  exam: ExamService;
}

/** `timeZone`: VIRTBOT_TZ (IANA). `rng`: random source for exam sampling (tests pass a seeded one). */
export function createReviewServices(o: { db: Db; content: Content; clock: Clock; log: Logger; timeZone: string; quiz: QuizService; defaultLang: Lang; rng?: Rng }): ReviewServices {
  const settings = new SettingsRepo(o.db);
  const instances = new QuizInstanceRepo(o.db);
  const review = new ReviewService({ cards: new CardRepo(o.db), instances, settings, content: o.content, quiz: o.quiz, calendar: new LocalCalendar(o.timeZone), clock: o.clock, log: o.log, timeZone: o.timeZone });
  // Cards are derived from answers: written in the answer's own transaction (one commit), never losing the answer.
  o.quiz.onAnswerInTransaction((a) => review.recordAnswer(a));
  const exam = new ExamService({ exams: new ExamRepo(o.db), instances, quiz: o.quiz, settings, content: o.content, clock: o.clock, log: o.log, defaultLang: o.defaultLang, ...(o.rng ? { rng: o.rng } : {}) });
  return { review, exam };
}
