/**
 * Command declarations: declared once here, from which Discord's slash-command
 * JSON, the Slack/console text parser and the help text are all generated.
 */
import type { Lang, LocalText } from '../content/schema.js';
import type { Incoming, Reply, Suggestion } from './model.js';
import type { Services } from './services.js';

export type OptionType = 'string' | 'integer' | 'boolean' | 'channel';

export interface OptionDecl {
  /** Lowercase, 1-32 chars (Discord option name rule). */
  name: string;
  type: OptionType;
  description: LocalText;
  required?: boolean;
  /** Fixed choices (<= 25, Discord limit). */
  choices?: readonly { value: string; label: LocalText }[];
  /** Integer bounds (inclusive). */
  min?: number;
  max?: number;
  /** String length limit in characters. */
  maxLength?: number;
  /** In text form (Slack, console) this option takes the rest of the line: `ask xl list`. */
  rest?: boolean;
  /** Discord autocomplete from the core's `autocomplete` handler. */
  autocomplete?: boolean;
}

/** What a handler gets: the incoming event, the resolved language and the services. */
export interface CommandContext {
  incoming: Incoming;
  lang: Lang;
  services: Services;
}

export type HandlerResult = Reply | Reply[];

export interface CommandDecl {
  /** One or two lowercase words: 'ask', 'daily set' (the second word is a Discord subcommand in a group). */
  name: string;
  description: LocalText;
  options: readonly OptionDecl[];
  /** Needs Manage Server (Discord) / workspace admin (Slack). */
  adminOnly?: boolean;
  /** Extra help text (rules such as how points are counted). */
  help?: LocalText;
  /** Typed args: strings, numbers (integer), booleans; absent optional options are missing. */
  run(ctx: CommandContext, args: Readonly<Record<string, string | number | boolean>>): HandlerResult | Promise<HandlerResult>;
  autocomplete?(ctx: CommandContext, option: string, partial: string): Suggestion[];
}

/** A component handler: ids '<prefix>:<rest>' issued by the core go to the action with that prefix. */
export interface ActionDecl {
  prefix: string;
  run(ctx: CommandContext, rest: string): HandlerResult | Promise<HandlerResult>;
}

/** Usage line of a command in text form, e.g. `/virt quiz [objective] [count]`. */
export function usageOf(cmd: CommandDecl): string {
  // Options are positional in this order or `name:value`; an optional channel is only
  // taken by name (textCommand), so it is shown that way.
  const parts = cmd.options.map((o) => {
    const label = o.type === 'channel' ? `${o.name}:<${o.name}>` : o.choices && o.choices.length <= 4 ? o.choices.map((c) => c.value).join('|') : o.name;
    return o.required ? `<${label}>` : `[${label}]`;
  });
  return ['/virt', cmd.name, ...parts].join(' ');
}
