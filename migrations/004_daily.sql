-- Daily question: one subscription per channel, and one post row per subscription and
-- local date (the claim), so a scheduled post happens at most once whichever process
-- or restart gets there first. Times are INTEGER UTC milliseconds.

CREATE TABLE daily_subscriptions (
  id            INTEGER PRIMARY KEY,
  platform      TEXT    NOT NULL,
  workspace_id  TEXT    NOT NULL,
  channel_id    TEXT    NOT NULL,
  local_time    TEXT    NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),  -- 'HH:MM' wall clock in zone
  zone          TEXT    NOT NULL,                                                 -- IANA name
  objectives    TEXT    NOT NULL DEFAULT '',                                      -- '330.2,330.3'; '' = all
  reveal_time   TEXT    CHECK (reveal_time GLOB '[0-2][0-9]:[0-5][0-9]'),         -- NULL: just before the next post
  status        TEXT    NOT NULL CHECK (status IN ('active', 'paused', 'off')),
  pause_reason  TEXT,                                                             -- why paused (gone / forbidden)
  next_run_at   INTEGER,                                                          -- next slot; NULL unless active
  last_post_at  INTEGER,
  last_error    TEXT,
  last_error_at INTEGER,
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,                  -- the admin who last set it
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (platform, workspace_id, channel_id)
);

-- The tick's query: active subscriptions whose slot has come.
CREATE INDEX daily_subscriptions_due ON daily_subscriptions (next_run_at) WHERE status = 'active';

-- One daily question post. state: claimed (ours, not yet sent; owner holds a lease),
-- sending (handed to the platform: never sent again, so a crash here loses the post
-- rather than doubling it), posted, retry (transient failure, again at retry_at),
-- failed (gone / forbidden / gave up).
CREATE TABLE daily_posts (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES daily_subscriptions(id),
  kind            TEXT    NOT NULL CHECK (kind IN ('scheduled', 'manual')),       -- manual: /virt daily now
  day             TEXT    NOT NULL,          -- local date in the subscription's zone ('YYYY-MM-DD'): the claim key and the streak day
  scheduled_at    INTEGER NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('claimed', 'sending', 'posted', 'retry', 'failed')),
  owner           TEXT,                      -- process that holds the claim
  lease_until     INTEGER,                   -- after this another process may take a 'claimed' row over
  attempts        INTEGER NOT NULL DEFAULT 0,
  retry_at        INTEGER,
  question_id     TEXT,
  instance_id     INTEGER REFERENCES quiz_instances(id) ON DELETE SET NULL,
  message_id      TEXT,
  posted_at       INTEGER,
  reveal_at       INTEGER,                   -- when to reveal (moved on by a reveal retry)
  reveal_state    TEXT    CHECK (reveal_state IN ('pending', 'revealing', 'retry', 'done', 'failed')),
  reveal_attempts INTEGER NOT NULL DEFAULT 0,
  revealed_at     INTEGER,
  last_error      TEXT
);

-- At most one scheduled post per subscription and local date (manual posts are extra).
CREATE UNIQUE INDEX daily_posts_claim ON daily_posts (subscription_id, day) WHERE kind = 'scheduled';
CREATE INDEX daily_posts_work ON daily_posts (state, retry_at);
CREATE INDEX daily_posts_reveal ON daily_posts (reveal_state, reveal_at);
-- Daily streaks join answers to the post of their instance.
CREATE INDEX daily_posts_instance ON daily_posts (instance_id);
