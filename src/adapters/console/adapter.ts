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
import { message } from '../../core/reply.js';
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
  'console: /virt <command> (e.g. /virt ask xl list, /virt help)',
  '  N or click ID   press a button      answer TEXT   submit a typed answer',
  '  pick A B        submit a selection  :user NAME    act as another user',
  '  :channel NAME   switch channel      :admin on|off :locale en|ja   :quit',
].join('\n');

export class ConsoleAdapter implements Poster {
  private user = 'you';
  private channel = 'general';
  private admin = true;
  private locale: string | undefined;
  private buttons: Button[] = [];
  private lastSelect: Extract<Block, { type: 'select' }> | undefined;
  private lastInput: Extract<Block, { type: 'input' }> | undefined;
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
        this.note(HELP);
        return false;
      case 'user':
        this.user = input.name;
        this.note(`now acting as ${input.name}`);
        return false;
      case 'channel':
        this.channel = input.name;
        this.note(`now in #${input.name}`);
        return false;
      case 'admin':
        this.admin = input.on;
        this.note(`admin ${input.on ? 'on' : 'off'}`);
        return false;
      case 'locale':
        this.locale = input.locale;
        this.note(`locale ${input.locale}`);
        return false;
      case 'command':
        this.show(await this.router.handleText(input.text, this.base()));
        return false;
      case 'click': {
        const byNumber = /^\d+$/.test(input.target) ? this.buttons[Number(input.target) - 1] : undefined;
        if (/^\d+$/.test(input.target) && !byNumber) {
          this.note(`there is no button ${input.target}`);
          return false;
        }
        this.show(await this.router.handle(this.action(byNumber ? byNumber.id : input.target, {})));
        return false;
      }
      case 'answer': {
        const id = input.id ?? this.lastInput?.id;
        if (!id) {
          this.note('nothing is waiting for a typed answer');
          return false;
        }
        this.show(await this.router.handle(this.action(id, { value: input.text })));
        return false;
      }
      case 'pick': {
        const id = input.id ?? this.lastSelect?.id;
        if (!id) {
          this.note('nothing is waiting for a selection');
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
    this.show([{ visibility: 'public', message: { ...m, title: m.title ? `#${to.channelId} ${m.title}` : `#${to.channelId}` } }]);
    return { status: 'ok', messageId: id };
  }

  async edit(to: Destination, messageId: string, m: Message): Promise<PostResult> {
    this.show([{ visibility: 'public', message: { ...m, title: `#${to.channelId} (${messageId}, edited) ${m.title ?? ''}`.trim() } }]);
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

  private note(text: string): void {
    this.show([{ visibility: 'private', message: message(undefined, [{ type: 'text', text }]) }]);
  }

  private show(replies: Reply[]): void {
    const buttons: Button[] = [];
    for (const r of replies) {
      for (const b of r.message.blocks) {
        if (b.type === 'select') this.lastSelect = b;
        if (b.type === 'input') this.lastInput = b;
      }
      // renderText numbers the buttons as it prints them; JSON mode numbers them in the same order.
      if (this.opts.json) {
        for (const b of r.message.blocks) if (b.type === 'buttons') buttons.push(...b.buttons);
        this.write(renderJson(r) + '\n');
      } else this.write(renderText(r, buttons) + '\n\n');
    }
    if (buttons.length) this.buttons = buttons;
  }

  private prompt(): void {
    if (this.opts.interactive) this.write(`${this.user}@#${this.channel}> `);
  }

  private write(s: string): void {
    this.opts.output.write(s);
  }
}
