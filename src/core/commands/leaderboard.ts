/** `/virt leaderboard [period] [scope] [objective]`: top 10 plus the caller's own row. */
import type { ObjectiveId } from '../../content/schema.js';
import type { CommandDecl } from '../command.js';
import { fmt, t } from '../i18n.js';
import type { Lang } from '../model.js';
import { reply } from '../reply.js';
import { TOP_N, type Board, type Period, type RankedRow, type Scope } from '../leaderboard/service.js';
import { objectiveChoices } from './quiz.js';

const PERIOD_LABEL: Record<Period, { ja: string; en: string }> = {
  week: { ja: '今週', en: 'this week' },
  month: { ja: '今月', en: 'this month' },
  all: { ja: '全期間', en: 'all time' },
};
const SCOPE_LABEL: Record<Scope, { ja: string; en: string }> = {
  server: { ja: 'サーバー', en: 'server' },
  channel: { ja: 'このチャンネル', en: 'this channel' },
};

function line(r: RankedRow, lang: Lang, mine: boolean): string {
  const name = r.displayName || r.userId;
  const pts = t(fmt({ ja: '{p} 点（{a} 問回答）', en: '{pe} ({a} answered)' }, { p: r.points, a: r.answered, pe: r.points === 1 ? '1 pt' : `${r.points} pts` }), lang);
  return `${mine ? '▶ ' : ''}${String(r.rank).padStart(2)}. ${name} — ${pts}`;
}

/** The board as text lines (exposed for tests). */
export function boardText(b: Board, lang: Lang, userRef: number | undefined): string {
  if (!b.top.length) return t({ ja: 'まだ回答がありません。/virt quiz で始めましょう。', en: 'No answers yet. Start with /virt quiz.' }, lang);
  const lines = b.top.map((r) => line(r, lang, r.userRef === userRef));
  if (b.me) lines.push('…', line(b.me, lang, true));
  else if (!b.meInTop) {
    const none = b.period === 'all' ? { ja: 'あなた: まだ回答がありません', en: 'You: no answers yet' } : { ja: 'あなた: この期間の回答はまだありません', en: 'You: no answers in this period yet' };
    lines.push(t(none, lang));
  }
  return lines.join('\n');
}

export const leaderboardCommand: CommandDecl = {
  name: 'leaderboard',
  description: { ja: 'ランキング（週・月・全期間、サーバー・チャンネル、範囲別）', en: 'Leaderboard (week, month or all time; server or channel; per objective)' },
  options: [
    {
      name: 'period',
      type: 'string',
      description: { ja: '期間（既定: week）', en: 'Period (default: week)' },
      choices: [
        { value: 'week', label: { ja: '今週（月曜から）', en: 'this week (from Monday)' } },
        { value: 'month', label: { ja: '今月', en: 'this month' } },
        { value: 'all', label: { ja: '全期間', en: 'all time' } },
      ],
    },
    {
      name: 'scope',
      type: 'string',
      description: { ja: '範囲（既定: server）', en: 'Scope (default: server)' },
      choices: [
        { value: 'server', label: { ja: 'サーバー全体', en: 'whole server' } },
        { value: 'channel', label: { ja: 'このチャンネル', en: 'this channel' } },
      ],
    },
    { name: 'objective', type: 'string', description: { ja: '出題範囲だけのランキング（例: 330.2）', en: 'Only one objective (e.g. 330.2)' }, choices: objectiveChoices },
  ],
  help: {
    ja: `得点 = /virt quiz と毎日の問題で、最初の回答が正解だった数（投稿された問題 1 つにつき 1 人 1 点まで。2 回目以降の回答は数えません）。復習（/virt review）と模擬試験（/virt exam）は練習なので得点になりません。同点は同順位（10,10,8,8,5 点 → 1,1,3,3,5 位）で、同順位の中では先にその点に達した人が上です。週はサーバーの時間帯（VIRTBOT_TZ）で月曜 0 時に始まります。上位 ${TOP_N} 人とあなたの順位を表示します。例: /virt leaderboard month channel objective:330.2`,
    en: `Points = correct first answers to /virt quiz and daily questions (at most one point per person per posted question; later answers to the same question do not count). Review (/virt review) and mock exams (/virt exam) are practice and score no points. Equal points share a rank (10,10,8,8,5 points → ranks 1,1,3,3,5); within a rank, whoever reached the points first is listed first. Weeks start Monday 00:00 in the server's time zone (VIRTBOT_TZ). Shows the top ${TOP_N} and your own row. Example: /virt leaderboard month channel objective:330.2`,
  },
  run({ incoming, lang, services }, args) {
    const period = (typeof args.period === 'string' ? args.period : 'week') as Period;
    const scope = (typeof args.scope === 'string' ? args.scope : 'server') as Scope;
    const objective = typeof args.objective === 'string' ? (args.objective as ObjectiveId) : undefined;
    const userRef = services.settings.findUser(incoming.user);
    const b = services.leaderboard.board({
      platform: incoming.user.platform,
      workspaceId: incoming.user.workspaceId,
      channelId: incoming.channelId,
      period,
      scope,
      ...(objective ? { objective } : {}),
      ...(userRef !== undefined ? { userRef } : {}),
    });
    const title = t(
      fmt({ ja: '🏆 ランキング（{p}・{s}{o}）', en: '🏆 Leaderboard ({p}, {s}{o})' }, { p: t(PERIOD_LABEL[period], lang), s: t(SCOPE_LABEL[scope], lang), o: objective ? ` · ${objective}` : '' }),
      lang,
    );
    const since = b.since ? t(fmt({ ja: '{d} から · 参加 {n} 人', en: 'since {d} · {n} taking part' }, { d: b.since, n: b.participants }), lang) : t(fmt({ ja: '参加 {n} 人', en: '{n} taking part' }, { n: b.participants }), lang);
    return reply('public', title, [
      { type: 'code', text: boardText(b, lang, userRef) },
      { type: 'text', text: `${since} · ${t({ ja: '得点 = 正解した最初の回答の数（/virt help leaderboard）', en: 'points = correct first answers (/virt help leaderboard)' }, lang)}` },
    ]);
  },
};
