/**
 * Everything a command handler may use, passed explicitly (no global container).
 * Built once by src/main.ts (or by a test) from config, content and the database.
 */
import type { Logger } from 'pino';
import type { Content } from '../content/load.js';
import type { Lang } from '../content/schema.js';
import type { Lookup } from './lookup/types.js';
import type { Clock } from './ports.js';
import type { SettingsRepo } from '../db/settings.js';
import type { PrivacyRepo } from '../db/privacy.js';
import type { QuizService } from './quiz/service.js';
import type { ProgressService } from './progress/service.js';
import type { LeaderboardService } from './leaderboard/service.js';
import type { ReviewService } from './review/service.js';
import type { ExamService } from './exam/service.js';
import type { DailyService } from './daily/service.js';

/** Core settings from the environment (src/config.ts). */
export interface CoreConfig {
  /** VIRTBOT_LANG: language when neither the user, the platform locale nor the workspace says. */
  defaultLang: Lang;
  /** VIRTBOT_TZ: IANA zone for streaks, weeks and daily defaults. */
  timeZone: string;
}

/** What the running process knows about itself (for /virt about and /healthz). */
export interface Runtime {
  /** When the process started (UTC). */
  startedAt: Date;
  version: string;
  /** The chat adapters running and whether each is connected. */
  adapters(): { platform: string; connected: boolean }[];
  /** Told of every unexpected error a command raised (the router); the app marks the database damaged on SQLITE_CORRUPT for /healthz. */
  noteFailure?(e: unknown): void;
}

export interface Services {
  config: CoreConfig;
  runtime: Runtime;
  content: Content;
  lookup: Lookup;
  clock: Clock;
  log: Logger;
  settings: SettingsRepo;
  privacy: PrivacyRepo;
  quiz: QuizService;
  progress: ProgressService;
  leaderboard: LeaderboardService;
  /** The daily question (schedule, posts, reveals, daily streaks); main.ts attaches the adapters' Poster. */
  daily: DailyService;
  /** Spaced-repetition cards, /virt review, the exam date and readiness. */
  review: ReviewService;
  /** The mock exam. */
  exam: ExamService;
}
