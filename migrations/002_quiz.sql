-- Quiz: runs, question instances, answers (appended facts) and the aggregates the
-- leaderboard and progress read. Aggregates are written in the same transaction as
-- the answer (src/db/answers.ts), so they always agree with the answers table.
-- Times are INTEGER UTC milliseconds; local days are 'YYYY-MM-DD' in VIRTBOT_TZ.

-- A run of N questions asked for by one user (`/virt quiz 330.2 5`; N = 1 for a single question).
CREATE TABLE quiz_runs (
  id           INTEGER PRIMARY KEY,
  user_ref     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  objective    TEXT,                          -- NULL: all objectives, weighted toward weak ones
  total        INTEGER NOT NULL CHECK (total >= 1),
  created_at   INTEGER NOT NULL
);

-- One posted question. Everything needed to check an answer after a restart lives here.
CREATE TABLE quiz_instances (
  id           INTEGER PRIMARY KEY,
  platform     TEXT    NOT NULL,
  workspace_id TEXT    NOT NULL,
  channel_id   TEXT    NOT NULL,
  question_id  TEXT    NOT NULL,
  choice_order TEXT    NOT NULL DEFAULT '',   -- original choice indexes in display order, '2,0,3,1'; '' for typed
  source       TEXT    NOT NULL CHECK (source IN ('quiz', 'daily', 'review', 'exam')),
  run_id       INTEGER REFERENCES quiz_runs(id) ON DELETE SET NULL,
  seq          INTEGER,                        -- position in the run, 1-based
  visibility   TEXT    NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  message_id   TEXT,                           -- the posted message, when the platform tells us
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  closes_at    INTEGER,                        -- NULL: open until closed
  closed       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, seq)
);

-- Answers: facts, appended. The first answer of a user to an instance counts; the
-- UNIQUE constraint refuses a second one, even from another process.
CREATE TABLE answers (
  id           INTEGER PRIMARY KEY,
  user_ref     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  instance_id  INTEGER NOT NULL REFERENCES quiz_instances(id) ON DELETE CASCADE,
  question_id  TEXT    NOT NULL,
  objective    TEXT    NOT NULL,
  correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
  chosen       TEXT,                           -- original choice indexes, '0,3' (choice questions)
  typed        TEXT,                           -- the text as typed (typed questions)
  answered_at  INTEGER NOT NULL,
  UNIQUE (user_ref, instance_id)
);

-- Per user and question: how often served (selection: least served first, so no repeat
-- until the pool is used up), answered, and whether the last answer was right (mastery).
CREATE TABLE user_questions (
  user_ref     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id  TEXT    NOT NULL,
  objective    TEXT    NOT NULL,
  served       INTEGER NOT NULL DEFAULT 0,
  answered     INTEGER NOT NULL DEFAULT 0,
  correct      INTEGER NOT NULL DEFAULT 0,
  last_correct INTEGER,                        -- NULL: never answered
  last_at      INTEGER,
  PRIMARY KEY (user_ref, question_id)
) WITHOUT ROWID;

-- Local days with at least one answer (streaks), with that day's counts.
CREATE TABLE user_days (
  user_ref     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day          TEXT    NOT NULL,              -- 'YYYY-MM-DD' in VIRTBOT_TZ at answer time
  answered     INTEGER NOT NULL,
  correct      INTEGER NOT NULL,
  PRIMARY KEY (user_ref, day)
) WITHOUT ROWID;

-- Leaderboard rows: one per (board, period, objective, user). board: 'platform:workspace'
-- (server) or 'platform:workspace#channel'; period: 'all', 'm2026-11' (local month),
-- 'w2026-11-30' (local week, starting Monday); objective: '*' or '330.2'.
-- points = correct first answers; last_at = when the points last grew (earlier wins a tie).
CREATE TABLE board_scores (
  board        TEXT    NOT NULL,
  period       TEXT    NOT NULL,
  objective    TEXT    NOT NULL,
  user_ref     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  points       INTEGER NOT NULL,
  answered     INTEGER NOT NULL,
  last_at      INTEGER NOT NULL,
  PRIMARY KEY (board, period, objective, user_ref)
) WITHOUT ROWID;

-- Top N is an index range read; a rank is a count over the rows above.
CREATE INDEX board_scores_rank ON board_scores (board, period, objective, points DESC, last_at, user_ref);
