-- Users and settings. Times are INTEGER UTC milliseconds.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  platform      TEXT    NOT NULL,
  workspace_id  TEXT    NOT NULL,
  user_id       TEXT    NOT NULL,
  display_name  TEXT,
  created_at    INTEGER NOT NULL,
  UNIQUE (platform, workspace_id, user_id)
);

-- Per-user choices: language (ja|en), exam date (YYYY-MM-DD).
CREATE TABLE user_settings (
  user_ref   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key        TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  PRIMARY KEY (user_ref, key)
) WITHOUT ROWID;

-- Per-workspace (guild / Slack workspace / console) settings: lang, show_names, ...
CREATE TABLE workspace_settings (
  platform     TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  key          TEXT NOT NULL,
  value        TEXT NOT NULL,
  PRIMARY KEY (platform, workspace_id, key)
) WITHOUT ROWID;
