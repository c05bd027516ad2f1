/**
 * Parses chat text (`/virt ask xl list`, `quiz 330.2 5`, `daily set channel:#study time:09:00`)
 * into a command name and typed arguments, from the same declarations Discord's
 * options come from. Used by the Slack and console adapters.
 */
import type { CommandDecl, OptionDecl } from './command.js';
import { usageOf } from './command.js';
import { UserError } from './errors.js';
import { fmt } from './i18n.js';

export interface ParsedCommand {
  name: string;
  args: Record<string, string | number | boolean>;
}

const BOOL: Record<string, boolean> = { true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };

/** Slack sends `<#C123|name>` for a channel mention; the console takes `#name` or a bare id. */
function channelValue(raw: string): string {
  const m = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(raw);
  if (m) return m[1]!;
  return raw.replace(/^#/, '');
}

function convert(cmd: CommandDecl, opt: OptionDecl, raw: string): string | number | boolean {
  const bad = () =>
    new UserError('bad_argument', fmt({ ja: '{name} の値「{v}」が正しくありません。', en: 'Invalid value "{v}" for {name}.' }, { name: opt.name, v: raw.slice(0, 50) }), usageOf(cmd));
  switch (opt.type) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(raw)) throw bad();
      return Number(raw);
    }
    case 'boolean': {
      const b = BOOL[raw.toLowerCase()];
      if (b === undefined) throw bad();
      return b;
    }
    case 'channel':
      return channelValue(raw);
    default:
      return raw;
  }
}

/**
 * Finds the command (two-word names first) and its arguments in `text`.
 * Arguments are `name:value` / `name=value` or positional in declaration order; a
 * `rest` option takes the remainder of the line verbatim.
 * @returns undefined when `text` is empty (the caller shows help).
 * @throws UserError 'unknown_command' (with the closest usage list) or 'usage'/'bad_argument' with the command's usage.
 */
