/** Answers to the daily question, the reveal, and daily streaks. */
import { afterEach, describe, expect, it } from 'vitest';
import { DailyRepo } from '../../src/db/daily.js';
import { TestClock } from '../helpers/app.js';
import { keyOf, instanceIdOf } from '../quiz/helpers.js';
import { answerLine, dailyApps, type DailyTestApp } from './helpers.js';

const make = dailyApps();

const controls = (m: { blocks: { type: string }[] }) => m.blocks.filter((b) => b.type === 'buttons' || b.type === 'select' || b.type === 'input');

async function as(a: DailyTestApp, user: string, line: string) {
  await a.chat(`:user ${user}`);
  return a.chat(line);
}

describe('answers and the reveal', () => {
  it('answers count like quiz answers, one per user; the reveal edits the post with the results; later answers are refused', async () => {
    const a = make();
    a.subscribe('general', { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: '18:00' });
    await a.tick('2026-11-30T00:00:00Z');
    const post = a.poster.posts[0]!;
    a.clock.set('2026-11-30T01:00:00Z');
    const r1 = await as(a, 'alice', answerLine(a.db, post.message, true));
    expect(r1[0]!.visibility).toBe('private');
    expect(r1[0]!.message.title).toMatch(/正解/);
    await as(a, 'bob', answerLine(a.db, post.message, false));
    await as(a, 'carol', answerLine(a.db, post.message, true));
    // A second answer by the same user changes nothing.
    const again = await as(a, 'bob', answerLine(a.db, post.message, true));
    expect(again[0]!.message.fallback).toMatch(/回答済み/);

    // At 18:00 the answer is closed even before the reveal runs.
    a.clock.set('2026-11-30T09:00:00Z');
    const early = await as(a, 'dave', answerLine(a.db, post.message, true));
    expect(early[0]!.message.title).toMatch(/締め切られました/);

    expect((await a.tick('2026-11-30T09:00:00Z')).revealed).toBe(1);
    expect(a.poster.edits).toHaveLength(1);
    const reveal = a.poster.edits[0]!;
    expect(reveal.messageId).toBe(post.messageId);
    expect(reveal.message.title).toMatch(/答え合わせ/);
    expect(controls(reveal.message)).toHaveLength(0);
    expect(reveal.message.fallback).toMatch(/2 \/ 3 人（67%）/);
    const key = keyOf(a.db, instanceIdOf([{ visibility: 'public', message: post.message }]));
    if (key.question.kind !== 'typed') {
      // The share of each choice: the right one(s) were picked by alice and carol at least.
      for (const letter of key.right) expect(reveal.message.fallback).toMatch(new RegExp(`✅ ${letter}\\. .* — [2-3] \\(\\d+%\\)`));
    } else {
      expect(reveal.message.fallback).toMatch(/よくあった答え/);
    }
    // Names are off by default.
    expect(reveal.message.fallback).not.toMatch(/alice/);

    // After the reveal: a click gets a private "closed, the answer was ...", nothing recorded.
    a.clock.set('2026-11-30T10:00:00Z');
    const late = await as(a, 'erin', answerLine(a.db, post.message, true));
    expect(late[0]!.visibility).toBe('private');
    expect(late[0]!.message.title).toMatch(/締め切られました/);
    expect(late[0]!.message.fallback).toMatch(/正解/);
    const board = await as(a, 'alice', '/virt leaderboard');
    expect(board[0]!.message.fallback).toMatch(/alice/);
    expect(board[0]!.message.fallback).not.toMatch(/erin|dave/);
    // The reveal happens once.
    expect((await a.tick('2026-11-30T10:00:00Z')).revealed).toBe(0);
  });

  it('names of who answered right only with config show-names on (admins only)', async () => {
    const a = make();
    a.subscribe('general', { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: '12:00' });
    await a.chat(':admin off');
    expect((await a.chat('/virt config show-names on'))[0]!.message.fallback).toMatch(/管理者/);
    await a.chat(':admin on');
    expect((await a.chat('/virt config show-names on'))[0]!.message.fallback).toMatch(/名前を表示/);
    await a.tick('2026-11-30T00:00:00Z');
    const post = a.poster.posts[0]!;
    await as(a, 'alice', answerLine(a.db, post.message, true));
    await as(a, 'bob', answerLine(a.db, post.message, false));
    await a.tick('2026-11-30T03:00:00Z');
    const text = a.poster.edits[0]!.message.fallback;
    expect(text).toMatch(/🎉 alice/);
    expect(text).not.toMatch(/bob/);
  });

  it('default reveal: one minute before the next post', async () => {
    const a = make();
    a.subscribe('general', { localTime: '09:00', zone: 'Asia/Tokyo' });
    await a.tick('2026-11-30T00:00:00Z');
    expect((await a.tick('2026-11-30T23:58:00Z')).revealed).toBe(0);
    expect((await a.tick('2026-11-30T23:59:00Z')).revealed).toBe(1);
    expect((await a.tick('2026-12-01T00:00:00Z')).posted).toBe(1);
  });

  it('a deleted post is revealed as a follow-up; a forbidden channel pauses', async () => {
    const a = make();
    a.subscribe('deleted', { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: '12:00' });
    a.subscribe('locked', { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: '12:00' });
    await a.tick('2026-11-30T00:00:00Z');
    a.poster.editScript.set('deleted', [{ status: 'gone', reason: 'Unknown Message' }]);
    a.poster.editScript.set('locked', [{ status: 'forbidden', reason: 'Missing Access' }]);
    a.poster.always('locked', { status: 'forbidden', reason: 'Missing Access' });
    const s = await a.tick('2026-11-30T03:00:00Z');
    expect(s).toMatchObject({ revealed: 1, paused: 1 });
    expect(a.poster.postsTo('deleted')).toHaveLength(2);
    expect(a.poster.postsTo('deleted')[1]!.message.title).toMatch(/答え合わせ/);
    const repo = new DailyRepo(a.db);
    expect(repo.byChannel('console', 'console', 'locked')!.status).toBe('paused');
    expect(repo.byChannel('console', 'console', 'deleted')!.status).toBe('active');
  });

  it('a transient reveal failure is retried later', async () => {
    const a = make();
    a.subscribe('general', { localTime: '09:00', zone: 'Asia/Tokyo', revealTime: '12:00' });
    await a.tick('2026-11-30T00:00:00Z');
    a.poster.editScript.set('general', [{ status: 'transient', reason: '429' }]);
    expect((await a.tick('2026-11-30T03:00:00Z')).retrying).toBe(1);
    expect((await a.tick('2026-11-30T03:00:30Z')).revealed).toBe(0);
    expect((await a.tick('2026-11-30T03:01:00Z')).revealed).toBe(1);
    expect(a.poster.edits).toHaveLength(1);
  });
});

