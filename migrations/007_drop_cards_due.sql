-- cards_due (user_ref, due) cost every answer one or two more pages in its commit (due
-- changes on every review, so its entry moves). A user holds at most one card per
-- question of the bank (a few hundred), so the due queries read the user's cards by
-- the primary key (user_ref, question_id) and sort them: tens of microseconds, measured
-- by `npm run bench review`.
DROP INDEX cards_due;
