-- Spaced repetition (FSRS cards) and the mock exam. Times are INTEGER UTC milliseconds.

-- One card per (user, question), scheduled by ts-fsrs (src/core/review/fsrs.ts). Every first
-- answer to a question instance (quiz, daily, review, exam) reviews the card: wrong = Again,
-- right = Good. Columns are ts-fsrs's Card fields; elapsed_days (deprecated) is derived.
CREATE TABLE cards (
  user_ref       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id    TEXT    NOT NULL,
  objective      TEXT    NOT NULL,
  due            INTEGER NOT NULL,
  stability      REAL    NOT NULL,
  difficulty     REAL    NOT NULL,
  scheduled_days INTEGER NOT NULL DEFAULT 0,
  learning_steps INTEGER NOT NULL DEFAULT 0,
  reps           INTEGER NOT NULL DEFAULT 0,
  lapses         INTEGER NOT NULL DEFAULT 0,
  state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3), -- ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning
  last_review    INTEGER,
  PRIMARY KEY (user_ref, question_id)
) WITHOUT ROWID;

-- `/virt review`: the user's due cards, earliest first; due-today/tomorrow counts are range reads.
CREATE INDEX cards_due ON cards (user_ref, due);

-- A mock exam: N questions in M minutes, one active exam per user.
CREATE TABLE exams (
  id            INTEGER PRIMARY KEY,
  user_ref      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  platform      TEXT    NOT NULL,
  workspace_id  TEXT    NOT NULL,
  channel_id    TEXT    NOT NULL,
  total         INTEGER NOT NULL CHECK (total >= 1),
  minutes       INTEGER NOT NULL CHECK (minutes >= 1),
  started_at    INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL,                -- answers at or after this instant are not counted
  current_seq   INTEGER NOT NULL DEFAULT 1,      -- the question shown last (resume point)
  status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'abandoned')),
  finished_at   INTEGER
);
CREATE UNIQUE INDEX exams_one_active ON exams (user_ref) WHERE status = 'active';

-- The exam's questions, sampled at the start. The quiz instance is created when the
-- question is first shown; its answer (table answers) is the exam answer.
CREATE TABLE exam_items (
  exam_id      INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,                 -- 1-based
  question_id  TEXT    NOT NULL,
  objective    TEXT    NOT NULL,
  instance_id  INTEGER UNIQUE REFERENCES quiz_instances(id) ON DELETE SET NULL,
  PRIMARY KEY (exam_id, seq)
) WITHOUT ROWID;
