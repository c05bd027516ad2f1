/** Users and settings repository (tables users, user_settings, workspace_settings). */
import type { Db } from './open.js';
import type { UserRef } from '../core/model.js';

export class SettingsRepo {
  private readonly upsertUser;
  private readonly getUserStmt;
  private readonly getUserSetting;
  private readonly putUserSetting;
  private readonly getWsSetting;
  private readonly putWsSetting;
  private readonly getLangs;

  constructor(private readonly db: Db) {
    this.upsertUser = db.prepare(
      `INSERT INTO users (platform, workspace_id, user_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET display_name = coalesce(excluded.display_name, users.display_name)
       RETURNING id`,
    );
    this.getUserStmt = db.prepare('SELECT id FROM users WHERE platform = ? AND workspace_id = ? AND user_id = ?');
    this.getUserSetting = db.prepare('SELECT value FROM user_settings WHERE user_ref = ? AND key = ?');
    this.putUserSetting = db.prepare(
      'INSERT INTO user_settings (user_ref, key, value) VALUES (?, ?, ?) ON CONFLICT (user_ref, key) DO UPDATE SET value = excluded.value',
    );
    this.getWsSetting = db.prepare('SELECT value FROM workspace_settings WHERE platform = ? AND workspace_id = ? AND key = ?');
    this.putWsSetting = db.prepare(
      'INSERT INTO workspace_settings (platform, workspace_id, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (platform, workspace_id, key) DO UPDATE SET value = excluded.value',
    );
    // Every command needs both: one statement instead of three (user id, user setting, workspace setting).
    this.getLangs = db.prepare(
      `SELECT (SELECT s.value FROM users u JOIN user_settings s ON s.user_ref = u.id AND s.key = @key
               WHERE u.platform = @platform AND u.workspace_id = @workspace AND u.user_id = @user) AS user,
              (SELECT value FROM workspace_settings WHERE platform = @platform AND workspace_id = @workspace AND key = @key) AS workspace`,
    );
  }

  /**
   * The setting `key` of `user` and of the user's workspace, in one read; undefined where unset
   * (or the user was never seen).
   */
  userAndWorkspaceSetting(user: Pick<UserRef, 'platform' | 'workspaceId' | 'userId'>, key: string): { user: string | undefined; workspace: string | undefined } {
    const r = this.getLangs.get({ platform: user.platform, workspace: user.workspaceId, user: user.userId, key }) as { user: string | null; workspace: string | null };
    return { user: r.user ?? undefined, workspace: r.workspace ?? undefined };
  }

  /** The users.id row for `user`, created on first sight. `nowMs`: UTC ms. */
  ensureUser(user: UserRef, nowMs: number): number {
    const row = this.upsertUser.get(user.platform, user.workspaceId, user.userId, user.displayName ?? null, nowMs) as { id: number };
    return row.id;
  }

  /** The users.id row for `user`, or undefined if never seen. */
  findUser(user: Pick<UserRef, 'platform' | 'workspaceId' | 'userId'>): number | undefined {
    return (this.getUserStmt.get(user.platform, user.workspaceId, user.userId) as { id: number } | undefined)?.id;
  }

  userSetting(userRef: number, key: string): string | undefined {
    return (this.getUserSetting.get(userRef, key) as { value: string } | undefined)?.value;
  }

  setUserSetting(userRef: number, key: string, value: string): void {
    this.putUserSetting.run(userRef, key, value);
  }

  workspaceSetting(platform: string, workspaceId: string, key: string): string | undefined {
    return (this.getWsSetting.get(platform, workspaceId, key) as { value: string } | undefined)?.value;
  }

  setWorkspaceSetting(platform: string, workspaceId: string, key: string, value: string): void {
    this.putWsSetting.run(platform, workspaceId, key, value);
  }
}
