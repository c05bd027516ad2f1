/**
 * Wires the core: content → lookup → database → services → router. Used by
 * src/main.ts and by tests (with a temp database file and an injected clock).
 */
import type { Logger } from 'pino';
import { loadContent, type Content } from './content/load.js';
import type { Lang } from './content/schema.js';
import { actions, commands } from './core/commands/index.js';
import { createLookup } from './core/lookup/engine.js';
import { Router } from './core/router.js';
import type { Services } from './core/services.js';
import { systemClock, type Clock } from './core/ports.js';
import { startCheckpointer } from './db/checkpointer.js';
import { openDb, type Db } from './db/open.js';
import { noteDbError } from './db/health.js';
import { SettingsRepo } from './db/settings.js';
import { PrivacyRepo } from './db/privacy.js';
import { createLogger } from './logger.js';
import { createStudyServices } from './core/quiz/wire.js';
import { createReviewServices } from './core/review/wire.js';
import { createDailyService } from './core/daily/wire.js';
import { VERSION } from './version.js';

export interface AppOptions {
  dbFile: string;
  defaultLang?: Lang;
  timeZone?: string;
  clock?: Clock;
  log?: Logger;
  /** The running adapters (set by main.ts once they exist); default: none. */
  adapters?: () => { platform: string; connected: boolean }[];
  /** Already loaded content (tests share one load); default: loadContent(). */
  content?: Content;
  /** Random source for quiz selection and shuffles (tests pass a seeded one); default Math.random. */
  rng?: () => number;
  /** Run WAL checkpoints on a worker thread (src/db/checkpointer.ts) instead of inside commits; main.ts and the benchmarks turn it on. Default false. */
  backgroundCheckpoint?: boolean;
}

export interface App {
  services: Services;
  router: Router;
  db: Db;
  /** Stops background work on the database (the checkpoint worker) and waits for it; call before close() at shutdown. */
  stopBackground(): Promise<void>;
  /** Closes the database (and tells the checkpoint worker to stop, without waiting). */
  close(): void;
}

/** Builds the core. @throws ContentError, MigrationError, or SqliteError if the file cannot be opened. */
export function createApp(opts: AppOptions): App {
  const content = opts.content ?? loadContent();
  const log = opts.log ?? createLogger('silent');
  const db = openDb(opts.dbFile);
  const checkpointer = opts.backgroundCheckpoint ? startCheckpointer(db, opts.dbFile, log) : undefined;
  const clock = opts.clock ?? systemClock;
  const study = createStudyServices({ db, content, clock: opts.clock ?? systemClock, log, timeZone: opts.timeZone ?? 'Asia/Tokyo', ...(opts.rng ? { rng: opts.rng } : {}) });
  const services: Services = {
    config: { defaultLang: opts.defaultLang ?? 'ja', timeZone: opts.timeZone ?? 'Asia/Tokyo' },
    runtime: { startedAt: clock.now(), version: VERSION, adapters: opts.adapters ?? (() => []), noteFailure: (e) => noteDbError(db, e) },
    content,
    lookup: createLookup(content.entries),
    clock,
    log,
    settings: new SettingsRepo(db),
    privacy: new PrivacyRepo(db),
    ...study,
    ...createReviewServices({ db, content, clock: opts.clock ?? systemClock, log, timeZone: opts.timeZone ?? 'Asia/Tokyo', quiz: study.quiz, defaultLang: opts.defaultLang ?? 'ja', ...(opts.rng ? { rng: opts.rng } : {}) }),
    daily: createDailyService({ db, content, clock: opts.clock ?? systemClock, log, quiz: study.quiz, defaultLang: opts.defaultLang ?? 'ja', timeZone: opts.timeZone ?? 'Asia/Tokyo', ...(opts.rng ? { rng: opts.rng } : {}) }),
  };
  const router = new Router(services, commands, actions);
  return {
    services,
    router,
    db,
    stopBackground: async () => {
      await checkpointer?.stop();
    },
    close: () => {
      void checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
