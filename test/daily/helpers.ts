/** Daily question test helpers: a recording Poster and an app with the scheduler attached. */
import type { Message } from '../../src/core/model.js';
import type { Destination, Poster, PostResult } from '../../src/core/ports.js';
import type { DailySetInput } from '../../src/core/daily/service.js';
import type { Content } from '../../src/content/load.js';
import { content, testApp, type TestApp, TestClock } from '../helpers/app.js';
import { instanceIdOf, keyOf } from '../quiz/helpers.js';
import { afterEach } from 'vitest';

export interface Sent {
  to: Destination;
  message: Message;
  messageId: string;
}

/**
 * A Poster that records what it was asked to do. `script` answers per channel
 * with a queue of results (then ok), so a test can make one channel forbidden or
 * fail twice and then succeed.
 */
export class RecordingPoster implements Poster {
  posts: Sent[] = [];
  edits: Sent[] = [];
  /** notify() calls: where, to whom, what. */
  notices: { to: Destination; userId: string; message: Message }[] = [];
  /** Calls that did not succeed, per channel. */
  refused: { to: Destination; result: PostResult }[] = [];
  script = new Map<string, PostResult[]>();
  editScript = new Map<string, PostResult[]>();
  private n = 0;
  private running = 0;
  maxConcurrent = 0;

  constructor(private readonly name = 'p') {}

  /** Every post() call for `channelId` from now on gets `result` (until cleared). */
  always(channelId: string, result: PostResult): void {
    this.script.set(channelId, Array.from({ length: 1000 }, () => result));
  }

  async notify(to: Destination, userId: string, message: Message): Promise<PostResult> {
    await new Promise((r) => setImmediate(r));
    this.notices.push({ to, userId, message });
    return { status: 'ok', messageId: `${this.name}-n${++this.n}` };
  }

  async post(to: Destination, message: Message): Promise<PostResult> {
    this.running++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
    await new Promise((r) => setImmediate(r));
    this.running--;
    const scripted = this.script.get(to.channelId)?.shift();
    if (scripted && scripted.status !== 'ok') {
      this.refused.push({ to, result: scripted });
      return scripted;
    }
    const messageId = `${this.name}-${++this.n}`;
    this.posts.push({ to, message, messageId });
    return { status: 'ok', messageId };
  }

  async edit(to: Destination, messageId: string, message: Message): Promise<PostResult> {
    const scripted = this.editScript.get(to.channelId)?.shift();
    if (scripted && scripted.status !== 'ok') {
      this.refused.push({ to, result: scripted });
      return scripted;
    }
    this.edits.push({ to, message, messageId });
    return { status: 'ok', messageId };
  }

  postsTo(channelId: string): Sent[] {
    return this.posts.filter((p) => p.to.channelId === channelId);
  }
}

export interface DailyTestApp extends TestApp {
  poster: RecordingPoster;
  /** Subscribes a console channel directly through the service. */
  subscribe(channelId: string, s: Partial<DailySetInput> & { localTime: string; zone: string }): void;
  /** runDue at the clock's time after setting it to `iso`. */
  tick(iso: string): ReturnType<TestApp['services']['daily']['runDue']>;
}

/** A test app whose daily scheduler posts to a RecordingPoster for the console platform. */
export function dailyApp(opts: Parameters<typeof testApp>[0] & { name?: string } = {}): DailyTestApp {
  const app = testApp({ clock: new TestClock(new Date('2026-11-29T00:00:00Z')), timeZone: 'Asia/Tokyo', ...opts });
  const poster = new RecordingPoster(opts.name);
  app.services.daily.attach(poster, ['console']);
  return Object.assign(app, {
    poster,
    subscribe(channelId: string, s: Partial<DailySetInput> & { localTime: string; zone: string }) {
      app.services.daily.set({ platform: 'console', workspaceId: 'console', channelId, objectives: [], revealTime: null, createdBy: null, ...s });
    },
    tick(iso: string) {
      app.clock.set(iso);
      return app.services.daily.runDue(app.clock.now());
    },
  });
}

/** The local dates of the posts made (from their headers). */
export function postedDays(p: RecordingPoster, channelId?: string): string[] {
  return (channelId ? p.postsTo(channelId) : p.posts).map((s) => /[（(](\d{4}-\d{2}-\d{2})[）)]/.exec(s.message.title ?? '')?.[1] ?? '?');
}

/**
 * The console line that answers a daily post right or wrong, whatever its kind:
 * `click quiz.a:ID:B`, `pick --id quiz.m:ID A C`, or `answer --id quiz.t:ID text`.
 */
export function answerLine(db: Parameters<typeof keyOf>[0], posted: Message, right: boolean): string {
  const id = instanceIdOf([{ visibility: 'public', message: posted }]);
  const k = keyOf(db, id);
  const q = k.question;
  if (q.kind === 'typed') return `answer --id quiz.t:${id} ${right ? q.answers[0] : 'definitely-not-the-answer'}`;
  if (q.kind === 'single') return `click quiz.a:${id}:${right ? k.right[0] : k.wrong[0]}`;
  const picks = right ? k.right : [...k.wrong.slice(0, 1), ...k.right.slice(1)];
  return `pick --id quiz.m:${id} ${picks.join(' ')}`;
}

/** The real question bank with only single-choice questions to choose from (buttons on every platform). */
export function singleChoiceOnly(): Content {
  const c = content();
  return { ...c, questions: c.questions.filter((q) => q.kind === 'single') };
}

/** A dailyApp factory for one test file; every app it made is cleaned up after each test. */
export function dailyApps(): (...args: Parameters<typeof dailyApp>) => DailyTestApp {
  const apps: DailyTestApp[] = [];
  afterEach(() => {
    for (const a of apps.splice(0)) a.cleanup();
  });
  return (...args) => {
    const a = dailyApp(...args);
    apps.push(a);
    return a;
  };
}