export function parseCommandText(input: string, commands: readonly CommandDecl[]): ParsedCommand | undefined {
  // NFKC so full-width `／ｖｉｒｔ　ａｓｋ` works; only the command words are lowercased.
  let text = input.normalize('NFKC').trim();
  text = text.replace(/^\/?virt(?=\s|$)/i, '').trim();
  if (text.startsWith('/')) text = text.slice(1);
  if (!text) return undefined;
  const words = text.split(/\s+/);
  const two = `${words[0]} ${words[1] ?? ''}`.toLowerCase();
  let cmd = commands.find((c) => c.name === two);
  let consumed = 2;
  if (!cmd) {
    cmd = commands.find((c) => c.name === words[0]!.toLowerCase());
    consumed = 1;
  }
  if (!cmd) {
    const group = commands.filter((c) => c.name.startsWith(words[0]!.toLowerCase() + ' '));
    if (group.length) {
      const w = words[0]!.toLowerCase().slice(0, 40);
      const sub = words[1] ? fmt({ ja: '「{w} {s}」というサブコマンドはありません。', en: 'There is no subcommand "{w} {s}".' }, { w, s: words[1].slice(0, 40) }) : fmt({ ja: '「{w}」の後にサブコマンドを指定してください。', en: '"{w}" needs a subcommand.' }, { w });
      throw new UserError('usage', sub, group.map(usageOf).join('\n'));
    }
    throw new UserError('unknown_command', fmt({ ja: '「{w}」というコマンドはありません。/virt help で一覧を表示できます。', en: 'There is no command "{w}". /virt help lists them.' }, { w: words[0]!.slice(0, 40) }));
  }
  // The remainder, as typed (keeps inner spacing for the rest option).
  let remainder = text;
  for (let i = 0; i < consumed; i++) remainder = remainder.replace(/^\S+\s*/, '');
  const args: Record<string, string | number | boolean> = {};
  const restOpt = cmd.options.find((o) => o.rest);
  if (restOpt) {
    // `ask query:xl list` names the option like Discord and Slack show it.
    const value = remainder.replace(new RegExp(`^${restOpt.name}[:=]\\s*`, 'i'), '');
    if (value) args[restOpt.name] = value;
    return { name: cmd.name, args };
  }
  const positional = cmd.options.filter((o) => o.type !== 'channel' || o.required);
  for (const token of remainder ? remainder.split(/\s+/) : []) {
    const bare = /^([a-z][a-z0-9_-]*)[:=]$/i.exec(token);
    if (bare && cmd.options.some((o) => o.name === bare[1]!.toLowerCase())) {
      throw new UserError('usage', fmt({ ja: '{name} の値がありません（例: {name}:値）。', en: '{name} has no value (write {name}:VALUE).' }, { name: bare[1]!.toLowerCase() }), usageOf(cmd));
    }
    const named = /^([a-z][a-z0-9_-]*)[:=](.+)$/i.exec(token);
    const opt = named ? cmd.options.find((o) => o.name === named[1]!.toLowerCase()) : undefined;
    if (named && opt) {
      if (opt.name in args) {
        throw new UserError('usage', fmt({ ja: '{name} が 2 回指定されています。', en: '{name} is given twice.' }, { name: opt.name }), usageOf(cmd));
      }
      args[opt.name] = convert(cmd, opt, named[2]!);
      continue;
    }
    if (named && cmd.options.length) {
      const list = cmd.options.map((o) => o.name).join(', ');
      throw new UserError('usage', fmt({ ja: '「{n}」というオプションはありません（使えるもの: {list}）。', en: 'There is no option "{n}" (options: {list}).' }, { n: named[1]!.slice(0, 40), list }), usageOf(cmd));
    }
    // A channel written as one (`#study`, Slack's `<#C123|study>`) fills the channel option, as the
    // usage `/virt daily status [channel]` reads, though a channel is otherwise given by name.
    const channelOpt = /^(?:#\S|<#)/.test(token) ? cmd.options.find((o) => o.type === 'channel' && !(o.name in args)) : undefined;
    if (channelOpt) {
      args[channelOpt.name] = convert(cmd, channelOpt, token);
      continue;
    }
    let next = positional.find((o) => !(o.name in args));
    // A word the next option does not take as one of its fixed choices fills a later option that
    // has it (`exam stop` past [questions] [minutes]; `leaderboard 330.2` past [period] [scope]),
    // and a number where fixed words go fills the first number option after it (`quiz 5`).
    const word = token.normalize('NFKC').toLowerCase();
    const takes = (o: OptionDecl) => o.choices?.some((c) => c.value.toLowerCase() === word) ?? false;
    if (next && !takes(next)) {
      next =
        positional.find((o) => !(o.name in args) && takes(o)) ??
        (next.choices && /^\d+$/.test(word) ? positional.find((o) => !(o.name in args) && o.type === 'integer') : undefined) ??
        next;
    }
    if (!next) {
      throw new UserError('usage', fmt({ ja: '余分な引数「{t}」があります。', en: 'Unexpected argument "{t}".' }, { t: token.slice(0, 40) }), usageOf(cmd));
    }
    // A word that fits nothing left, after a later option was filled (`exam stop now`), is extra:
    // blaming the skipped earlier option ("invalid value for questions") would point at the wrong thing.
    const skipped = positional.slice(positional.indexOf(next) + 1).some((o) => o.name in args);
    try {
      args[next.name] = convert(cmd, next, token);
    } catch (err) {
      if (!skipped) throw err;
      throw new UserError('usage', fmt({ ja: '余分な引数「{t}」があります。', en: 'Unexpected argument "{t}".' }, { t: token.slice(0, 40) }), usageOf(cmd));
    }
  }
  return { name: cmd.name, args };
}

/** ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, two-byte `ESC x`), then other C0/C1 controls as spaces (tabs, newlines included). */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** `s` without terminal escape sequences; other control characters become a space; the ends are trimmed. */
export function stripControls(s: string): string {
  return s.replace(ANSI, '').replace(CONTROLS, ' ').trim();
}
