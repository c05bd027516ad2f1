-- Indexes for the daily question found by its benchmark (1,000 channels due in the same minute):
-- a channel's posts (least-posted question, last post) without scanning every post, and the
-- answers of one question instance (the reveal counts them) without scanning every answer.
CREATE INDEX daily_posts_subscription ON daily_posts (subscription_id, state, posted_at);
CREATE INDEX answers_instance ON answers (instance_id);
