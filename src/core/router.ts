/**
 * Dispatches an Incoming to its command or action, checks arguments against the
 * declaration, resolves the language, and turns every failure into a Reply: user
 * mistakes privately in the user's language, anything else as a short error id
 * (details go to the log).
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../content/schema.js';
import type { ActionDecl, CommandContext, CommandDecl, HandlerResult } from './command.js';
import { usageOf } from './command.js';
import { UserError } from './errors.js';
import { fmt, langFromLocale, t } from './i18n.js';
import type { Incoming, Reply, Suggestion } from './model.js';
import type { Services } from './services.js';
import { hintFor305 } from './objectives305.js';
import { privateText } from './reply.js';
import { parseCommandText, stripControls } from './textCommand.js';

/** An Incoming without its command part: who, where, when. */
export type IncomingBase = Omit<Incoming, 'kind' | 'name' | 'args' | 'focused'>;

/** Default limit on a string option when the declaration sets none (chars). */
export const DEFAULT_MAX_STRING = 200;

export class Router {
  private readonly byName: Map<string, CommandDecl>;
  private readonly byPrefix: Map<string, ActionDecl>;

  constructor(
    readonly services: Services,
    readonly commands: readonly CommandDecl[],
    actions: readonly ActionDecl[],
  ) {
    this.byName = new Map(commands.map((c) => [c.name, c]));
    this.byPrefix = new Map(actions.map((a) => [a.prefix, a]));
  }

  /**
   * Language for this user: their own choice (/virt config lang), else a Japanese
   * platform locale, else the workspace default, else English for any other known
   * locale, else VIRTBOT_LANG.
   */
  langFor(incoming: Incoming): Lang {
    const { settings, config } = this.services;
    const { user: own, workspace: ws } = settings.userAndWorkspaceSetting(incoming.user, 'lang');
    if (own === 'ja' || own === 'en') return own;
    const fromLocale = langFromLocale(incoming.user.locale);
    if (fromLocale === 'ja') return 'ja';
    if (ws === 'ja' || ws === 'en') return ws;
    return fromLocale ?? config.defaultLang;
  }

  private readonly inFlight = new Set<Promise<Reply[]>>();
  private draining = false;

