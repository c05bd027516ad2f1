/**
 * `/virt daily set|off|status|now` and `/virt config show-names`: the daily
 * question's configuration. Changing it is for admins; status is for everyone.
 */
import { IANAZone } from 'luxon';
import { OBJECTIVE_IDS, type Lang, type ObjectiveId } from '../../content/schema.js';
import type { CommandDecl, OptionDecl } from '../command.js';
import { SHOW_NAMES_KEY, type ChannelRef } from '../daily/service.js';
import { localLabel, utcLabel } from '../daily/plan.js';
import { checkZone, NEWER_ZONE_NAMES, offsetLabel, parseLocalTime, zoneProblem } from '../daily/time.js';
import type { Subscription } from '../../db/daily.js';
import { UserError } from '../errors.js';
import { countEn, fmt, t } from '../i18n.js';
import type { Block, Incoming, Reply, Suggestion } from '../model.js';
import { reply, privateText } from '../reply.js';
import type { Services } from '../services.js';

/** Channel ids each platform issues; anything else cannot be posted to (e.g. a Slack #name that was not turned into a link). */
const CHANNEL_ID: Record<Incoming['user']['platform'], RegExp> = {
  discord: /^\d{17,20}$/,
  slack: /^[CG][A-Z0-9]{6,}$/,
  console: /^[\w.-]{1,64}$/,
};

/** Zones offered before the user types anything (autocomplete). */
const COMMON_ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney'];

const channelOption: OptionDecl = {
  name: 'channel',
  type: 'channel',
  description: { ja: 'チャンネル（省略時: このチャンネル）', en: 'Channel (default: this one)' },
};

/** The channel a daily command is about: the option, else the current channel. @throws UserError in a DM without a channel, or for an id the platform cannot have issued. */
export function channelRefOf(incoming: Incoming, arg: unknown): ChannelRef {
  const { platform, workspaceId } = incoming.user;
  const given = typeof arg === 'string' && arg.trim() ? arg.trim() : undefined;
  // The daily question belongs to a server's channel; a DM has no server to keep it in.
  if (incoming.isDirect || (!given && !incoming.channelId)) {
    throw new UserError('usage', { ja: 'サーバーのチャンネルで実行するか、channel: でチャンネルを指定してください。', en: 'Run this in a server channel, or give channel:.' });
  }
  const channelId = given ?? incoming.channelId;
  if (!CHANNEL_ID[platform].test(channelId)) {
    throw new UserError(
      'bad_argument',
      fmt(
        {
          ja: '「{c}」はチャンネルとして使えません。#チャンネル名 をリンクとして選ぶ（Slack では候補から選ぶ）か、そのチャンネルでコマンドを実行してください。',
          en: '"{c}" is not a channel I can post to. Mention the channel so it becomes a link (on Slack, pick it from the list), or run the command in that channel.',
        },
        { c: channelId.slice(0, 40) },
      ),
    );
  }
  return { platform, workspaceId, channelId };
}

/** '330.2,330.3' / '330.2 330.3' / 'all' → sorted objective ids ([] = all). @throws UserError naming the unknown ones. */
export function parseObjectives(raw: unknown): ObjectiveId[] {
  if (typeof raw !== 'string' || !raw.trim() || /^all$/i.test(raw.trim())) return [];
  const parts = raw.normalize('NFKC').split(/[\s,、]+/).filter(Boolean);
  const bad = parts.filter((p) => !(OBJECTIVE_IDS as readonly string[]).includes(p));
  if (bad.length) {
    throw new UserError('bad_argument', fmt({ ja: '範囲「{b}」はありません。使えるのは {list} です（カンマ区切り）。', en: 'Unknown objective "{b}". Use {list} (comma-separated).' }, { b: bad.join(', ').slice(0, 60), list: OBJECTIVE_IDS.join(', ') }));
  }
  return [...new Set(parts)].sort() as ObjectiveId[];
}

/** A zone name under the zone rule (checkZone: region zones or UTC), canonical; the fallback when none is given. @throws UserError saying why it is refused and what to use. */
export function parseZone(raw: unknown, fallback: string): string {
  if (typeof raw !== 'string' || !raw.trim()) return fallback;
  const c = checkZone(raw);
  if (c.ok) return c.zone;
  throw new UserError('bad_argument', zoneProblem(c));
}

