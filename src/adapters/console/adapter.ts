/**
 * The console adapter: the embedded default when no Discord or Slack token is set.
 * On a terminal it is a small REPL; with --json (or stdin not a terminal) it reads
 * one line at a time and prints each Reply as one JSON line.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Button, Block, Incoming, Message, Reply } from '../../core/model.js';
import type { Destination, Poster, PostResult } from '../../core/ports.js';
import type { IncomingBase, Router } from '../../core/router.js';
import type { Clock } from '../../core/ports.js';
import type { LocalText } from '../../content/schema.js';
import { langFromLocale, t } from '../../core/i18n.js';
import { cut, message } from '../../core/reply.js';
import { parseConsoleLine } from './inbound.js';
import { renderJson, renderText } from './render.js';

/** The console's workspace id (users are keyed by platform + workspace + user). */
export const CONSOLE_WORKSPACE = 'console';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  json: boolean;
  clock: Clock;
  /** Show a prompt and the welcome text (interactive terminal). */
  interactive?: boolean;
}

const HELP = [
  'コンソール / console: /virt <command>（例 e.g. /virt ask xl list, /virt help）',
  '  N / click ID   ボタンを押す press a button      answer TEXT  記述式の回答 typed answer',
  '  pick A B       選んで送信 submit a selection   :user NAME   別のユーザー act as another user',
  '  :channel NAME  チャンネル switch channel       :admin on|off  :locale en|ja  :quit',
].join('\n');

/** Console-only notes, shown in the language the core would answer the current user in. */
const NOTES = {
  noButton: (n: string): LocalText => {
    const shown = cut(n, 41); // 40 characters, then "…"
    return { ja: `ボタン ${shown} はありません`, en: `there is no button ${shown}` };
  },
  noInput: { ja: 'このチャンネルには記述式の回答を待っている問題はありません', en: 'nothing in this channel is waiting for a typed answer' },
  noSelect: { ja: 'このチャンネルには選択式の回答を待っている問題はありません', en: 'nothing in this channel is waiting for a selection' },
  incomplete: {
    click: { ja: 'click の後にボタンの番号か ID を書いてください（例: click 1）', en: 'click needs a button number or id: click 1' },
    answer: { ja: 'answer の後に答えを書いてください（例: answer virsh list --all）', en: 'type your answer after it: answer virsh list --all' },
    pick: { ja: 'pick の後に選ぶ記号を書いてください（例: pick A C）', en: 'pick needs your choices: pick A C' },
  },
  user: (n: string): LocalText => ({ ja: `ユーザー: ${n}`, en: `user: ${n}` }),
  channel: (n: string): LocalText => ({ ja: `チャンネル: #${n}`, en: `channel: #${n}` }),
  admin: (on: boolean): LocalText => ({ ja: `管理者: ${on ? 'on' : 'off'}`, en: `admin: ${on ? 'on' : 'off'}` }),
  locale: (l: string, known: boolean): LocalText =>
    known ? { ja: `ロケール: ${l}`, en: `locale: ${l}` } : { ja: `ロケール: ${l}（日本語と英語以外なので、既定の言語で答えます）`, en: `locale: ${l} (neither ja nor en: answers come in the default language)` },
  unknown: (line: string): LocalText => ({ ja: `「${line}」は分かりません`, en: `not understood: ${line}` }),
};

