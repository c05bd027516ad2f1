-- Leaderboard rows clustered by user, one row per (user, board, objective) with the
-- current week and month as columns. An answer then updates 4 adjacent rows (server and
-- channel board x all objectives and its own) instead of 12 rows spread over the table
-- and a points index: about 5 pages per commit instead of ~28, which is what the
-- answers-per-second benchmark pays for with synchronous=FULL. Reads scan one board
-- (its users) through board_scores_board; that index never changes on an update.
-- user_days keeps only the days (streaks need nothing else), so only a user's first
-- answer of a local day writes to it.
DROP INDEX board_scores_rank;
DROP TABLE board_scores;

CREATE TABLE board_scores (
  user_ref       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  board          TEXT    NOT NULL,   -- 'platform:workspace' (server) or 'platform:workspace#channel'
  objective      TEXT    NOT NULL,   -- '*' or '330.2'
  -- All time. points = correct first answers; last_at = when points last grew (UTC ms; earlier wins a tie).
  points         INTEGER NOT NULL DEFAULT 0,
  answered       INTEGER NOT NULL DEFAULT 0,
  last_at        INTEGER NOT NULL DEFAULT 0,
  -- The latest local week (its Monday, 'YYYY-MM-DD' in VIRTBOT_TZ) with an answer, and its counts.
  week           TEXT,
  week_points    INTEGER NOT NULL DEFAULT 0,
  week_answered  INTEGER NOT NULL DEFAULT 0,
  week_last_at   INTEGER NOT NULL DEFAULT 0,
  -- The latest local month ('YYYY-MM') with an answer, and its counts.
  month          TEXT,
  month_points   INTEGER NOT NULL DEFAULT 0,
  month_answered INTEGER NOT NULL DEFAULT 0,
  month_last_at  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_ref, board, objective)
) WITHOUT ROWID;

CREATE INDEX board_scores_board ON board_scores (board, objective, user_ref);

-- All-time rows from the answers so far (local weeks and months need VIRTBOT_TZ, which
-- SQL does not know: they start with the next answer).
INSERT INTO board_scores (user_ref, board, objective, points, answered, last_at)
WITH keyed AS (
  SELECT a.user_ref, a.objective, a.correct, a.answered_at,
         i.platform || ':' || i.workspace_id AS server,
         i.platform || ':' || i.workspace_id || '#' || i.channel_id AS channel
  FROM answers a JOIN quiz_instances i ON i.id = a.instance_id
), expanded AS (
  SELECT user_ref, server AS board, '*' AS objective, correct, answered_at FROM keyed
  UNION ALL SELECT user_ref, server, objective, correct, answered_at FROM keyed
  UNION ALL SELECT user_ref, channel, '*', correct, answered_at FROM keyed
  UNION ALL SELECT user_ref, channel, objective, correct, answered_at FROM keyed
)
SELECT user_ref, board, objective, sum(correct), count(*), coalesce(max(CASE WHEN correct = 1 THEN answered_at END), 0)
FROM expanded GROUP BY user_ref, board, objective;

CREATE TABLE user_days_new (
  user_ref  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day       TEXT    NOT NULL,   -- 'YYYY-MM-DD' in VIRTBOT_TZ at answer time
  PRIMARY KEY (user_ref, day)
) WITHOUT ROWID;
INSERT INTO user_days_new (user_ref, day) SELECT user_ref, day FROM user_days;
DROP TABLE user_days;
ALTER TABLE user_days_new RENAME TO user_days;