describe('daily streak', () => {
  it('counts the local dates of the daily questions answered, across local midnight', async () => {
    const clock = new TestClock(new Date('2026-11-30T00:00:00Z'));
    const a = make({ clock });
    // 23:50 in Tokyo (14:50 UTC): answering after midnight still counts for the question's day.
    a.subscribe('general', { localTime: '23:50', zone: 'Asia/Tokyo' });
    await a.tick('2026-11-30T14:50:00Z');
    a.clock.set('2026-11-30T15:05:00Z'); // 12-01 00:05 in Tokyo
    await as(a, 'alice', answerLine(a.db, a.poster.posts[0]!.message, false));
    await a.tick('2026-12-01T14:50:00Z');
    a.clock.set('2026-12-01T14:55:00Z'); // 12-01 23:55 in Tokyo
    await as(a, 'alice', answerLine(a.db, a.poster.posts[1]!.message, true));

    const ref = a.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'alice' })!;
    a.clock.set('2026-12-02T01:00:00Z'); // 12-02 10:00 Tokyo, today's question not out yet
    expect(a.services.daily.dailyStreak(ref)).toEqual({ current: 2, longest: 2 });
    const progress = await as(a, 'alice', '/virt progress');
    expect(progress[0]!.message.fallback).toMatch(/毎日の問題の連続日数: 現在 2 日 · 最長 2 日/);
    // A user who never answered a daily question has no daily streak.
    await as(a, 'bob', '/virt quiz');
    const bob = a.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'bob' })!;
    expect(a.services.daily.dailyStreak(bob)).toEqual({ current: 0, longest: 0 });

    // Skipping 12-02's question breaks it on 12-03.
    await a.tick('2026-12-02T14:50:00Z');
    a.clock.set('2026-12-03T15:10:00Z');
    expect(a.services.daily.dailyStreak(ref)).toEqual({ current: 0, longest: 2 });
  });

  it('a quiz answer does not count for the daily streak', async () => {
    const a = make();
    await as(a, 'alice', '/virt quiz');
    const ref = a.services.settings.findUser({ platform: 'console', workspaceId: 'console', userId: 'alice' })!;
    expect(a.services.daily.dailyStreak(ref).longest).toBe(0);
  });
});
