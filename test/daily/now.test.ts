/**
 * `daily now` beside the schedule, and reveal times that are refused. The app's zone
 * (VIRTBOT_TZ) is Asia/Tokyo, so `daily set time:06:26` means 06:26 JST = 21:26 UTC
 * of the day before.
 */
import { describe, expect, it } from 'vitest';
import { textOf } from '../helpers/app.js';
import { dailyApps, postedDays } from './helpers.js';

const make = dailyApps();

describe('daily now', () => {
  it('before the day\'s scheduled post: it is that day\'s post (the scheduled one is skipped), revealed one minute before the next day\'s post', async () => {
    const a = make();
    a.clock.set('2026-11-29T21:20:00Z'); // 2026-11-30 06:20 JST
    await a.chat('/virt daily set time:06:26');
    a.clock.set('2026-11-29T21:24:00Z'); // 06:24 JST
    const now = await a.chat('/virt daily now');
    // 06:26: nothing more that day.
    expect((await a.tick('2026-11-29T21:26:00Z')).posted).toBe(0);
    expect(postedDays(a.poster, 'general')).toEqual(['2026-11-30']);
    expect(a.poster.posts[0]!.message.title).toMatch(/今日の問題（2026-11-30）/);
    expect(a.poster.posts[0]!.message.fallback).toMatch(/答え合わせ: 2026-12-01 06:25 \(Asia\/Tokyo\)/);
    expect(textOf(now)).toMatch(/答え合わせ: 2026-12-01 06:25 \(Asia\/Tokyo\)/);
    expect(textOf(now)).toMatch(/次の出題: 2026-12-01 06:26 \(Asia\/Tokyo\)/);
    expect(textOf(await a.chat('/virt daily status'))).toMatch(/次の出題: 2026-12-01 06:26 \(Asia\/Tokyo\)/);

    // The next day: revealed at 06:25, the next post at 06:26, as for any scheduled post.
    expect((await a.tick('2026-11-30T21:24:00Z')).revealed).toBe(0);
    expect((await a.tick('2026-11-30T21:25:00Z')).revealed).toBe(1);
    expect((await a.tick('2026-11-30T21:26:00Z')).posted).toBe(1);
    expect(postedDays(a.poster, 'general')).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('hours before the slot: the reveal is still one minute before the next post made (the next day\'s)', async () => {
    const a = make();
    a.clock.set('2026-11-29T15:00:00Z'); // 2026-11-30 00:00 JST
    await a.chat('/virt daily set time:09:00');
    a.clock.set('2026-11-29T18:00:00Z'); // 03:00 JST
    await a.chat('/virt daily now');
    expect(a.poster.posts[0]!.message.fallback).toMatch(/答え合わせ: 2026-12-01 08:59 \(Asia\/Tokyo\)/);
    expect((await a.tick('2026-11-29T23:59:00Z')).revealed).toBe(0); // 11-30 08:59: not yet
    expect((await a.tick('2026-11-30T00:00:00Z')).posted).toBe(0); // 11-30 09:00: skipped
    expect((await a.tick('2026-11-30T23:59:00Z')).revealed).toBe(1);
  });

  it('after the day\'s scheduled post: an extra post, marked as such, open at least an hour', async () => {
    const a = make();
    a.clock.set('2026-11-29T21:20:00Z');
    await a.chat('/virt daily set time:06:26');
    expect((await a.tick('2026-11-29T21:26:00Z')).posted).toBe(1); // 11-30's post
    a.clock.set('2026-11-29T21:30:00Z'); // 06:30 JST
    const now = await a.chat('/virt daily now');
    expect(textOf(now)).toMatch(/追加の 1 問を投稿しました（今日の問題はもう出ています）/);
    const [scheduled, extra] = a.poster.postsTo('general');
    expect(scheduled!.message.title).toMatch(/今日の問題（2026-11-30）/);
    expect(scheduled!.message.title).not.toMatch(/追加/);
    expect(extra!.message.title).toMatch(/追加の問題（2026-11-30）/);
    expect(extra!.message.title).not.toMatch(/今日の問題/);
    expect(extra!.message.fallback).toMatch(/答え合わせ: 2026-12-01 06:25 \(Asia\/Tokyo\)/);
    // The schedule is not moved by an extra post.
    expect((await a.tick('2026-11-30T21:25:00Z')).revealed).toBe(2);
    expect((await a.tick('2026-11-30T21:26:00Z')).posted).toBe(1);
  });
});

describe('daily now when the daily question is off', () => {
  it('is an extra post and says the daily question is off, not that today\'s is out', async () => {
    const a = make();
    a.clock.set('2026-11-29T21:20:00Z');
    await a.chat('/virt daily set time:23:59');
    await a.chat('/virt daily off');
    const now = textOf(await a.chat('/virt daily now'));
    expect(now).toMatch(/追加の 1 問を投稿しました（毎日の問題は停止中です）/);
    expect(now).not.toMatch(/もう出ています/);
  });
});

describe('daily set: reveal time', () => {
  it('a reveal time equal to the post time is refused (ja and en), and nothing is stored', async () => {
    const a = make();
    expect(textOf(await a.chat('/virt daily set time:06:22 reveal:06:22'))).toMatch(/答え合わせの時刻（reveal）は出題時刻（time）と同じにはできません/);
    expect(textOf(await a.chat('/virt daily set time:6:22 reveal:０６：２２'))).toMatch(/reveal/);
    await a.chat(':locale en');
    expect(textOf(await a.chat('/virt daily set time:06:22 reveal:06:22'))).toMatch(/The reveal time cannot be the same as the post time/);
    expect(a.services.daily.subscriptions('console', 'console')).toHaveLength(0);
    // A minute apart is a valid choice.
    expect(textOf(await a.chat('/virt daily set time:06:22 reveal:06:23'))).toMatch(/Reveal: 06:23/);
  });
});