function parseTime(raw: unknown, name: string): string {
  const v = typeof raw === 'string' ? parseLocalTime(raw) : undefined;
  if (!v) {
    throw new UserError('bad_argument', fmt({ ja: '{n} は 09:00 のように 00:00〜23:59 の時刻で指定してください。', en: '{n} must be a time of day from 00:00 to 23:59, like 09:00.' }, { n: name }));
  }
  return v;
}

/** "No daily question in #c", naming the channel asked about (with channel: it is not the one the command ran in). */
const noSubscription = (ref: ChannelRef, incoming: Incoming) => {
  const here = ref.channelId === incoming.channelId;
  const set = here ? '/virt daily set time:09:00' : `/virt daily set time:09:00 channel:#${ref.channelId}`;
  return new UserError(
    'not_found',
    fmt(
      here
        ? { ja: 'このチャンネル（#{c}）には毎日の問題が設定されていません。{s} で設定できます（管理者）。', en: 'This channel (#{c}) has no daily question. An admin can set one with {s}.' }
        : { ja: '#{c} には毎日の問題が設定されていません。{s} で設定できます（管理者）。', en: '#{c} has no daily question. An admin can set one with {s}.' },
      { c: ref.channelId, s: set },
    ),
  );
};

const STATUS: Record<Subscription['status'], { ja: string; en: string }> = {
  active: { ja: '有効', en: 'active' },
  paused: { ja: '一時停止', en: 'paused' },
  off: { ja: 'オフ', en: 'off' },
};

/** The fields of one subscription for `daily status` and `daily set`. */
export function subscriptionBlocks(sub: Subscription, services: Services, lang: Lang): Block[] {
  const { lastPosted, lastAttempt } = services.daily.history(sub);
  const status = t(STATUS[sub.status], lang) + (sub.pauseReason ? ` — ${sub.pauseReason}` : '');
  const fields = [
    { label: t({ ja: 'チャンネル', en: 'Channel' }, lang), value: `#${sub.channelId}` },
    { label: t({ ja: '状態', en: 'Status' }, lang), value: status },
    {
      label: t({ ja: '時刻', en: 'Time' }, lang),
      value: t(fmt({ ja: '毎日 {t}（{z}、UTC{o}）', en: 'every day at {t} ({z}, UTC{o})' }, { t: sub.localTime, z: sub.zone, o: offsetLabel(services.clock.now().getTime(), sub.zone) }), lang),
    },
    { label: t({ ja: '範囲', en: 'Objectives' }, lang), value: sub.objectives.length ? sub.objectives.join(', ') : t({ ja: 'すべて', en: 'all' }, lang) },
    { label: t({ ja: '答え合わせ', en: 'Reveal' }, lang), value: sub.revealTime ?? t({ ja: '次の出題の直前', en: 'just before the next post' }, lang) },
    {
      label: t({ ja: '次の出題', en: 'Next post' }, lang),
      value: sub.status === 'active' && sub.nextRunAt !== null ? `${localLabel(sub.nextRunAt, sub.zone)} · ${utcLabel(sub.nextRunAt)}` : '-',
    },
    { label: t({ ja: '前回の出題', en: 'Last post' }, lang), value: lastPosted?.postedAt ? `${localLabel(lastPosted.postedAt, sub.zone)} · ${utcLabel(lastPosted.postedAt)}` : t({ ja: 'まだありません', en: 'none yet' }, lang) },
  ];
  const lastError = sub.lastError ?? (lastAttempt && lastAttempt.state !== 'posted' ? lastAttempt.lastError : null);
  if (lastError) fields.push({ label: t({ ja: '直近のエラー', en: 'Last error' }, lang), value: lastError + (sub.lastErrorAt ? ` (${utcLabel(sub.lastErrorAt)})` : '') });
  return [{ type: 'fields', fields }];
}

