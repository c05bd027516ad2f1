/** `/virt help [command]`: generated from the command declarations. */
import type { CommandDecl } from '../command.js';
import { usageOf } from '../command.js';
import { t } from '../i18n.js';
import type { Block } from '../model.js';
import { reply } from '../reply.js';

/** " (admins only)" unless the description already says so (Discord shows descriptions alone, so some carry it). */
function adminNote(c: CommandDecl, lang: 'ja' | 'en'): string {
  if (!c.adminOnly || /管理者|admins/.test(t(c.description, lang))) return '';
  return t({ ja: '（管理者のみ）', en: ' (admins only)' }, lang);
}

/** Builds the help command over `all` (the full list, itself included). */
export function helpCommand(all: () => readonly CommandDecl[]): CommandDecl {
  return {
    name: 'help',
    description: { ja: 'コマンドの一覧と使い方', en: 'List commands and how to use them' },
    options: [{ name: 'command', type: 'string', description: { ja: '詳しく知りたいコマンド', en: 'A command to explain' }, rest: true, maxLength: 40 }],
    run({ lang }, args) {
      const commands = all();
      const wanted = typeof args.command === 'string' ? args.command.normalize('NFKC').trim().toLowerCase().replace(/^\/?virt\s+/, '') : '';
      const matching = wanted ? commands.filter((c) => c.name === wanted || c.name.startsWith(wanted + ' ')) : [];
      if (matching.length) {
        const blocks: Block[] = [];
        for (const c of matching) {
          blocks.push({ type: 'code', text: usageOf(c) });
          blocks.push({ type: 'text', text: t(c.description, lang) + adminNote(c, lang) });
          if (c.options.length) blocks.push({ type: 'fields', fields: c.options.map((o) => ({ label: o.name, value: t(o.description, lang) + (o.choices ? ` (${o.choices.map((x) => x.value).join(' | ')})` : '') })) });
          if (c.help) blocks.push({ type: 'text', text: t(c.help, lang) });
        }
        return reply('private', `/virt ${wanted}`, blocks);
      }
      const lines = commands.map((c) => `${usageOf(c)}\n    ${t(c.description, lang)}${adminNote(c, lang)}`);
      const intro = wanted
        ? t({ ja: `「${wanted.slice(0, 40)}」というコマンドはありません。コマンド一覧:`, en: `There is no command "${wanted.slice(0, 40)}". The commands are:` }, lang)
        : t({ ja: 'virtbot は LPIC-3 仮想化（304 / 330.x）の学習ボットです。コマンド一覧:', en: 'virtbot helps you study LPIC-3 virtualization (304 / 330.x). Commands:' }, lang);
      return reply('private', 'virtbot help', [
        { type: 'text', text: intro },
        { type: 'code', text: lines.join('\n') },
        { type: 'text', text: t({ ja: '詳しくは /virt help <コマンド> 。', en: 'More: /virt help <command>.' }, lang) },
      ]);
    },
  };
}
