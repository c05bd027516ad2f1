/**
 * `daily now` beside the schedule, and reveal times that are refused. The app's zone
 * (VIRTBOT_TZ) is Asia/Tokyo, so `daily set time:06:26` means 06:26 JST = 21:26 UTC
 * of the day before.
 */
import { describe, expect, it } from 'vitest';
import { textOf } from '../helpers/app.js';
import { dailyApps } from './helpers.js';

const make = dailyApps();

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