export const dailySetCommand: CommandDecl = {
  name: 'daily set',
  description: { ja: '毎日の問題をチャンネルに設定する（管理者）', en: 'Set up the daily question in a channel (admins)' },
  adminOnly: true,
  options: [
    { name: 'time', type: 'string', required: true, maxLength: 10, description: { ja: '出題時刻（例: 09:00）', en: 'Time to post (e.g. 09:00)' } },
    channelOption,
    { name: 'zone', type: 'string', maxLength: 64, autocomplete: true, description: { ja: 'タイムゾーン（例: Asia/Tokyo。省略時はサーバー既定）', en: 'Time zone (e.g. Asia/Tokyo; default: the server\'s)' } },
    { name: 'objectives', type: 'string', maxLength: 60, description: { ja: '出題範囲（例: 330.2,330.3。省略時はすべて）', en: 'Objectives (e.g. 330.2,330.3; default: all)' } },
    { name: 'reveal', type: 'string', maxLength: 10, description: { ja: '答え合わせの時刻（例: 18:00。省略時は次の出題の直前）', en: 'Reveal time (e.g. 18:00; default: just before the next post)' } },
  ],
  help: {
    ja: '毎日決まった時刻にチャンネルへ問題を 1 問投稿します。全員がボタンで答えられ（各自の最初の答えだけを記録、クイズと同じく成績と連続日数に数えます）、答え合わせの時刻に正解・解説・選択肢ごとの割合・正解者数を表示します。同じチャンネルでは問題を一巡するまで繰り返しません。ボットが停止していた場合、同じ日のうちなら起動時に投稿します。',
    en: 'Posts one question to the channel every day at a set time. Everyone can answer with the buttons (only each person\'s first answer is recorded; it counts for leaderboards and streaks like a quiz answer). At the reveal time the post shows the answer, the explanation, how the channel answered and how many got it right. Questions do not repeat in a channel until all have been asked. If the bot was down at the time, it posts on start as long as it is still the same day.',
  },
  run({ incoming, lang, services }, args) {
    const ref = channelRefOf(incoming, args.channel);
    const localTime = parseTime(args.time, 'time');
    const zone = parseZone(args.zone, services.daily.defaultZone);
    const objectives = parseObjectives(args.objectives);
    const revealTime = args.reveal === undefined ? null : parseTime(args.reveal, 'reveal');
    if (revealTime === localTime) {
      // A reveal at the post's own minute would close each question a whole day later, as the next one goes out.
      throw new UserError('bad_argument', {
        ja: '答え合わせの時刻（reveal）は出題時刻（time）と同じにはできません。別の時刻を指定するか、reveal を省略してください（次の出題の 1 分前に答え合わせします）。',
        en: 'The reveal time cannot be the same as the post time. Give another time, or leave reveal out (the answer is then revealed one minute before the next post).',
      });
    }
    if (objectives.length && !services.content.questions.some((q) => objectives.includes(q.objective))) {
      throw new UserError('unavailable', fmt({ ja: '{o} の問題はまだありません。', en: 'There are no questions for {o} yet.' }, { o: objectives.join(', ') }));
    }
    const createdBy = services.settings.ensureUser(incoming.user, services.clock.now().getTime());
    const { subscription } = services.daily.set({ ...ref, localTime, zone, objectives, revealTime, createdBy });
    const blocks = subscriptionBlocks(subscription, services, lang);
    if (!services.daily.canPost(ref.platform)) {
      blocks.push({ type: 'text', text: t({ ja: '⚠️ このプラットフォームのアダプターが動いていないため、今は投稿できません。', en: '⚠️ No adapter for this platform is running, so nothing can be posted right now.' }, lang) });
    }
    return reply('private', t({ ja: '✅ 毎日の問題を設定しました', en: '✅ Daily question set' }, lang), blocks);
  },
  autocomplete(_ctx, option, partial) {
    if (option !== 'zone') return [];
    return zoneSuggestions(partial, _ctx.services.daily.defaultZone);
  },
};

/** Zone names containing `partial` (case-insensitive), the default and common ones first; at most 25 (Discord's limit). */
export function zoneSuggestions(partial: string, defaultZone: string): Suggestion[] {
  const p = partial.trim().toLowerCase();
  const all = [defaultZone, ...COMMON_ZONES, ...Intl.supportedValuesOf('timeZone'), ...NEWER_ZONE_NAMES.filter((z) => IANAZone.isValidZone(z))];
  const out = [...new Set(all)].filter((z) => !p || z.toLowerCase().includes(p));
  return out.slice(0, 25).map((z) => ({ name: z, value: z }));
}

