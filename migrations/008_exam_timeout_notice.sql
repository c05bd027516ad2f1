-- When an active mock exam's time runs out, the bot scores it and sends its user the
-- results privately (src/core/exam/timeouts.ts). timeout_notified is set by whichever
-- process claims the exam first, so the user hears it once.
ALTER TABLE exams ADD COLUMN timeout_notified INTEGER NOT NULL DEFAULT 0;
-- The language the exam was started in ('ja' | 'en'): the notice comes in it, since the
-- platform's locale of the user is only known while they interact. NULL for older exams.
ALTER TABLE exams ADD COLUMN lang TEXT;
CREATE INDEX exams_active_ends ON exams (ends_at) WHERE status = 'active';