  /**
   * Stops taking new commands and waits for the ones in flight, at most `timeoutMs`.
   * @returns true when all finished in time.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const done = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }

  /** Handles one command or action; never throws. While draining, answers that the bot is restarting. */
  handle(incoming: Incoming): Promise<Reply[]> {
    if (this.draining) {
      return Promise.resolve([{ ...privateText(t({ ja: 'ボットは再起動中です。少し待ってからもう一度試してください。', en: 'The bot is restarting. Please try again in a moment.' }, this.services.config.defaultLang)), error: true }]);
    }
    const p = this.dispatch(incoming);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async dispatch(incoming: Incoming): Promise<Reply[]> {
    let lang: Lang = this.services.config.defaultLang;
    try {
      lang = this.langFor(incoming);
      const ctx: CommandContext = { incoming, lang, services: this.services };
      const result = incoming.kind === 'action' ? await this.runAction(ctx) : await this.runCommand(ctx);
      return Array.isArray(result) ? result : [result];
    } catch (e) {
      return [this.errorReply(e, lang, incoming)];
    }
  }

  /**
   * Handles chat text (`/virt ask xl list`, `quiz 330.2 5`) as typed in Slack or the
   * console; an empty text shows help. Never throws.
   */
  async handleText(text: string, base: IncomingBase): Promise<Reply[]> {
    const probe: Incoming = { ...base, kind: 'command', name: 'help', args: {} };
    let parsed;
    try {
      parsed = parseCommandText(stripControls(text), this.commands);
    } catch (e) {
      let lang = this.services.config.defaultLang;
      try {
        lang = this.langFor(probe);
      } catch {
        /* the database may be unavailable; fall back to the default language */
      }
      return [this.errorReply(e, lang, probe)];
    }
    return this.handle(parsed ? { ...probe, name: parsed.name, args: parsed.args } : probe);
  }

  /** Autocomplete suggestions (<= 25); errors give an empty list. */
  autocomplete(incoming: Incoming): Suggestion[] {
    try {
      const cmd = this.byName.get(incoming.name);
      const focused = incoming.focused;
      if (!cmd?.autocomplete || !focused) return [];
      const partial = String(incoming.args[focused] ?? '').slice(0, DEFAULT_MAX_STRING);
      const lang = this.langFor(incoming);
      return cmd.autocomplete({ incoming, lang, services: this.services }, focused, partial).slice(0, 25);
    } catch (e) {
      this.services.log.warn({ err: e }, 'autocomplete failed');
      return [];
    }
  }

  private async runCommand(ctx: CommandContext): Promise<HandlerResult> {
    const { incoming } = ctx;
    const cmd = this.byName.get(incoming.name);
    if (!cmd) {
      throw new UserError('unknown_command', fmt({ ja: '「{n}」というコマンドはありません。', en: 'There is no command "{n}".' }, { n: incoming.name.slice(0, 40) }), '/virt help');
    }
    if (cmd.adminOnly && !incoming.isAdmin) {
      throw new UserError('forbidden', {
        ja: 'このコマンドはサーバー／ワークスペースの管理者だけが使えます。',
        en: 'Only server or workspace admins can use this command.',
      });
    }
    const args = this.checkArgs(cmd, incoming, ctx.lang);
    return cmd.run(ctx, args);
  }

  /**
   * Whether `id` (a button or select id, e.g. `quiz.a:12:B`) names one of the actions,
   * whatever its arguments; the console uses it to tell a typo from an old button.
   */
  isAction(id: string): boolean {
    return this.actionOf(id) !== undefined;
  }

  /** The action an id names and the rest of the id after its prefix (`quiz.a:12:B` → quiz.a, `12:B`). */
  private actionOf(id: string): { action: ActionDecl; rest: string } | undefined {
    const colon = id.indexOf(':');
    const action = this.byPrefix.get(colon < 0 ? id : id.slice(0, colon));
    return action && { action, rest: colon < 0 ? '' : id.slice(colon + 1) };
  }

  private async runAction(ctx: CommandContext): Promise<HandlerResult> {
    const found = this.actionOf(ctx.incoming.name);
    if (!found) {
      throw new UserError('expired', { ja: 'このボタンはもう使えません。', en: 'This button is no longer active.' });
    }
    return found.action.run(ctx, found.rest);
  }

  // Text arguments lose terminal escape sequences and control characters (a pasted coloured command line).
  private checkArgs(cmd: CommandDecl, incoming: Incoming, lang: Lang): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    const usage = usageOf(cmd);
    for (const opt of cmd.options) {
      const raw = incoming.args[opt.name];
      if (raw === undefined || raw === '') {
        if (opt.required) {
          throw new UserError('usage', fmt({ ja: '{name} を指定してください。', en: 'Please give the {name}.' }, { name: opt.name }), usage);
        }
        continue;
      }
      if (Array.isArray(raw)) throw new UserError('bad_argument', fmt({ ja: '{name} の値が正しくありません。', en: 'Invalid value for {name}.' }, { name: opt.name }), usage);
      let value: string | number | boolean = raw;
      if (opt.type === 'integer') {
        const n = typeof raw === 'number' ? raw : Number(String(raw).normalize('NFKC'));
        if (!Number.isInteger(n) || (opt.min !== undefined && n < opt.min) || (opt.max !== undefined && n > opt.max)) {
          throw new UserError(
            'bad_argument',
            fmt({ ja: '{name} は {min}〜{max} の整数で指定してください。', en: '{name} must be a whole number from {min} to {max}.' }, { name: opt.name, min: opt.min ?? '-∞', max: opt.max ?? '∞' }),
            usage,
          );
        }
        value = n;
      } else if (opt.type === 'boolean') {
        value = raw === true || raw === 'true';
      } else {
        const s = stripControls(String(raw));
        const limit = opt.maxLength ?? DEFAULT_MAX_STRING;
        if ([...s].length > limit) {
          throw new UserError('too_long', fmt({ ja: '{name} が長すぎます（{limit} 文字まで）。', en: '{name} is too long (at most {limit} characters).' }, { name: opt.name, limit }), usage);
        }
        if (opt.choices) {
          const norm = s.normalize('NFKC').trim().toLowerCase();
          const hit = opt.choices.find((c) => c.value.toLowerCase() === norm);
          if (!hit) {
            const rule = fmt({ ja: '{name} は次のどれかです: {list}', en: '{name} must be one of: {list}' }, { name: opt.name, list: opt.choices.map((c) => c.value).join(', ') });
            // Where an objective goes, a 305 objective id gets pointed to its 304 objectives.
            const hint = opt.choices.every((c) => /^330\.\d$/.test(c.value)) ? hintFor305(norm, this.services.content) : undefined;
            throw new UserError('bad_argument', hint ? { ja: `${hint.ja}\n${rule.ja}`, en: `${hint.en}\n${rule.en}` } : rule, usage);
          }
          value = hit.value;
        } else value = s;
      }
      out[opt.name] = value;
    }
    void lang;
    return out;
  }

  /** The private reply to a failure, marked `error` (see Reply.error). */
  private errorReply(e: unknown, lang: Lang, incoming: Incoming): Reply {
    if (e instanceof UserError) {
      const usage = e.usage ? `\n${t({ ja: '使い方:', en: 'Usage:' }, lang)}\n${e.usage}` : '';
      return { ...privateText(t(e.text, lang) + usage), error: true };
    }
    const errorId = randomBytes(4).toString('hex');
    this.services.runtime.noteFailure?.(e);
    this.services.log.error({ err: e, errorId, command: incoming.name, kind: incoming.kind, platform: incoming.user.platform }, 'handler failed');
    const text = t(fmt({ ja: '内部エラーが発生しました（エラー ID: {id}）。時間をおいて試してください。', en: 'Something went wrong on our side (error id: {id}). Please try again later.' }, { id: errorId }), lang);
    return { ...privateText(text), error: true };
  }
}