export const dailyOffCommand: CommandDecl = {
  name: 'daily off',
  description: { ja: '毎日の問題を止める（管理者）', en: 'Turn the daily question off (admins)' },
  adminOnly: true,
  options: [channelOption],
  run({ incoming, lang, services }, args) {
    const ref = channelRefOf(incoming, args.channel);
    const sub = services.daily.off(ref);
    if (!sub) throw noSubscription(ref, incoming);
    if (sub.status === 'off') {
      return privateText(
        t(fmt({ ja: '#{c} の毎日の問題はすでに止まっています。/virt daily set で再開できます。', en: 'The daily question in #{c} is already off. /virt daily set turns it back on.' }, { c: ref.channelId }), lang),
      );
    }
    return privateText(
      t(fmt({ ja: '#{c} の毎日の問題を止めました。設定と履歴は残ります。/virt daily set で再開できます。', en: 'The daily question in #{c} is off. Its settings and history are kept; /virt daily set turns it back on.' }, { c: ref.channelId }), lang),
    );
  },
};

export const dailyStatusCommand: CommandDecl = {
  name: 'daily status',
  description: { ja: '毎日の問題の設定と次の出題時刻', en: 'Daily question schedule and next post' },
  options: [channelOption],
  run({ incoming, lang, services }, args) {
    const { platform, workspaceId } = incoming.user;
    let subs: Subscription[];
    if (typeof args.channel === 'string' && args.channel.trim()) {
      const ref = channelRefOf(incoming, args.channel);
      const sub = services.daily.subscription(ref);
      if (!sub) throw noSubscription(ref, incoming);
      subs = [sub];
    } else {
      // The current channel first, then the server's others.
      subs = services.daily.subscriptions(platform, workspaceId).sort((a, b) => Number(b.channelId === incoming.channelId) - Number(a.channelId === incoming.channelId));
    }
    if (!subs.length) {
      return privateText(t({ ja: 'このサーバーには毎日の問題がまだ設定されていません。管理者は /virt daily set time:09:00 で設定できます。', en: 'No daily question is set up in this server yet. Admins can use /virt daily set time:09:00.' }, lang));
    }
    const shown = subs.slice(0, 5);
    const blocks: Block[] = shown.flatMap((s, i) => [...(i ? [{ type: 'divider' } as Block] : []), ...subscriptionBlocks(s, services, lang)]);
    if (subs.length > shown.length) blocks.push({ type: 'text', text: t(fmt({ ja: 'ほか {n} チャンネル（channel: で指定できます）', en: '{n} more channels (ask with channel:)' }, { n: subs.length - shown.length }), lang) });
    return reply('private', t({ ja: '📅 毎日の問題', en: '📅 Daily question' }, lang), blocks);
  },
};

