/**
 * The daily question: per-channel subscriptions, the scheduler's `runDue(now)`,
 * the reveal, `daily now`, and daily streaks. The schedule is data in SQLite
 * (src/db/daily.ts); node-cron only calls runDue once a minute (tick.ts), and tests
 * call it directly with any instant.
 *
 * runDue: one IMMEDIATE transaction claims the due posts (a unique row per
 * subscription and local date: whichever process or restart gets there first posts,
 * nobody else) and moves next_run_at on; then, outside the transaction, each post
 * goes out through the Poster, throttled per platform. A post moves claimed →
 * sending only while its owner still holds the claim, right before the platform call,
 * and is never sent again after that: a crash while sending loses that day's post
 * rather than doubling it. A claim whose process died before sending is taken over
 * by the next run after its lease.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Content } from '../../content/load.js';
import type { Lang, Question } from '../../content/schema.js';
import type { AnswerRepo } from '../../db/answers.js';
import type { DailyPost, DailyRepo, Subscription } from '../../db/daily.js';
import type { GroupCommit } from '../../db/groupCommit.js';
import type { QuizInstanceRepo } from '../../db/quizInstances.js';
import type { SettingsRepo } from '../../db/settings.js';
import type { Platform } from '../model.js';
import type { Clock, Destination, Poster, PostResult } from '../ports.js';
import { streaks, type Streaks } from '../progress/streak.js';
import { pickQuestion, type Rng } from '../quiz/select.js';
import type { QuizService } from '../quiz/service.js';
import { localLabel, planDue, revealAt, stillCurrent } from './plan.js';
import { renderDailyPost, renderReveal, revealStats } from './render.js';
import { renderQuestion } from '../quiz/render.js';
import { PlatformThrottle, type RateLimit } from './throttle.js';
import { localDate, nextSlot } from './time.js';

/** How long a claim is ours before another process may take it over (ms); renewed when sending starts. */
export const LEASE_MS = 10 * 60_000;
/** Attempts at a post or a reveal before giving up (transient failures only). */
export const MAX_ATTEMPTS = 4;
/** Wait before attempt 2, 3, 4 (ms): 1, 5 and 15 minutes, so a platform outage of ~20 minutes is ridden out. */
export const RETRY_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000] as const;
/** Workspace setting: list who answered right in the reveal ('on') or only the count. */
export const SHOW_NAMES_KEY = 'show_names';

/** The part of the quiz the daily question uses (posting an instance, its message id, closing it). */
export type DailyQuiz = Pick<QuizService, 'postQuestion' | 'setMessageId' | 'close'>;

export interface DailyDeps {
  repo: DailyRepo;
  /** Batches the per-post writes of one event-loop turn into one commit. */
  commits: GroupCommit;
  quiz: DailyQuiz;
  instances: Pick<QuizInstanceRepo, 'get'>;
  answers: Pick<AnswerRepo, 'forInstance'>;
  settings: SettingsRepo;
  content: Content;
  clock: Clock;
  log: Logger;
  defaultLang: Lang;
  /** VIRTBOT_TZ: default zone of `daily set`. */
  defaultZone: string;
  rng?: Rng;
  /** Per-platform rates (tests and the bench pass wide-open ones). */
  limits?: Readonly<Record<Platform, RateLimit>>;
}

/** What one runDue did. */
export interface RunSummary {
  claimed: number;
  posted: number;
  retrying: number;
  failed: number;
  paused: number;
  revealed: number;
  /** Subscriptions whose slot of an older local date was skipped (downtime). */
  missed: number;
  /** Wall time of the claiming transaction, and of the whole run including delivery (ms; for logs and the benchmark). */
  claimMs: number;
  totalMs: number;
}

/** Outcome of delivering one post. */
export type DeliverOutcome =
  | { status: 'posted'; messageId: string; revealAt: number; question: Question }
  | { status: 'retrying' | 'failed' | 'paused'; reason: string }
  | { status: 'skipped'; reason: string };

/** Where a subscription lives. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** `daily set` input, already parsed and validated by the command. */
export interface DailySetInput extends ChannelRef {
  localTime: string;
  zone: string;
  objectives: readonly string[];
  revealTime: string | null;
  createdBy: number | null;
}

/** The local date a post stands for (the reveal waits for the next date's post), or undefined for an extra post. */
const dayOf = (p: DailyPost): string | undefined => (p.kind === 'scheduled' ? p.day : undefined);

const zero = (): RunSummary => ({ claimed: 0, posted: 0, retrying: 0, failed: 0, paused: 0, revealed: 0, missed: 0, claimMs: 0, totalMs: 0 });

