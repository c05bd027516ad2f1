/** Builds the quiz, progress and leaderboard services over one database (used by src/app.ts and the bench). */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import { AnswerRepo } from '../../db/answers.js';
import { LeaderboardRepo } from '../../db/leaderboard.js';
import type { Db } from '../../db/open.js';
import { ProgressRepo } from '../../db/progress.js';
import { QuizInstanceRepo } from '../../db/quizInstances.js';
import { SettingsRepo } from '../../db/settings.js';
import { LeaderboardService } from '../leaderboard/service.js';
import type { Clock } from '../ports.js';
import { LocalCalendar } from '../progress/calendar.js';
import { ProgressService } from '../progress/service.js';
import type { Rng } from './select.js';
import { QuizService } from './service.js';

export interface StudyServices {
  quiz: QuizService;
  progress: ProgressService;
  leaderboard: LeaderboardService;
}

/** `timeZone`: VIRTBOT_TZ (IANA). `rng`: random source for selection and shuffles (tests pass a seeded one). */
export function createStudyServices(o: { db: Db; content: Content; clock: Clock; log: Logger; timeZone: string; rng?: Rng }): StudyServices {
  const settings = new SettingsRepo(o.db);
  const calendar = new LocalCalendar(o.timeZone);
  const progressRepo = new ProgressRepo(o.db);
  const quiz = new QuizService({
    content: o.content,
    instances: new QuizInstanceRepo(o.db),
    answers: new AnswerRepo(o.db, settings),
    progress: progressRepo,
    settings,
    calendar,
    clock: o.clock,
    log: o.log,
    ...(o.rng ? { rng: o.rng } : {}),
  });
  return {
    quiz,
    progress: new ProgressService(progressRepo, o.content, calendar, o.clock),
    leaderboard: new LeaderboardService(new LeaderboardRepo(o.db), calendar, o.clock),
  };
}