export const dailyNowCommand: CommandDecl = {
  name: 'daily now',
  description: { ja: '毎日の問題を今すぐ投稿する（今日の分がまだなら今日の分、出ていれば追加の 1 問。管理者）', en: "Post the daily question now (today's if not out yet, else an extra one; admins)" },
  adminOnly: true,
  options: [channelOption],
  async run({ incoming, lang, services }, args): Promise<Reply> {
    const ref = channelRefOf(incoming, args.channel);
    const sub = services.daily.subscription(ref);
    if (!sub) throw noSubscription(ref, incoming);
    if (!services.daily.canPost(ref.platform)) {
      throw new UserError('unavailable', { ja: 'このプラットフォームへは今は投稿できません（アダプターが動いていません）。', en: 'I cannot post to this platform right now (its adapter is not running).' });
    }
    const r = await services.daily.postNow(sub);
    switch (r.status) {
      case 'posted': {
        const text =
          r.extra === 'already-out'
            ? { ja: '#{c} に追加の 1 問を投稿しました（今日の問題はもう出ています）。答え合わせ: {r}', en: 'Posted an extra question to #{c} (today\'s question is already out). Reveal: {r}' }
            : r.extra === 'not-active'
              ? { ja: '#{c} に追加の 1 問を投稿しました（毎日の問題は停止中です）。答え合わせ: {r}', en: 'Posted an extra question to #{c} (the daily question is paused or off). Reveal: {r}' }
              : { ja: '#{c} に今日の問題を投稿しました（今日の予定の出題はありません）。答え合わせ: {r}', en: 'Posted today\'s question to #{c} (no other post today). Reveal: {r}' };
        const after = services.daily.subscription(ref);
        const next = after?.status === 'active' && after.nextRunAt !== null ? t(fmt({ ja: ' · 次の出題: {n}', en: ' · Next post: {n}' }, { n: localLabel(after.nextRunAt, after.zone) }), lang) : '';
        return privateText(t(fmt(text, { c: ref.channelId, r: localLabel(r.revealAt, sub.zone) }), lang) + next);
      }
      case 'retrying':
        return privateText(t(fmt({ ja: '今は投稿できませんでした（{e}）。少し後にもう一度試します。', en: 'Could not post right now ({e}). I will try again shortly.' }, { e: r.reason.slice(0, 200) }), lang));
      case 'paused':
        return privateText(
          t(fmt({ ja: '投稿できませんでした（{e}）。チャンネルとボットの権限を確認し、/virt daily set で再開してください。', en: 'Could not post ({e}). Check the channel and the bot\'s permissions, then run /virt daily set again.' }, { e: r.reason.slice(0, 200) }), lang),
        );
      default:
        return privateText(t(fmt({ ja: '投稿できませんでした（{e}）。', en: 'Could not post ({e}).' }, { e: r.reason.slice(0, 200) }), lang));
    }
  },
};

export const configShowNamesCommand: CommandDecl = {
  name: 'config show-names',
  description: { ja: '毎日の問題の答え合わせで正解者の名前を出す（管理者）', en: 'Show who answered right in daily reveals (admins)' },
  adminOnly: true,
  options: [
    {
      name: 'value',
      type: 'string',
      required: true,
      description: { ja: 'on: 名前を出す / off: 人数だけ（既定）', en: 'on: list names / off: only the count (default)' },
      choices: [
        { value: 'on', label: { ja: 'on', en: 'on' } },
        { value: 'off', label: { ja: 'off', en: 'off' } },
      ],
    },
  ],
  run({ incoming, lang, services }, args) {
    const on = args.value === 'on';
    const { platform, workspaceId } = incoming.user;
    // Unset means off (the default).
    if ((services.settings.workspaceSetting(platform, workspaceId, SHOW_NAMES_KEY) === 'on') === on) {
      return privateText(
        t(on ? { ja: '答え合わせではすでに正解者の名前を表示しています。', en: 'Daily reveals already list who answered right.' } : { ja: '答え合わせではすでに正解者の人数だけを表示しています。', en: 'Daily reveals already show only how many answered right.' }, lang),
      );
    }
    services.settings.setWorkspaceSetting(platform, workspaceId, SHOW_NAMES_KEY, on ? 'on' : 'off');
    return privateText(
      t(on ? { ja: '答え合わせで正解者の名前を表示します。', en: 'Daily reveals will list who answered right.' } : { ja: '答え合わせでは正解者の人数だけを表示します。', en: 'Daily reveals will show only how many answered right.' }, lang),
    );
  },
};

/** The "daily streak" field for `/virt progress`. */
export function dailyStreakField(userRef: number, services: Services, lang: Lang): { label: string; value: string } {
  const s = services.daily.dailyStreak(userRef);
  return {
    label: t({ ja: '毎日の問題の連続日数', en: 'Daily question streak' }, lang),
    value: t(fmt({ ja: '現在 {c} 日 · 最長 {l} 日', en: 'current {cd} · longest {ld}' }, { c: s.current, l: s.longest, cd: countEn(s.current, 'day'), ld: countEn(s.longest, 'day') }), lang),
  };
}

export const dailyCommands: CommandDecl[] = [dailySetCommand, dailyStatusCommand, dailyNowCommand, dailyOffCommand];
