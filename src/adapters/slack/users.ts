/**
 * Who a Slack user is, for the Incoming: admin (workspace admin/owner via users.info,
 * or listed in SLACK_ADMIN_USERS), locale and display name. users.info answers are
 * cached for a few minutes so a busy channel does not cost one Web API call per click.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

/** What the adapter needs to know about a user. */
export interface SlackUserInfo {
  isAdmin: boolean;
  /** users.info `locale` (e.g. 'ja-JP'), when Slack gives it. */
  locale?: string;
  displayName?: string;
}

/** How long a users.info answer is reused (ms); admin rights can change, so keep it short. */
export const USER_CACHE_TTL_MS = 5 * 60_000;
/** How long a failed users.info (missing scope, network) is not retried for that user (ms). */
export const USER_FAILURE_TTL_MS = 60_000;
/** Entries kept at most; the oldest go first. */
export const USER_CACHE_MAX = 10_000;

interface Entry {
  expires: number;
  info: Promise<SlackUserInfo>;
}

type UsersInfoUser = { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; locale?: string; real_name?: string; name?: string; profile?: { display_name?: string } };

export class SlackUsers {
  private readonly cache = new Map<string, Entry>();
  private readonly admins: ReadonlySet<string>;

  constructor(
    private readonly client: webApi.WebClient,
    adminIds: readonly string[],
    private readonly log: Logger,
    /** Wall clock for cache expiry only (ms). */
    private readonly now: () => number = Date.now,
  ) {
    this.admins = new Set(adminIds);
  }

  /** Looks the user up (cached); never throws: on failure only SLACK_ADMIN_USERS decides admin. */
  get(teamId: string, userId: string): Promise<SlackUserInfo> {
    const key = `${teamId}/${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) return hit.info;
    const entry: Entry = { expires: this.now() + USER_CACHE_TTL_MS, info: this.fetch(userId, () => (entry.expires = this.now() + USER_FAILURE_TTL_MS)) };
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > USER_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    return entry.info;
  }

  private async fetch(userId: string, failed: () => void): Promise<SlackUserInfo> {
    const listed = this.admins.has(userId);
    try {
      const r = await this.client.users.info({ user: userId, include_locale: true });
      const u = (r.user ?? {}) as UsersInfoUser;
      const displayName = u.profile?.display_name || u.real_name || u.name;
      return {
        isAdmin: listed || !!(u.is_admin || u.is_owner || u.is_primary_owner),
        ...(u.locale ? { locale: u.locale } : {}),
        ...(displayName ? { displayName } : {}),
      };
    } catch (e) {
      failed();
      this.log.warn({ err: e, userId }, 'slack users.info failed; admin only via SLACK_ADMIN_USERS, no locale');
      return { isAdmin: listed };
    }
  }
}
