/** `/virt progress [user]`: your (or a teammate's) progress, privately. */
import type { Lang } from '../../content/schema.js';
import type { CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { fmt, t } from '../i18n.js';
import type { Block, Button } from '../model.js';
import { reply } from '../reply.js';
import type { ProgressReport } from '../progress/service.js';
import type { Services } from '../services.js';
import { READINESS_HELP, readinessBlocks } from './review.js';
import { dailyStreakField } from './daily.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A 10-cell bar for a 0-1 value. */
function bar(x: number): string {
  const n = Math.round(Math.max(0, Math.min(1, x)) * 10);
  return '█'.repeat(n) + '░'.repeat(10 - n);
}

/** '<@123>', '<@!123>', '<@U123|name>', '@name' or 'name' → the id or name to look up. */
export function userNeedle(raw: string): string {
  const s = raw.normalize('NFKC').trim();
  const m = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(s);
  return m ? m[1]! : s.replace(/^@/, '');
}

/** The report as blocks (exposed for tests). */
export function progressBlocks(r: ProgressReport, lang: Lang, services: Services): Block[] {
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: t({ ja: '回答数', en: 'Answered' }, lang), value: String(r.answered) },
        { label: t({ ja: '正答率', en: 'Accuracy' }, lang), value: r.answered ? `${pct(r.accuracy)} (${r.correct}/${r.answered})` : '-' },
        { label: t({ ja: '連続日数', en: 'Streak' }, lang), value: t(fmt({ ja: '現在 {c} 日 · 最長 {l} 日', en: 'current {c} · longest {l} (days in a row)' }, { c: r.streak.current, l: r.streak.longest }), lang) },
        dailyStreakField(r.userRef, services, lang),
      ],
    },
  ];
  const rows = r.objectives.map((o) => {
    const acc = o.answered ? `${pct(o.accuracy)} (${o.correct}/${o.answered})` : '-';
    return `${o.objective} ${t({ ja: '重み', en: 'weight' }, lang)} ${String(o.weight).padStart(1)}  ${bar(o.mastery)} ${pct(o.mastery).padStart(4)}  ${t({ ja: '正答率', en: 'accuracy' }, lang)} ${acc}`;
  });
  blocks.push({ type: 'text', text: t({ ja: '範囲ごとの習熟度（最後の回答が正解だった問題の割合）:', en: 'Mastery per objective (share of its questions whose last answer was right):' }, lang) });
  blocks.push({ type: 'code', text: rows.join('\n') });
  if (r.weakest.length) {
    blocks.push({ type: 'text', text: t(fmt({ ja: '次に取り組む範囲（正答率が低いか、まだ解いていない範囲）: {o} — /virt quiz {first} で練習しましょう。', en: 'Work on next (lowest accuracy, or not studied yet): {o} — practise with /virt quiz {first}.' }, { o: r.weakest.join(', '), first: r.weakest[0]! }), lang) });
  }
  const buttons: Button[] = r.studyNext.flatMap((id) => {
    const e = services.content.entryById.get(id);
    return e ? [{ id: `ask.entry:${e.id}`, label: e.term.slice(0, 80) }] : [];
  });
  if (buttons.length) {
    blocks.push({ type: 'text', text: t({ ja: '次に読むとよい項目:', en: 'Study next:' }, lang) });
    blocks.push({ type: 'buttons', buttons });
  }
  return blocks;
}

export const progressCommand: CommandDecl = {
  name: 'progress',
  description: { ja: '学習の進み具合（回答数・正答率・習熟度・連続日数）', en: 'Your progress (answers, accuracy, mastery, streak)' },
  options: [{ name: 'user', type: 'string', description: { ja: '他のメンバー（名前または @メンション）', en: 'Another member (name or @mention)' }, maxLength: 100 }],
  help: {
    ja: '連続日数は 1 問以上答えた日の連続で、サーバーの時間帯（VIRTBOT_TZ）の日付で数えます。今日まだ答えていなくても、昨日まで続いていれば現在の連続日数に数えます。' + READINESS_HELP.ja,
    en: "A streak counts days in a row with at least one answer, by the date in the server's time zone (VIRTBOT_TZ). If you have not answered yet today, a streak that reached yesterday still counts as current." + READINESS_HELP.en,
  },
  run({ incoming, lang, services }, args) {
    const { platform, workspaceId } = incoming.user;
    let userRef: number | undefined;
    let name: string;
    if (typeof args.user === 'string' && args.user.trim()) {
      const needle = userNeedle(args.user);
      const found = services.progress.findUser(platform, workspaceId, needle);
      if (!found) {
        throw new UserError('not_found', fmt({ ja: '「{u}」の回答はまだありません。', en: '"{u}" has not answered anything here yet.' }, { u: needle.slice(0, 40) }));
      }
      userRef = found.id;
      name = found.displayName || found.userId;
    } else {
      userRef = services.settings.findUser(incoming.user);
      name = incoming.user.displayName || incoming.user.userId;
    }
    // "Progress: you" reads right for any name (the console's default user is "you").
    const title = t(fmt({ ja: '📈 {n} さんの進み具合', en: '📈 Progress: {n}' }, { n: name }), lang);
    const report = userRef === undefined ? undefined : services.progress.report(userRef);
    if (!report || report.answered === 0) {
      return reply('private', title, [{ type: 'text', text: t({ ja: 'まだ回答がありません。/virt quiz で始めましょう。', en: 'No answers yet. Start with /virt quiz.' }, lang) }]);
    }
    // Readiness and the exam date come from the review cards (src/core/commands/review.ts).
    return reply('private', title, [...progressBlocks(report, lang, services), ...readinessBlocks(report.userRef, lang, services, typeof args.user !== 'string' || !args.user.trim())]);
  },
};
