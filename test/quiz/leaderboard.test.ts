/** Leaderboards through the console: points, shared ranks, stable order, periods in VIRTBOT_TZ, scopes, objectives, the caller's row. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../src/content/schema.js';
import { rankRows } from '../../src/core/leaderboard/service.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { keyOf, seeded } from './helpers.js';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

function make(timeZone = 'Asia/Tokyo', start = '2026-12-02T03:00:00Z'): TestApp {
  app = testApp({ defaultLang: 'en', timeZone, rng: seeded(7) });
  app.clock.set(start);
  return app;
}

const singles = (objective?: string): Question[] => app!.services.content.questions.filter((q) => q.kind === 'single' && (!objective || q.objective === objective));

/** `user` answers `right` questions correctly and `wrong` ones wrongly in `channel` (1 s apart). */
async function score(user: string, right: number, wrong = 0, opts: { channel?: string; objective?: string } = {}): Promise<void> {
  const a = app!;
  await a.chat(`:user ${user}`);
  await a.chat(`:channel ${opts.channel ?? 'general'}`);
  const pool = singles(opts.objective);
  for (let i = 0; i < right + wrong; i++) {
    const q = pool[i % pool.length]!;
    const { instance } = a.services.quiz.postQuestion(q, { platform: 'console', workspaceId: 'console', channelId: opts.channel ?? 'general' }, 'quiz', 'en');
    const key = keyOf(a.db, instance.id);
    const r = await a.chat(`click quiz.a:${instance.id}:${i < right ? key.right[0] : key.wrong[0]}`);
    expect(r[0]!.message.title).toMatch(i < right ? /Correct/ : /Wrong/);
    a.clock.advance(1000);
  }
}

function rows(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*(▶ )?\s*\d+\. /.test(l));
}

describe('/virt leaderboard', () => {
  it('ranks the tie example 10,10,8,8,5 as 1,1,3,3,5, earlier first inside a rank', async () => {
    make();
    await score('alice', 10);
    await score('bob', 10, 3);
    await score('carol', 8);
    await score('dave', 8, 1);
    await score('erin', 5);
    await app!.chat(':user alice');
    const r = await app!.chat('/virt leaderboard all');
    expect(r[0]!.visibility).toBe('public');
    const lines = rows(textOf(r));
    expect(lines.map((l) => l.replace(/^▶ /, '').trim().split('.')[0])).toEqual(['1', '1', '3', '3', '5']);
    expect(lines.map((l) => /\d+\. (\w+)/.exec(l)![1])).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(lines[1]).toContain('10 pts (13 answered)');
  });

  it('rankRows gives competition ranks', () => {
    expect(rankRows([10, 10, 8, 8, 5].map((points) => ({ points }))).map((r) => r.rank)).toEqual([1, 1, 3, 3, 5]);
    expect(rankRows([3, 3, 3].map((points) => ({ points }))).map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it('shows the top 10 plus the caller\'s own row', async () => {
    make();
    for (let i = 0; i < 11; i++) await score(`u${String(i).padStart(2, '0')}`, 12 - i);
    await score('me', 1);
    const r = await app!.chat('/virt leaderboard week');
    const lines = rows(textOf(r));
    expect(lines).toHaveLength(11);
    expect(lines[10]).toMatch(/▶ 12\. me — 1 pt \(/);
    expect(textOf(r)).toContain('…');
    expect(textOf(r)).toContain('12 taking part');
  });

  it('a caller with no answers sees that, not a rank', async () => {
    make();
    await score('alice', 2);
    await app!.chat(':user stranger');
    expect(textOf(await app!.chat('/virt leaderboard'))).toContain('You: no answers in this period yet');
    // All time has no "period" to speak of.
    const all = textOf(await app!.chat('/virt leaderboard all'));
    expect(all).toContain('You: no answers yet');
    expect(all).not.toContain('this period');
  });

  it('weeks start Monday 00:00 in Asia/Tokyo (Sunday 23:30 JST is last week, Monday 00:30 JST is this week)', async () => {
    make('Asia/Tokyo', '2026-11-29T14:30:00Z'); // Sunday 23:30 JST, Sunday 14:30 UTC
    await score('sunday', 3);
    app!.clock.set('2026-11-29T15:30:00Z'); // Monday 00:30 JST, still Sunday in UTC
    await score('monday', 1);
    const week = textOf(await app!.chat('/virt leaderboard week'));
    expect(week).toContain('since 2026-11-30');
    expect(week).toContain('monday');
    expect(week).not.toContain('sunday');
    expect(textOf(await app!.chat('/virt leaderboard all'))).toContain('sunday');
  });

  it('in UTC the same two answers fall in one week', async () => {
    make('UTC', '2026-11-29T14:30:00Z');
    await score('sunday', 3);
    app!.clock.set('2026-11-29T15:30:00Z');
    await score('monday', 1);
    const week = textOf(await app!.chat('/virt leaderboard week'));
    expect(week).toContain('since 2026-11-23');
    expect(week).toContain('sunday');
  });

  it('months: last month\'s points are not on this month\'s board', async () => {
    make('Asia/Tokyo', '2026-11-30T14:00:00Z'); // 23:00 JST 30 Nov
    await score('november', 4);
    app!.clock.set('2026-11-30T15:30:00Z'); // 00:30 JST 1 Dec
    await score('december', 1);
    const month = textOf(await app!.chat('/virt leaderboard month'));
    expect(month).toContain('since 2026-12');
    expect(month).not.toContain('november');
  });

  it('channel scope counts only that channel; server scope counts all', async () => {
    make();
    await score('here', 2, 0, { channel: 'study' });
    await score('there', 5, 0, { channel: 'random' });
    await app!.chat(':channel study');
    const channel = textOf(await app!.chat('/virt leaderboard all channel'));
    expect(channel).toContain('here');
    expect(channel).not.toContain('there');
    const server = textOf(await app!.chat('/virt leaderboard all server'));
    expect(rows(server).map((l) => /\d+\. (\w+)/.exec(l)![1])).toEqual(['there', 'here']);
  });

  it('per-objective boards: /virt leaderboard objective:330.2', async () => {
    make();
    await score('xenfan', 3, 0, { objective: '330.2' });
    await score('kvmfan', 5, 0, { objective: '330.3' });
    const r = textOf(await app!.chat('/virt leaderboard objective:330.2'));
    expect(r).toContain('330.2');
    expect(r).toContain('xenfan — 3 pts');
    expect(r).not.toContain('kvmfan');
  });

  it('documents the points rule in its help', async () => {
    make();
    const help = textOf(await app!.chat('/virt help leaderboard'));
    expect(help).toContain('Points = correct first answers');
    expect(help).toContain('1,1,3,3,5');
    expect(help).toMatch(/Monday/);
  });

  it('refuses an unknown period or scope clearly', async () => {
    make();
    expect(textOf(await app!.chat('/virt leaderboard year'))).toMatch(/period must be one of: week, month, all/);
    expect(textOf(await app!.chat('/virt leaderboard week galaxy'))).toMatch(/scope must be one of: server, channel/);
  });
});