export class DailyService {
  /** This process's claim owner id. */
  readonly owner = randomUUID();
  private poster: Poster | undefined;
  private platforms = new Set<Platform>();
  private readonly throttle: PlatformThrottle;
  private readonly rng: Rng;
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly d: DailyDeps) {
    this.throttle = new PlatformThrottle(d.limits);
    this.rng = d.rng ?? Math.random;
  }

  /**
   * Connects the scheduler to the running adapters: `poster` (routing by
   * Destination.platform) posts for every platform in `platforms`. Subscriptions of
   * other platforms are left alone (not claimed, not paused) until an adapter for
   * them runs.
   */
  attach(poster: Poster, platforms: readonly Platform[]): void {
    this.poster = poster;
    this.platforms = new Set(platforms);
  }

  /** True when posts to `platform` can be made now. */
  canPost(platform: Platform): boolean {
    return this.poster !== undefined && this.platforms.has(platform) && !this.stopping;
  }

  /** Stops claiming; resolves when the posts already handed to the queue are done. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
  }

  // ---- configuration ----------------------------------------------------------------

  /**
   * Creates or replaces the channel's subscription (active; a pause reason and the
   * last error are cleared). The next post is the first slot after now whose local
   * date has not had its post yet.
   */
  set(input: DailySetInput): { subscription: Subscription; nextRunAt: number } {
    const now = this.d.clock.now().getTime();
    return this.d.repo.immediate(() => {
      const existing = this.d.repo.byChannel(input.platform, input.workspaceId, input.channelId);
      let next = nextSlot(now, input.localTime, input.zone);
      if (existing && this.d.repo.hasClaim(existing.id, next.date)) next = nextSlot(next.at, input.localTime, input.zone);
      const subscription = this.d.repo.upsert({ ...input, nextRunAt: next.at, now });
      return { subscription, nextRunAt: next.at };
    });
  }

  /**
   * `daily off` for a channel; one already off is left as it is.
   * @returns the subscription as it was (status 'off': it already was), or undefined when the channel has none.
   */
  off(ref: ChannelRef): Subscription | undefined {
    const sub = this.d.repo.byChannel(ref.platform, ref.workspaceId, ref.channelId);
    if (sub && sub.status !== 'off') this.d.repo.turnOff(sub.id, this.d.clock.now().getTime());
    return sub;
  }

  subscription(ref: ChannelRef): Subscription | undefined {
    return this.d.repo.byChannel(ref.platform, ref.workspaceId, ref.channelId);
  }

  /** Subscriptions of a workspace (at most `limit`). */
  subscriptions(platform: Platform, workspaceId: string, limit = 25): Subscription[] {
    return this.d.repo.ofWorkspace(platform, workspaceId, limit);
  }

  /** The latest post that went out and the latest attempt of any state, for `daily status`. */
  history(sub: Subscription): { lastPosted?: DailyPost; lastAttempt?: DailyPost } {
    const lastPosted = this.d.repo.lastPosted(sub.id);
    const lastAttempt = this.d.repo.lastAttempt(sub.id);
    return { ...(lastPosted ? { lastPosted } : {}), ...(lastAttempt ? { lastAttempt } : {}) };
  }

  /** The language posts of a workspace are written in: its default, else VIRTBOT_LANG. */
  langOf(platform: string, workspaceId: string): Lang {
    const l = this.d.settings.workspaceSetting(platform, workspaceId, 'lang');
    return l === 'ja' || l === 'en' ? l : this.d.defaultLang;
  }

  get defaultZone(): string {
    return this.d.defaultZone;
  }

  // ---- posting ----------------------------------------------------------------------

  /**
   * `daily now`: a post in the subscribed channel, right away. While the local date
   * of `now` has no post of an active subscription yet, this is that date's post: it
   * takes the date's claim, so the scheduled slot of the date is skipped, next_run_at
   * moves to the following date's slot, and the reveal follows the usual rule. After
   * the date's post (or on a paused or off subscription) it is an extra post, marked
   * as such.
   * @returns the outcome, with `extra` when posted as an extra post: 'already-out' (the date's
   *   post exists) or 'not-active' (the subscription is paused or off); 'skipped' when no adapter can post to the platform.
   */
  async postNow(sub: Subscription): Promise<DeliverOutcome & { extra?: 'already-out' | 'not-active' }> {
    if (!this.canPost(sub.platform as Platform)) return { status: 'skipped', reason: 'no running adapter for this platform' };
    const now = this.d.clock.now().getTime();
    const claimed = this.d.repo.immediate(() => {
      const { repo } = this.d;
      const current = repo.byId(sub.id) ?? sub;
      const day = localDate(now, current.zone);
      const claim = { subscriptionId: sub.id, day, scheduledAt: now, owner: this.owner, leaseUntil: now + LEASE_MS };
      const active = current.status === 'active';
      const ofDay = active ? repo.claim({ ...claim, kind: 'scheduled' }) : undefined;
      if (ofDay) {
        let next = nextSlot(now, current.localTime, current.zone);
        if (next.date === day) next = nextSlot(next.at, current.localTime, current.zone);
        repo.setNextRun(sub.id, next.at);
      }
      const post = ofDay ?? repo.claim({ ...claim, kind: 'manual' })!;
      // Why it is an extra post is known here, as the claim is decided.
      const extra = ofDay ? undefined : active ? ('already-out' as const) : ('not-active' as const);
      return this.prepare(current, post, now) ? { post, extra } : undefined;
    });
    if (!claimed) return { status: 'failed', reason: 'could not prepare the question' };
    const r = await this.track(this.deliver(claimed.post, now));
    return r.status === 'posted' && claimed.extra ? { ...r, extra: claimed.extra } : r;
  }

  /**
   * One scheduler run at `now`: claims the due posts (choosing and storing each
   * one's question) and reveals in one transaction, then sends them (throttled) and
   * records each outcome. Resolves when all are done. Never throws for a single
   * channel's failure.
   */
  async runDue(now: Date = this.d.clock.now()): Promise<RunSummary> {
    const summary = zero();
    if (!this.poster || this.stopping) return summary;
    const t = now.getTime();
    const started = performance.now();
    const { posts, reveals, missed, failed } = this.d.repo.immediate(() => this.claim(t));
    summary.claimMs = performance.now() - started;
    summary.claimed = posts.length + failed;
    summary.failed = failed;
    summary.missed = missed;
    const settled = await this.track(Promise.allSettled([...posts.map((p) => this.deliver(p, t)), ...reveals.map((p) => this.reveal(p, t))]));
    for (const s of settled) {
      if (s.status === 'rejected') {
        // A write that failed (database busy past the timeout): the claim stays and is taken over after its lease.
        this.d.log.error({ err: s.reason }, 'daily delivery failed');
        summary.failed++;
        continue;
      }
      const r = s.value;
      if (r === 'revealed') summary.revealed++;
      else if (r.status !== 'skipped') summary[r.status]++;
    }
    summary.totalMs = performance.now() - started;
    return summary;
  }

  /** The claiming half of runDue; runs inside one IMMEDIATE transaction. */
  private claim(t: number): { posts: DailyPost[]; reveals: DailyPost[]; missed: number; failed: number } {
    const { repo, log } = this.d;
    const lease = t + LEASE_MS;
    const claimed: DailyPost[] = [];
    const reveals: DailyPost[] = [];
    let missed = 0;
    for (const p of repo.failStaleSending(t)) log.warn({ postId: p.id, subscriptionId: p.subscriptionId }, 'daily post outcome unknown (process stopped while posting); not re-sent');
    for (const sub of repo.due(t)) {
      if (!this.platforms.has(sub.platform as Platform)) continue;
      const plan = planDue(sub, t);
      if (plan.claim) {
        const c = repo.claim({ subscriptionId: sub.id, kind: 'scheduled', day: plan.claim.date, scheduledAt: plan.claim.at, owner: this.owner, leaseUntil: lease });
        if (c) claimed.push(c);
      } else if (plan.missed) {
        missed++;
        log.info({ subscriptionId: sub.id, day: plan.missed.date }, 'daily post of an earlier local date missed (downtime); not made');
      }
      repo.setNextRun(sub.id, plan.next.at);
    }
    for (const p of repo.retakeable(t)) {
      const sub = repo.byId(p.subscriptionId);
      if (!sub || !this.platforms.has(sub.platform as Platform)) continue;
      if (p.kind === 'scheduled' && (sub.status !== 'active' || !stillCurrent(p.day, p.scheduledAt, sub.zone, t))) {
        repo.giveUp(p.id, sub.status !== 'active' ? `not retried: subscription ${sub.status}` : 'not retried: its local date is over');
        if (p.instanceId !== null) this.d.quiz.close(p.instanceId);
        continue;
      }
      if (repo.takeOver(p.id, this.owner, lease)) claimed.push({ ...p, state: 'claimed', owner: this.owner, leaseUntil: lease });
    }
    // Choose and store each claimed post's question in the same transaction: a process
    // that takes the claim over later posts the same question.
    const posts: DailyPost[] = [];
    let failed = 0;
    for (const p of claimed) {
      if (p.instanceId !== null || this.prepare(repo.byId(p.subscriptionId)!, p, t)) posts.push(p);
      else failed++;
    }
    for (const p of repo.dueReveals(t)) {
      const sub = repo.byId(p.subscriptionId);
      if (!sub || !this.platforms.has(sub.platform as Platform)) continue;
      if (repo.takeReveal(p.id, this.owner, lease, t)) reveals.push(p);
    }
    return { posts, reveals, missed, failed };
  }

  /**
   * Chooses the question for a claimed post (least posted in this channel first),
   * creates its quiz instance (closing at the reveal) and stores both on the post;
   * `post` is updated in place. Runs inside the caller's transaction.
   * @returns false when no question can be chosen (the post is marked failed).
   */
  private prepare(sub: Subscription, post: DailyPost, t: number): boolean {
    const { content, repo, quiz, log } = this.d;
    try {
      const pool = sub.objectives.length ? content.questions.filter((q) => sub.objectives.includes(q.objective)) : content.questions;
      if (!pool.length) throw new Error(`no questions for objectives ${sub.objectives.join(',') || 'all'}`);
      const question = pickQuestion(pool, repo.servedCounts(sub.id), this.rng, repo.lastPosted(sub.id)?.questionId ?? undefined);
      const closesAt = revealAt(sub, Math.max(t, post.scheduledAt), dayOf(post));
      const where = { platform: sub.platform as Platform, workspaceId: sub.workspaceId, channelId: sub.channelId };
      const { instance } = quiz.postQuestion(question, where, 'daily', this.langOf(sub.platform, sub.workspaceId), { closesAt });
      repo.setPrepared(post.id, question.id, instance.id);
      post.questionId = question.id;
      post.instanceId = instance.id;
      return true;
    } catch (e) {
      log.error({ err: e, postId: post.id }, 'daily post preparation failed');
      repo.failed(post, `could not prepare the question: ${(e as Error).message}`, t);
      return false;
    }
  }

  /** Sends a prepared post (throttled) and records the outcome. */
  private async deliver(post: DailyPost, t: number): Promise<DeliverOutcome> {
    const { repo, commits } = this.d;
    const sub = repo.byId(post.subscriptionId)!;
    const dest: Destination = { platform: sub.platform as Platform, workspaceId: sub.workspaceId, channelId: sub.channelId };
    const instance = this.d.instances.get(post.instanceId!);
    const question = instance && this.d.content.questionById.get(instance.questionId);
    if (!instance || !question) {
      await commits.run(() => repo.failed(post, 'the prepared question no longer exists', t));
      return { status: 'failed', reason: 'the prepared question no longer exists' };
    }
    const closesAt = instance.closesAt ?? revealAt(sub, t, dayOf(post));
    const lang = this.langOf(sub.platform, sub.workspaceId);
    const message = renderDailyPost(renderQuestion(question, instance, lang), post.day, localLabel(closesAt, sub.zone), lang, post.kind === 'manual');
    return this.throttle.run(dest.platform, async (): Promise<DeliverOutcome> => {
      // Shutting down: leave the claim as it is; the next run (here or elsewhere) takes it after the lease.
      if (this.stopping) return { status: 'skipped', reason: 'shutting down' };
      const mine = await commits.run(() => repo.startSending(post.id, this.owner, this.d.clock.now().getTime() + LEASE_MS));
      if (!mine) return { status: 'skipped', reason: 'another process took this post over' };
      const r = await this.call(() => this.poster!.post(dest, message));
      return commits.run(() => this.recordPost(post, sub, r, instance.id, question, closesAt, t));
    });
  }

  private recordPost(post: DailyPost, sub: Subscription, r: PostResult, instanceId: number, question: Question, closesAt: number, t: number): DeliverOutcome {
    const { repo, quiz, log } = this.d;
    if (r.status === 'ok') {
      quiz.setMessageId(instanceId, r.messageId);
      repo.posted(post, r.messageId, t, closesAt);
      return { status: 'posted', messageId: r.messageId, revealAt: closesAt, question };
    }
    if (r.status === 'gone' || r.status === 'forbidden') {
      const reason = `${r.status}: ${r.reason}`;
      log.warn({ subscriptionId: sub.id, channelId: sub.channelId, reason }, 'daily subscription paused');
      // Nobody saw this instance: close it so a stray id cannot be answered.
      quiz.close(instanceId);
      repo.failed(post, reason, t, reason);
      return { status: 'paused', reason };
    }
    const attempts = post.attempts + 1;
    if (attempts < MAX_ATTEMPTS) {
      // The retry posts the same instance (nobody has seen it yet).
      repo.retryLater(post, t + RETRY_BACKOFF_MS[attempts - 1]!, `transient (attempt ${attempts}): ${r.reason}`, t);
      return { status: 'retrying', reason: r.reason };
    }
    const reason = `gave up after ${attempts} attempts: ${r.reason}`;
    quiz.close(instanceId);
    repo.failed(post, reason, t);
    return { status: 'failed', reason };
  }

  /** Reveals a post: edits it into the answer with the channel's results (or follows it when the message is gone). */
  private async reveal(post: DailyPost, t: number): Promise<'revealed' | DeliverOutcome> {
    const { repo, log, commits } = this.d;
    const sub = repo.byId(post.subscriptionId)!;
    const dest: Destination = { platform: sub.platform as Platform, workspaceId: sub.workspaceId, channelId: sub.channelId };
    const instance = post.instanceId === null ? undefined : this.d.instances.get(post.instanceId);
    const question = instance && this.d.content.questionById.get(instance.questionId);
    if (!instance || !question) {
      await commits.run(() => repo.revealFailed(post, this.owner, 'question no longer exists', t));
      return { status: 'failed', reason: 'question no longer exists' };
    }
    // Answers after the reveal time are already refused (closesAt); closing makes it final.
    this.d.quiz.close(instance.id);
    const lang = this.langOf(sub.platform, sub.workspaceId);
    const showNames = this.d.settings.workspaceSetting(sub.platform, sub.workspaceId, SHOW_NAMES_KEY) === 'on';
    const message = renderReveal({ question, instance, day: post.day, extra: post.kind === 'manual', stats: revealStats(question, this.d.answers.forInstance(instance.id)), showNames }, lang);
    return this.throttle.run(dest.platform, async () => {
      let r = post.messageId ? await this.call(() => this.poster!.edit(dest, post.messageId!, message)) : ({ status: 'gone', reason: 'no message id' } as PostResult);
      if (r.status === 'gone') r = await this.call(() => this.poster!.post(dest, message));
      return commits.run((): 'revealed' | DeliverOutcome => {
        if (r.status === 'ok') {
          repo.revealed(post.id, this.owner, t);
          return 'revealed';
        }
        if (r.status === 'gone' || r.status === 'forbidden') {
          const reason = `${r.status}: ${r.reason}`;
          repo.revealFailed(post, this.owner, `reveal: ${reason}`, t, reason);
          return { status: 'paused', reason };
        }
        const attempts = post.revealAttempts + 1;
        if (attempts < MAX_ATTEMPTS) {
          repo.revealRetry(post.id, this.owner, t + RETRY_BACKOFF_MS[attempts - 1]!, `reveal transient (attempt ${attempts}): ${r.reason}`);
          return { status: 'retrying', reason: r.reason };
        }
        log.warn({ postId: post.id, reason: r.reason }, 'daily reveal gave up');
        repo.revealFailed(post, this.owner, `reveal gave up after ${attempts} attempts: ${r.reason}`, t);
        return { status: 'failed', reason: r.reason };
      });
    });
  }

  /** A Poster call; a throw (a bug or a network error in the adapter) counts as transient. */
  private async call(fn: () => Promise<PostResult>): Promise<PostResult> {
    try {
      return await fn();
    } catch (e) {
      this.d.log.warn({ err: e }, 'poster threw');
      return { status: 'transient', reason: (e as Error)?.message ?? String(e) };
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  // ---- streaks ----------------------------------------------------------------------

  /**
   * Daily streak of `userRef`: local dates in a row whose daily question they
   * answered (the question's date in its channel's zone, so an answer after local
   * midnight to the evening's question counts for its day). Current runs up to today
   * or yesterday in the zone of their latest daily question.
   */
  dailyStreak(userRef: number): Streaks {
    const rows = this.d.repo.answeredDays(userRef);
    if (!rows.length) return { current: 0, longest: 0 };
    const days = [...new Set(rows.map((r) => r.day))];
    return streaks(days, localDate(this.d.clock.now().getTime(), rows[rows.length - 1]!.zone));
  }

  /** The daily post a quiz instance belongs to (for "closed" texts and tests). */
  postOfInstance(instanceId: number): DailyPost | undefined {
    return this.d.repo.postOfInstance(instanceId);
  }
}
