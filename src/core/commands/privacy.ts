/**
 * `/virt mydata` (everything stored about you, as a JSON file) and `/virt forget-me`
 * (deletes it after a confirm button; you leave every leaderboard).
 */
import { createHash } from 'node:crypto';
import type { ActionDecl, CommandDecl } from '../command.js';
import type { UserRef } from '../model.js';
import { UserError } from '../errors.js';
import { countEn, fmt, t } from '../i18n.js';
import { privateText, reply } from '../reply.js';
import type { Services } from '../services.js';
import type { Lang } from '../../content/schema.js';

/** How long the forget-me confirm button stays valid (ms). */
export const FORGET_CONFIRM_MS = 10 * 60_000;

export const mydataCommand: CommandDecl = {
  name: 'mydata',
  description: { ja: '自分について保存されているデータを JSON で受け取る', en: 'Get everything stored about you as JSON' },
  options: [],
  run({ incoming, lang, services }) {
    const ref = services.settings.findUser(incoming.user);
    if (ref === undefined) return privateText(t({ ja: 'あなたについて保存されているデータはありません。', en: 'Nothing is stored about you.' }, lang));
    const data = withChosenChoices(readable(services.privacy.export(ref)), services, lang);
    const counts = Object.entries(data).map(([table, rows]) => `${tableLabel(table, lang)}: ${rows.length}`).join(t({ ja: '、', en: ', ' }, lang));
    return {
      ...reply('private', t({ ja: 'あなたのデータ', en: 'Your data' }, lang), [
        { type: 'text', text: t(fmt({ ja: '保存されている行数: {c}。JSON ファイルを添付しました。', en: 'Rows stored: {c}. The JSON file is attached.' }, { c: counts }), lang) },
      ]),
      file: { name: 'virtbot-mydata.json', content: JSON.stringify({ exportedAt: services.clock.now().toISOString(), user: incoming.user, data }, null, 2) },
    };
  },
};

/** What each table holds, for the mydata summary; a table added later shows under its own name. */
const TABLE_LABELS: Record<string, { ja: string; en: string }> = {
  users: { ja: 'ユーザー', en: 'user' },
  user_settings: { ja: '設定', en: 'settings' },
  answers: { ja: '回答', en: 'answers' },
  user_questions: { ja: '問題ごとの記録', en: 'per-question records' },
  user_days: { ja: '学習した日', en: 'study days' },
  board_scores: { ja: 'ランキングの行', en: 'leaderboard rows' },
  cards: { ja: '復習カード', en: 'review cards' },
  quiz_runs: { ja: 'クイズ', en: 'quiz runs' },
  exams: { ja: '模擬試験', en: 'mock exams' },
  'quiz_instances (created_by)': { ja: 'あなたに出された問題', en: 'questions served to you' },
  'exam_items (via exams)': { ja: '模擬試験の問題', en: 'mock exam questions' },
};

function tableLabel(table: string, lang: 'ja' | 'en'): string {
  const l = TABLE_LABELS[table];
  return l ? t(l, lang) : table;
}

/** Time columns (INTEGER UTC ms by the schema's convention: *_at, *_until, due, last_review). */
const TIME_COLUMN = /(_at|_until)$|^(due|last_review)$/;

/** The export with every time column as an ISO 8601 UTC string (0 means never and stays 0). */
function readable(data: Record<string, unknown[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(data)) {
    out[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, TIME_COLUMN.test(k) && typeof v === 'number' && v > 0 ? new Date(v).toISOString() : v])),
    );
  }
  return out;
}

/**
 * Each answer row gets `chosen_choices` right after `chosen` (original choice indexes, "0,3", kept
 * as they were for whoever reads them already): what the user saw and picked, e.g.
 * ["B. xl network-attach"], in `lang`; null for a typed answer or a question no longer in the bank.
 */
function withChosenChoices(data: Record<string, unknown[]>, services: Services, lang: Lang): Record<string, unknown[]> {
  if (!data.answers) return data;
  const answers = data.answers.map((row) => {
    const r = row as Record<string, unknown>;
    const chosen = typeof r.chosen === 'string' ? r.chosen.split(',').filter(Boolean).map(Number) : undefined;
    const shown = chosen && services.quiz.describeChosen(Number(r.instance_id), String(r.question_id), chosen, lang);
    return Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (k === 'chosen' ? [[k, v], ['chosen_choices', shown ?? null]] : [[k, v]])));
  });
  return { ...data, answers };
}

/** A short key of who may press a confirm button (ids stay far below Discord's 100 characters). */
function ownerKey(user: UserRef): string {
  return createHash('sha256').update(`${user.platform}\0${user.workspaceId}\0${user.userId}`).digest('hex').slice(0, 12);
}

export const forgetMeCommand: CommandDecl = {
  name: 'forget-me',
  description: { ja: '自分のデータをすべて削除する（確認あり）', en: 'Delete all your data (asks to confirm)' },
  options: [],
  run({ incoming, lang, services }) {
    const issued = services.clock.now().getTime();
    return reply('private', t({ ja: 'データの削除', en: 'Delete your data' }, lang), [
      {
        type: 'text',
        text: t({ ja: '回答履歴・進捗・復習カード・設定をすべて削除し、リーダーボードからも外れます。元に戻せません。', en: 'This deletes your answers, progress, review cards and settings, and removes you from every leaderboard. It cannot be undone.' }, lang),
      },
      {
        type: 'buttons',
        buttons: [
          { id: `privacy.forget:${issued}:${ownerKey(incoming.user)}`, label: t({ ja: 'すべて削除する', en: 'Delete everything' }, lang), style: 'danger' },
          { id: 'privacy.cancel', label: t({ ja: 'やめる', en: 'Cancel' }, lang) },
        ],
      },
    ]);
  },
};

/** Confirm button: deletes the data of the user who asked, and only when that user presses it. */
export const forgetConfirmAction: ActionDecl = {
  prefix: 'privacy.forget',
  run({ incoming, lang, services }, rest) {
    const [issuedText, owner] = rest.split(':');
    if (owner !== ownerKey(incoming.user)) {
      throw new UserError('forbidden', { ja: 'この確認ボタンは別の人のものです。自分のデータは /virt forget-me で削除できます。', en: 'This confirm button belongs to someone else. Delete your own data with /virt forget-me.' });
    }
    const issued = Number(issuedText);
    const age = services.clock.now().getTime() - issued;
    // A time ahead of the clock (more than a minute's skew between processes) was not issued by us.
    if (!Number.isFinite(issued) || age > FORGET_CONFIRM_MS || age < -60_000) {
      throw new UserError('expired', { ja: 'この確認ボタンは期限切れです。もう一度 /virt forget-me を実行してください。', en: 'This confirm button has expired. Run /virt forget-me again.' });
    }
    const ref = services.settings.findUser(incoming.user);
    const counts = ref === undefined ? {} : services.privacy.delete(ref);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total === 0) {
      return { ...privateText(t({ ja: '削除するデータはありません（すでに削除済みです）。', en: 'There is no data of yours to delete (already deleted).' }, lang)), replaces: 'original' };
    }
    return { ...privateText(t(fmt({ ja: 'あなたのデータを削除しました（{n} 行）。', en: 'Your data has been deleted ({r}).' }, { n: total, r: countEn(total, 'row') }), lang)), replaces: 'original' };
  },
};

export const forgetCancelAction: ActionDecl = {
  prefix: 'privacy.cancel',
  run({ lang }) {
    return { ...privateText(t({ ja: '削除を取りやめました。', en: 'Nothing was deleted.' }, lang)), replaces: 'original' };
  },
};
