/** Builds the daily question service over one database (used by src/app.ts and the bench). */
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import type { Lang } from '../../content/schema.js';
import { AnswerRepo } from '../../db/answers.js';
import { DailyRepo } from '../../db/daily.js';
import { GroupCommit } from '../../db/groupCommit.js';
import type { Db } from '../../db/open.js';
import { QuizInstanceRepo } from '../../db/quizInstances.js';
import { SettingsRepo } from '../../db/settings.js';
import type { Platform } from '../model.js';
import type { Clock } from '../ports.js';
import type { Rng } from '../quiz/select.js';
import { DailyService, type DailyQuiz } from './service.js';
import type { RateLimit } from './throttle.js';

/** `quiz`: the app's QuizService (daily questions are quiz instances). `timeZone`: VIRTBOT_TZ. */
export function createDailyService(o: {
  db: Db;
  content: Content;
  clock: Clock;
  log: Logger;
  quiz: DailyQuiz;
  defaultLang: Lang;
  timeZone: string;
  rng?: Rng;
  limits?: Readonly<Record<Platform, RateLimit>>;
}): DailyService {
  const settings = new SettingsRepo(o.db);
  return new DailyService({
    repo: new DailyRepo(o.db),
    commits: new GroupCommit(o.db),
    quiz: o.quiz,
    instances: new QuizInstanceRepo(o.db),
    answers: new AnswerRepo(o.db, settings),
    settings,
    content: o.content,
    clock: o.clock,
    log: o.log,
    defaultLang: o.defaultLang,
    defaultZone: o.timeZone,
    ...(o.rng ? { rng: o.rng } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
  });
}
