/**
 * Daily question repository (tables daily_subscriptions, daily_posts). The
 * scheduler in src/core/daily composes these statements inside `immediate(fn)` so a
 * claim and the move of next_run_at commit together; times are UTC ms.
 */
import type { Db } from './open.js';

export type SubscriptionStatus = 'active' | 'paused' | 'off';

/** One channel's daily question schedule. */
export interface Subscription {
  id: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  /** 'HH:MM' wall clock in `zone`. */
  localTime: string;
  /** IANA zone name. */
  zone: string;
  /** Objective ids; empty: all. */
  objectives: string[];
  /** 'HH:MM' or null (just before the next post). */
  revealTime: string | null;
  status: SubscriptionStatus;
  pauseReason: string | null;
  nextRunAt: number | null;
  lastPostAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

export type PostState = 'claimed' | 'sending' | 'posted' | 'retry' | 'failed';
export type RevealState = 'pending' | 'revealing' | 'retry' | 'done' | 'failed';

/** One daily question post (a claim until it is sent). */
export interface DailyPost {
  id: number;
  subscriptionId: number;
  kind: 'scheduled' | 'manual';
  /** Local date in the subscription's zone. */
  day: string;
  scheduledAt: number;
  state: PostState;
  owner: string | null;
  leaseUntil: number | null;
  attempts: number;
  retryAt: number | null;
  questionId: string | null;
  instanceId: number | null;
  messageId: string | null;
  postedAt: number | null;
  revealAt: number | null;
  revealState: RevealState | null;
  revealAttempts: number;
  revealedAt: number | null;
  lastError: string | null;
}

/** What `daily set` stores. */
export interface SubscriptionInput {
  platform: string;
  workspaceId: string;
  channelId: string;
  localTime: string;
  zone: string;
  objectives: readonly string[];
  revealTime: string | null;
  createdBy: number | null;
  nextRunAt: number;
  now: number;
}

interface SubRow {
  id: number;
  platform: string;
  workspace_id: string;
  channel_id: string;
  local_time: string;
  zone: string;
  objectives: string;
  reveal_time: string | null;
  status: SubscriptionStatus;
  pause_reason: string | null;
  next_run_at: number | null;
  last_post_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

interface PostRow {
  id: number;
  subscription_id: number;
  kind: 'scheduled' | 'manual';
  day: string;
  scheduled_at: number;
  state: PostState;
  owner: string | null;
  lease_until: number | null;
  attempts: number;
  retry_at: number | null;
  question_id: string | null;
  instance_id: number | null;
  message_id: string | null;
  posted_at: number | null;
  reveal_at: number | null;
  reveal_state: RevealState | null;
  reveal_attempts: number;
  revealed_at: number | null;
  last_error: string | null;
}

function toSub(r: SubRow): Subscription {
  return {
    id: r.id,
    platform: r.platform,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    localTime: r.local_time,
    zone: r.zone,
    objectives: r.objectives ? r.objectives.split(',') : [],
    revealTime: r.reveal_time,
    status: r.status,
    pauseReason: r.pause_reason,
    nextRunAt: r.next_run_at,
    lastPostAt: r.last_post_at,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPost(r: PostRow): DailyPost {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    kind: r.kind,
    day: r.day,
    scheduledAt: r.scheduled_at,
    state: r.state,
    owner: r.owner,
    leaseUntil: r.lease_until,
    attempts: r.attempts,
    retryAt: r.retry_at,
    questionId: r.question_id,
    instanceId: r.instance_id,
    messageId: r.message_id,
    postedAt: r.posted_at,
    revealAt: r.reveal_at,
    revealState: r.reveal_state,
    revealAttempts: r.reveal_attempts,
    revealedAt: r.revealed_at,
    lastError: r.last_error,
  };
}

/** Error texts are stored cut to this many characters (they come from platform APIs). */
const MAX_ERROR = 300;
const cutError = (s: string) => (s.length > MAX_ERROR ? s.slice(0, MAX_ERROR - 1) + '…' : s);

export class DailyRepo {
  private readonly s;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      upsertSub: p(
        `INSERT INTO daily_subscriptions (platform, workspace_id, channel_id, local_time, zone, objectives, reveal_time, status, next_run_at, created_by, created_at, updated_at)
         VALUES (@platform, @workspaceId, @channelId, @localTime, @zone, @objectives, @revealTime, 'active', @nextRunAt, @createdBy, @now, @now)
         ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET
           local_time = excluded.local_time, zone = excluded.zone, objectives = excluded.objectives, reveal_time = excluded.reveal_time,
           status = 'active', pause_reason = NULL, next_run_at = excluded.next_run_at, last_error = NULL, last_error_at = NULL,
           created_by = excluded.created_by, updated_at = excluded.updated_at
         RETURNING *`,
      ),
      subByChannel: p('SELECT * FROM daily_subscriptions WHERE platform = ? AND workspace_id = ? AND channel_id = ?'),
      subById: p('SELECT * FROM daily_subscriptions WHERE id = ?'),
      subsOfWorkspace: p('SELECT * FROM daily_subscriptions WHERE platform = ? AND workspace_id = ? ORDER BY channel_id LIMIT ?'),
      setOff: p(`UPDATE daily_subscriptions SET status = 'off', next_run_at = NULL, updated_at = ? WHERE id = ?`),
      pause: p(`UPDATE daily_subscriptions SET status = 'paused', pause_reason = ?, next_run_at = NULL, last_error = ?, last_error_at = ?, updated_at = ? WHERE id = ? AND status = 'active'`),
      subError: p('UPDATE daily_subscriptions SET last_error = ?, last_error_at = ? WHERE id = ?'),
      subPosted: p('UPDATE daily_subscriptions SET last_post_at = ?, last_error = NULL, last_error_at = NULL WHERE id = ?'),
      setNextRun: p('UPDATE daily_subscriptions SET next_run_at = ? WHERE id = ?'),
      dueSubs: p(`SELECT * FROM daily_subscriptions WHERE status = 'active' AND next_run_at <= ? ORDER BY next_run_at, id`),
      insertClaim: p(
        `INSERT INTO daily_posts (subscription_id, kind, day, scheduled_at, state, owner, lease_until)
         VALUES (?, ?, ?, ?, 'claimed', ?, ?)
         ON CONFLICT (subscription_id, day) WHERE kind = 'scheduled' DO NOTHING RETURNING *`,
      ),
      hasClaim: p(`SELECT 1 FROM daily_posts WHERE subscription_id = ? AND day = ? AND kind = 'scheduled'`),
      retakeable: p(
        `SELECT * FROM daily_posts WHERE (state = 'retry' AND retry_at <= @now) OR (state = 'claimed' AND lease_until <= @now) ORDER BY id`,
      ),
      takeOver: p(`UPDATE daily_posts SET state = 'claimed', owner = ?, lease_until = ? WHERE id = ? AND state IN ('claimed', 'retry')`),
      staleSending: p(
        `UPDATE daily_posts SET state = 'failed', last_error = 'outcome unknown: the process stopped while posting'
         WHERE state = 'sending' AND lease_until <= ? RETURNING *`,
      ),
      setPrepared: p('UPDATE daily_posts SET question_id = ?, instance_id = ? WHERE id = ?'),
      markSending: p(`UPDATE daily_posts SET state = 'sending', lease_until = ? WHERE id = ? AND owner = ? AND state = 'claimed'`),
      markPosted: p(
        `UPDATE daily_posts SET state = 'posted', message_id = ?, posted_at = ?, reveal_at = ?, reveal_state = 'pending', attempts = attempts + 1, last_error = NULL, owner = NULL, lease_until = NULL WHERE id = ?`,
      ),
      markRetry: p(`UPDATE daily_posts SET state = 'retry', attempts = attempts + 1, retry_at = ?, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ?`),
      markFailed: p(`UPDATE daily_posts SET state = 'failed', attempts = attempts + 1, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ?`),
      giveUp: p(`UPDATE daily_posts SET state = 'failed', last_error = ?, owner = NULL, lease_until = NULL WHERE id = ?`),
      dueReveals: p(
        `SELECT * FROM daily_posts WHERE (reveal_state IN ('pending', 'retry') AND reveal_at <= @now) OR (reveal_state = 'revealing' AND lease_until <= @now) ORDER BY reveal_at, id`,
      ),
      takeReveal: p(
        `UPDATE daily_posts SET reveal_state = 'revealing', owner = ?, lease_until = ? WHERE id = ? AND (reveal_state IN ('pending', 'retry') OR (reveal_state = 'revealing' AND lease_until <= ?))`,
      ),
      markRevealed: p(`UPDATE daily_posts SET reveal_state = 'done', revealed_at = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?`),
      markRevealRetry: p(
        `UPDATE daily_posts SET reveal_state = 'retry', reveal_attempts = reveal_attempts + 1, reveal_at = ?, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?`,
      ),
      markRevealFailed: p(
        `UPDATE daily_posts SET reveal_state = 'failed', reveal_attempts = reveal_attempts + 1, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?`,
      ),
      postById: p('SELECT * FROM daily_posts WHERE id = ?'),
      postByInstance: p('SELECT * FROM daily_posts WHERE instance_id = ?'),
      lastPost: p(`SELECT * FROM daily_posts WHERE subscription_id = ? AND state = 'posted' ORDER BY posted_at DESC LIMIT 1`),
      lastAttempt: p('SELECT * FROM daily_posts WHERE subscription_id = ? ORDER BY id DESC LIMIT 1'),
      // Failed posts were never seen: their question is still fresh for the channel.
      served: p(`SELECT question_id AS questionId, count(*) AS n FROM daily_posts WHERE subscription_id = ? AND question_id IS NOT NULL AND state != 'failed' GROUP BY question_id`),
      // A user's daily-question days: the local date of each daily post they answered, with its zone.
      answeredDays: p(
        `SELECT DISTINCT p.day AS day, s.zone AS zone FROM answers a
         JOIN daily_posts p ON p.instance_id = a.instance_id
         JOIN daily_subscriptions s ON s.id = p.subscription_id
         WHERE a.user_ref = ? ORDER BY p.day`,
      ),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction (waits for another process's writer up to the busy timeout). `fn` must be synchronous. */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Creates or replaces the channel's subscription: active, pause reason and last error cleared. */
  upsert(input: SubscriptionInput): Subscription {
    return toSub(
      this.s.upsertSub.get({
        platform: input.platform,
        workspaceId: input.workspaceId,
        channelId: input.channelId,
        localTime: input.localTime,
        zone: input.zone,
        objectives: input.objectives.join(','),
        revealTime: input.revealTime,
        createdBy: input.createdBy,
        nextRunAt: input.nextRunAt,
        now: input.now,
      }) as SubRow,
    );
  }

  byChannel(platform: string, workspaceId: string, channelId: string): Subscription | undefined {
    const r = this.s.subByChannel.get(platform, workspaceId, channelId) as SubRow | undefined;
    return r && toSub(r);
  }

  byId(id: number): Subscription | undefined {
    const r = this.s.subById.get(id) as SubRow | undefined;
    return r && toSub(r);
  }

  /** Subscriptions of a workspace, by channel id, at most `limit`. */
  ofWorkspace(platform: string, workspaceId: string, limit: number): Subscription[] {
    return (this.s.subsOfWorkspace.all(platform, workspaceId, limit) as SubRow[]).map(toSub);
  }

  /** `daily off`: nothing more is posted; the row and its history stay. */
  turnOff(id: number, now: number): void {
    this.s.setOff.run(now, id);
  }

  /** Pauses an active subscription (channel gone / bot forbidden) with the reason; `set` clears it. */
  pause(id: number, reason: string, now: number): void {
    const r = cutError(reason);
    this.s.pause.run(r, r, now, now, id);
  }

  /** Remembers the last error of a subscription without pausing it (a transient failure). */
  noteError(id: number, error: string, now: number): void {
    this.s.subError.run(cutError(error), now, id);
  }

  setNextRun(id: number, nextRunAt: number): void {
    this.s.setNextRun.run(nextRunAt, id);
  }

  /** Active subscriptions whose next_run_at is at or before `now`. */
  due(now: number): Subscription[] {
    return (this.s.dueSubs.all(now) as SubRow[]).map(toSub);
  }

  /**
   * Claims a post: for a scheduled post the (subscription, day) pair is unique, so
   * a second claim of the same local date returns undefined and changes nothing.
   */
  claim(c: { subscriptionId: number; kind: 'scheduled' | 'manual'; day: string; scheduledAt: number; owner: string; leaseUntil: number }): DailyPost | undefined {
    const r = this.s.insertClaim.get(c.subscriptionId, c.kind, c.day, c.scheduledAt, c.owner, c.leaseUntil) as PostRow | undefined;
    return r && toPost(r);
  }

  /** True when the scheduled post of `day` was already claimed. */
  hasClaim(subscriptionId: number, day: string): boolean {
    return this.s.hasClaim.get(subscriptionId, day) !== undefined;
  }

  /** Posts another process may take: retries whose time has come, and claims whose owner's lease ran out before sending. */
  retakeable(now: number): DailyPost[] {
    return (this.s.retakeable.all({ now }) as PostRow[]).map(toPost);
  }

  /** Makes `owner` the holder of a claimed or retrying post. */
  takeOver(postId: number, owner: string, leaseUntil: number): boolean {
    return this.s.takeOver.run(owner, leaseUntil, postId).changes === 1;
  }

  /** Posts stuck in 'sending' after their lease: marked failed, never re-sent (at most once). */
  failStaleSending(now: number): DailyPost[] {
    return (this.s.staleSending.all(now) as PostRow[]).map(toPost);
  }

  /** The question and quiz instance chosen for a claimed post (kept when another process takes the claim over or a retry comes). */
  setPrepared(postId: number, questionId: string, instanceId: number): void {
    this.s.setPrepared.run(questionId, instanceId, postId);
  }

  /**
   * claimed → sending, only while `owner` still holds the claim: after this the post
   * is never sent again by anyone.
   * @returns false when another process took the claim over.
   */
  startSending(postId: number, owner: string, leaseUntil: number): boolean {
    return this.s.markSending.run(leaseUntil, postId, owner).changes === 1;
  }

  /** The post is out: its message id and when to reveal; the subscription's last post moves on. */
  posted(post: DailyPost, messageId: string, postedAt: number, revealAt: number): void {
    this.immediate(() => {
      this.s.markPosted.run(messageId, postedAt, revealAt, post.id);
      this.s.subPosted.run(postedAt, post.subscriptionId);
    });
  }

  /** A transient failure: try again at `retryAt`. */
  retryLater(post: DailyPost, retryAt: number, error: string, now: number): void {
    this.immediate(() => {
      this.s.markRetry.run(retryAt, cutError(error), post.id);
      this.s.subError.run(cutError(error), now, post.subscriptionId);
    });
  }

  /** The post will not be made; with `pauseReason` the subscription is paused too. */
  failed(post: DailyPost, error: string, now: number, pauseReason?: string): void {
    this.immediate(() => {
      this.s.markFailed.run(cutError(error), post.id);
      if (pauseReason) this.pause(post.subscriptionId, pauseReason, now);
      else this.s.subError.run(cutError(error), now, post.subscriptionId);
    });
  }

  /** Drops a pending retry or claim without counting an attempt (its day has passed). */
  giveUp(postId: number, error: string): void {
    this.s.giveUp.run(cutError(error), postId);
  }

  /** Posts whose reveal time has come (or whose revealing owner's lease ran out). */
  dueReveals(now: number): DailyPost[] {
    return (this.s.dueReveals.all({ now }) as PostRow[]).map(toPost);
  }

  /** Takes the reveal of a post for `owner` (one process reveals it). */
  takeReveal(postId: number, owner: string, leaseUntil: number, now: number): boolean {
    return this.s.takeReveal.run(owner, leaseUntil, postId, now).changes === 1;
  }

  revealed(postId: number, owner: string, now: number): void {
    this.s.markRevealed.run(now, postId, owner);
  }

  revealRetry(postId: number, owner: string, at: number, error: string): void {
    this.s.markRevealRetry.run(at, cutError(error), postId, owner);
  }

  revealFailed(post: DailyPost, owner: string, error: string, now: number, pauseReason?: string): void {
    this.immediate(() => {
      this.s.markRevealFailed.run(cutError(error), post.id, owner);
      if (pauseReason) this.pause(post.subscriptionId, pauseReason, now);
    });
  }

  post(id: number): DailyPost | undefined {
    const r = this.s.postById.get(id) as PostRow | undefined;
    return r && toPost(r);
  }

  /** The daily post of a quiz instance, if the instance is a daily question. */
  postOfInstance(instanceId: number): DailyPost | undefined {
    const r = this.s.postByInstance.get(instanceId) as PostRow | undefined;
    return r && toPost(r);
  }

  /** The latest post that went out, if any. */
  lastPosted(subscriptionId: number): DailyPost | undefined {
    const r = this.s.lastPost.get(subscriptionId) as PostRow | undefined;
    return r && toPost(r);
  }

  /** The latest post row of any state (the newest claim). */
  lastAttempt(subscriptionId: number): DailyPost | undefined {
    const r = this.s.lastAttempt.get(subscriptionId) as PostRow | undefined;
    return r && toPost(r);
  }

  /** How often each question was posted to this subscription's channel. */
  servedCounts(subscriptionId: number): Map<string, number> {
    const rows = this.s.served.all(subscriptionId) as { questionId: string; n: number }[];
    return new Map(rows.map((r) => [r.questionId, r.n]));
  }

  /** Local dates (ascending) on whose daily question `userRef` answered, with each subscription's zone. */
  answeredDays(userRef: number): { day: string; zone: string }[] {
    return this.s.answeredDays.all(userRef) as { day: string; zone: string }[];
  }
}