export class ConsoleAdapter implements Poster {
  private user = 'you';
  private channel = 'general';
  private admin = true;
  private locale: string | undefined;
  private buttons: Button[] = [];
  /** The latest select and text input shown in each channel: `pick` and `answer` go to the ones of the channel you are in. */
  private readonly lastSelect = new Map<string, Extract<Block, { type: 'select' }>>();
  private readonly lastInput = new Map<string, Extract<Block, { type: 'input' }>>();
  private posted = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly router: Router,
    private readonly opts: ConsoleOptions,
  ) {}

  /** Reads lines until end of input or :quit. Never exits on bad input. */
  async run(): Promise<void> {
    const rl = createInterface({ input: this.opts.input, terminal: false, crlfDelay: Infinity });
    if (this.opts.interactive) this.write(`virtbot console — ${HELP}\n`);
    this.prompt();
    for await (const line of rl) {
      const quit = await this.line(line);
      if (quit) break;
      this.prompt();
    }
    rl.close();
    await this.queue;
  }

  /** Handles one console line; resolves true on :quit. Exposed for tests. */
  async line(raw: string): Promise<boolean> {
    const input = parseConsoleLine(raw);
    switch (input.type) {
      case 'empty':
        return false;
      case 'quit':
        return true;
      case 'meta-help':
        if (input.unknown) this.note(NOTES.unknown(input.unknown));
        this.note(HELP);
        return false;
      case 'incomplete':
        this.note(NOTES.incomplete[input.what]);
        return false;
      case 'user':
        this.user = input.name;
        this.note(NOTES.user(input.name));
        return false;
      case 'channel':
        this.channel = input.name;
        this.note(NOTES.channel(input.name));
        return false;
      case 'admin':
        this.admin = input.on;
        this.note(NOTES.admin(input.on));
        return false;
      case 'locale':
        this.locale = input.locale;
        // Like a Discord or Slack client in that locale: only ja and en have texts; others get the server's default language.
        this.note(NOTES.locale(input.locale, langFromLocale(input.locale) !== undefined));
        return false;
      case 'command':
        this.show(await this.router.handleText(input.text, this.base()));
        return false;
      case 'click': {
        const byNumber = /^\d+$/.test(input.target) ? this.buttons[Number(input.target) - 1] : undefined;
        // A number not on screen, or an id no action has (a typo): say so, instead of the core's "no longer active".
        if (/^\d+$/.test(input.target) ? !byNumber : !this.router.isAction(input.target)) {
          this.note(NOTES.noButton(input.target));
          return false;
        }
        this.show(await this.router.handle(this.action(byNumber ? byNumber.id : input.target, {})));
        return false;
      }
      case 'answer': {
        const id = input.id ?? this.lastInput.get(this.channel)?.id;
        if (!id) {
          this.note(NOTES.noInput);
          return false;
        }
        this.show(await this.router.handle(this.action(id, { value: input.text })));
        return false;
      }
      case 'pick': {
        const id = input.id ?? this.lastSelect.get(this.channel)?.id;
        if (!id) {
          this.note(NOTES.noSelect);
          return false;
        }
        this.show(await this.router.handle(this.action(id, { values: input.values })));
        return false;
      }
    }
  }

  /** Poster: the console prints proactive posts (daily question) like replies. */
  async post(to: Destination, m: Message): Promise<PostResult> {
    const id = `console-${++this.posted}`;
    this.show([{ visibility: 'public', message: { ...m, title: m.title ? `#${to.channelId} ${m.title}` : `#${to.channelId}` } }], true, to.channelId);
    return { status: 'ok', messageId: id };
  }

  /** Poster: a message for one user (the exam time-out), printed as private and addressed to them. */
  async notify(to: Destination, userId: string, m: Message): Promise<PostResult> {
    this.show([{ visibility: 'private', message: { ...m, title: `@${userId} ${m.title ?? ''}`.trim() } }], false, to.channelId);
    return { status: 'ok', messageId: `console-${++this.posted}` };
  }

  /** Poster: an edit (the daily reveal) is printed again, marked ✎ as the platforms mark an edited message; the internal id stays out of sight. */
  async edit(to: Destination, messageId: string, m: Message): Promise<PostResult> {
    this.show([{ visibility: 'public', message: { ...m, title: `#${to.channelId} ✎ ${m.title ?? ''}`.trim() } }], true, to.channelId);
    return { status: 'ok', messageId };
  }

  private base(): IncomingBase {
    return {
      user: { platform: 'console', workspaceId: CONSOLE_WORKSPACE, userId: this.user, displayName: this.user, ...(this.locale ? { locale: this.locale } : {}) },
      channelId: this.channel,
      isDirect: false,
      isAdmin: this.admin,
      receivedAt: this.opts.clock.now(),
    };
  }

  private action(id: string, args: Incoming['args']): Incoming {
    return { ...this.base(), kind: 'action', name: id, args };
  }

  /** Prints a console note; a LocalText in the current user's language (both, if the language cannot be read). */
  private note(text: string | LocalText): void {
    let shown: string;
    if (typeof text === 'string') shown = text;
    else {
      try {
        shown = t(text, this.router.langFor({ ...this.base(), kind: 'command', name: 'help', args: {} }));
      } catch {
        shown = `${text.ja} / ${text.en}`;
      }
    }
    this.show([{ visibility: 'private', message: message(undefined, [{ type: 'text', text: shown }]) }], false);
  }

  /**
   * Prints replies (shown in `channel`); a reply of the core (not a console note) decides what
   * the numbers press next, unless it is a refusal or failure (Reply.error), which changed nothing:
   * another console user pressing someone's button must not take the owner's numbers away.
   */
  private show(replies: Reply[], fromCore = true, channel = this.channel): void {
    const buttons: Button[] = [];
    for (const r of replies) {
      for (const b of r.message.blocks) {
        if (b.type === 'select') this.lastSelect.set(channel, b);
        if (b.type === 'input') this.lastInput.set(channel, b);
      }
      // renderText numbers the buttons as it prints them; JSON mode numbers them in the same order.
      if (this.opts.json) {
        for (const b of r.message.blocks) if (b.type === 'buttons') buttons.push(...b.buttons);
        this.write(renderJson(r) + '\n');
      } else this.write(renderText(r, buttons) + '\n\n');
    }
    // A new reply without buttons (a "choose two" question) must not leave older numbers pressable.
    if (fromCore && !replies.every((r) => r.error)) this.buttons = buttons;
  }

  private prompt(): void {
    if (this.opts.interactive) this.write(`${this.user}@#${this.channel}> `);
  }

  private write(s: string): void {
    this.opts.output.write(s);
  }
}
