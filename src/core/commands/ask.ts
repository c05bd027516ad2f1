/** `/virt ask <query>`: explains a command, file, option or concept from the knowledge base. */
import type { KbEntry, Lang } from '../../content/schema.js';
import type { ActionDecl, CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { fmt, t } from '../i18n.js';
import type { Block, Button, Reply } from '../model.js';
import { reply } from '../reply.js';
import type { Services } from '../services.js';

/** Longest query accepted (chars); longer ones get a "too long" answer. */
export const MAX_QUERY = 200;

const KIND_LABEL: Record<KbEntry['kind'], { ja: string; en: string }> = {
  command: { ja: 'コマンド', en: 'command' },
  subcommand: { ja: 'サブコマンド', en: 'subcommand' },
  option: { ja: 'オプション', en: 'option' },
  file: { ja: 'ファイル', en: 'file' },
  'config-key': { ja: '設定キー', en: 'config key' },
  concept: { ja: '概念', en: 'concept' },
  product: { ja: '製品', en: 'product' },
};

function entryButton(e: KbEntry): Button {
  return { id: `ask.entry:${e.id}`, label: e.term };
}

/** The full answer for one entry: term, summary, usage, examples, related, equivalents, deprecation, objectives. */
export function renderEntry(entry: KbEntry, lang: Lang, services: Services): Reply {
  const { entryById } = services.content;
  const blocks: Block[] = [{ type: 'text', text: t(entry.summary, lang) }, { type: 'text', text: t(entry.detail, lang) }];
  if (entry.deprecated) blocks.push({ type: 'text', text: `⚠ ${t(entry.deprecated, lang)}` });
  if (entry.usage) blocks.push({ type: 'code', text: entry.usage });
  if (entry.examples.length) {
    blocks.push({ type: 'code', text: entry.examples.map((x) => `$ ${x.cmd}\n  # ${t(x.note, lang)}`).join('\n') });
  }
  const fields: { label: string; value: string }[] = [];
  const obj = entry.objectives.join(', ') + (entry.objectives305.length ? ` (305: ${entry.objectives305.join(', ')})` : '');
  fields.push({ label: t({ ja: '出題範囲', en: 'Objectives' }, lang), value: obj });
  fields.push({ label: t({ ja: '種類', en: 'Kind' }, lang), value: t(KIND_LABEL[entry.kind], lang) });
  const equivalents = entry.equivalents.map((id) => entryById.get(id)).filter((e): e is KbEntry => !!e);
  if (equivalents.length) fields.push({ label: t({ ja: '他のツールでは', en: 'In other tools' }, lang), value: equivalents.map((e) => e.term).join(' / ') });
  if (entry.aliases.length) fields.push({ label: t({ ja: '別名', en: 'Also known as' }, lang), value: entry.aliases.join(', ') });
  if (entry.source) fields.push({ label: t({ ja: '出典', en: 'Source' }, lang), value: entry.source });
  blocks.push({ type: 'fields', fields });
  const related = entry.related.map((id) => entryById.get(id)).filter((e): e is KbEntry => !!e);
  const buttons = [...related, ...equivalents.filter((e) => !entry.related.includes(e.id))].slice(0, 10).map(entryButton);
  if (buttons.length) blocks.push({ type: 'buttons', buttons });
  return reply('public', entry.term, blocks);
}

/** Answers a query: the best entry, or "did you mean" with up to three buttons. */
export function answerQuery(query: string, lang: Lang, services: Services): Reply {
  // `ask --help` asks how to use ask, not for an entry (word search found qemu-bridge-helper).
  if (/^(?:-{0,2}help|-h|-\?|\?|ヘルプ|使い方)$/i.test(query.normalize('NFKC').trim())) {
    return reply('private', undefined, [
      {
        type: 'text',
        text: t({ ja: '使い方: /virt ask <コマンドや用語>（例: /virt ask xl list、/virt ask 準仮想化）。コマンドの一覧は /virt help。', en: 'Usage: /virt ask <command or term> (e.g. /virt ask xl list, /virt ask paravirtualization). All commands: /virt help.' }, lang),
      },
    ]);
  }
  const result = services.lookup.search(query, 5);
  const top = result.hits[0];
  if (top && result.confident) return renderEntry(top.entry, lang, services);
  const shown = query.length > 60 ? query.slice(0, 60) + '…' : query;
  if (!result.hits.length) {
    return reply('private', undefined, [
      { type: 'text', text: t(fmt({ ja: '「{q}」に当てはまる項目が見つかりませんでした。コマンド名（例: xl list）や用語（例: 準仮想化）で試してください。', en: 'Nothing matches "{q}". Try a command (e.g. xl list) or a term (e.g. paravirtualization).' }, { q: shown }), lang) },
    ]);
  }
  const suggestions = result.hits.slice(0, 3).map((h) => h.entry);
  return reply('private', undefined, [
    { type: 'text', text: t(fmt({ ja: '「{q}」に確かな一致はありません。もしかして:', en: 'No confident match for "{q}". Did you mean:' }, { q: shown }), lang) },
    { type: 'text', text: suggestions.map((e) => `• ${e.term} — ${t(e.summary, lang)}`).join('\n') },
    { type: 'buttons', buttons: suggestions.map(entryButton) },
  ]);
}

export const askCommand: CommandDecl = {
  name: 'ask',
  description: { ja: 'コマンド・ファイル・用語を解説する', en: 'Explain a command, file or term' },
  options: [
    {
      name: 'query',
      type: 'string',
      description: { ja: '調べたいコマンドや用語（例: xl list）', en: 'A command or term (e.g. xl list)' },
      required: true,
      rest: true,
      maxLength: MAX_QUERY,
      autocomplete: true,
    },
  ],
  run({ lang, services }, args) {
    return answerQuery(String(args.query), lang, services);
  },
  autocomplete({ services }, _option, partial) {
    return services.lookup.suggest(partial, 25).map((h) => ({ name: h.entry.term.slice(0, 100), value: h.entry.term.slice(0, 100) }));
  },
};

/** Button on a related entry: `ask.entry:<entry id>`. */
export const askEntryAction: ActionDecl = {
  prefix: 'ask.entry',
  run({ lang, services }, id) {
    const entry = services.content.entryById.get(id);
    if (!entry) throw new UserError('not_found', { ja: 'その項目はもうありません。', en: 'That entry no longer exists.' });
    return { ...renderEntry(entry, lang, services), visibility: 'private' };
  },
};
