/**
 * Discord's slash-command JSON for `/virt`, generated from the core's command
 * declarations (src/core/commands/index.ts): one-word names become subcommands,
 * two-word names ('daily set') subcommands in a group ('daily'). English is the
 * default text, Japanese a localization. validateSlashCommand checks the JSON
 * against Discord's limits before anything is sent, because registration is
 * all-or-nothing.
 */
import {
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import type { LocalText } from '../../content/schema.js';
import type { CommandDecl, OptionDecl } from '../../core/command.js';

/** The single top-level command; everything else is a subcommand of it. */
export const ROOT_COMMAND = 'virt';
const ROOT_DESCRIPTION: LocalText = { ja: 'LPIC-3 仮想化の学習ボット', en: 'LPIC-3 virtualization study bot' };

// Limits: https://discord.com/developers/docs/interactions/application-commands#application-command-object
// (names, descriptions, options, choices) and #registering-a-command (combined size).
export const COMMAND_NAME_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 100;
export const COMMAND_OPTIONS_MAX = 25;
export const OPTION_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;
export const STRING_OPTION_LENGTH_MAX = 6000;
/** Name + description + choice names/values of a command and all its options, longest localization counted. */
export const COMMAND_TOTAL_CHARS_MAX = 4000;
/** Discord's name rule (lowercase where the script has case). */
const NAME_RE = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export type SlashCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Registration refused before any call: one line per offending field. */
export class CommandValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`the /${ROOT_COMMAND} command does not fit Discord's limits:\n  ${problems.join('\n  ')}`);
    this.name = 'CommandValidationError';
  }
}

const OPTION_TYPE: Record<OptionDecl['type'], ApplicationCommandOptionType.String | ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Boolean | ApplicationCommandOptionType.Channel> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  channel: ApplicationCommandOptionType.Channel,
};

function option(o: OptionDecl): APIApplicationCommandBasicOption {
  const common = { name: o.name, description: o.description.en, description_localizations: { ja: o.description.ja }, required: o.required ?? false };
  switch (o.type) {
    case 'integer':
      return { ...common, type: ApplicationCommandOptionType.Integer, ...(o.min !== undefined ? { min_value: o.min } : {}), ...(o.max !== undefined ? { max_value: o.max } : {}) };
    case 'boolean':
      return { ...common, type: ApplicationCommandOptionType.Boolean };
    case 'channel':
      return { ...common, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
    default:
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
        ...(o.choices ? { choices: o.choices.map((c) => ({ name: c.label.en, name_localizations: { ja: c.label.ja }, value: c.value })) } : {}),
        ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
  }
}

function subcommand(name: string, c: CommandDecl): APIApplicationCommandSubcommandOption {
  // Discord wants required options first; options are matched by name, so the order is free.
  const options = [...c.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(option);
  return { type: ApplicationCommandOptionType.Subcommand, name, description: c.description.en, description_localizations: { ja: c.description.ja }, options };
}

/**
 * The `/virt` command JSON for PUT /applications/{app}/commands.
 * Names with more than two words are kept as given so validation reports them.
 */
export function buildSlashCommand(commands: readonly CommandDecl[]): SlashCommandJson {
  const options: APIApplicationCommandOption[] = [];
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  for (const c of commands) {
    const words = c.name.split(' ');
    if (words.length === 2) {
      const [g, sub] = words as [string, string];
      let group = groups.get(g);
      if (!group) {
        group = { type: ApplicationCommandOptionType.SubcommandGroup, name: g, description: '', description_localizations: { ja: '' }, options: [] };
        groups.set(g, group);
        options.push(group);
      }
      group.options!.push(subcommand(sub, c));
    } else {
      options.push(subcommand(c.name, c));
    }
  }
  for (const [g, group] of groups) {
    // Groups are not declared in the core: describe one by its subcommands.
    const subs = group.options!.map((s) => s.name).join(', ');
    group.description = clipTo(`${g}: ${subs}`, COMMAND_DESCRIPTION_MAX);
    group.description_localizations = { ja: clipTo(`${g}: ${subs}`, COMMAND_DESCRIPTION_MAX) };
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name: ROOT_COMMAND,
    description: ROOT_DESCRIPTION.en,
    description_localizations: { ja: ROOT_DESCRIPTION.ja },
    // Usable in servers and in DMs with the bot (server install).
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options,
  };
}

function clipTo(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

type AnyOption = APIApplicationCommandOption & {
  options?: AnyOption[];
  choices?: { name: string; name_localizations?: Record<string, string | null> | null; value: string | number }[];
  description_localizations?: Record<string, string | null> | null;
  autocomplete?: boolean;
  max_length?: number;
  min_value?: number;
  max_value?: number;
};

/** Longest text among a field and its localizations (Discord counts that one toward the 4,000). */
function longest(s: string, loc: Record<string, string | null> | null | undefined): number {
  return Math.max(s.length, ...Object.values(loc ?? {}).map((v) => v?.length ?? 0));
}

/**
 * Every way `json` breaks Discord's command rules, each naming the field, e.g.
 * `/virt ask › option "query": description_localizations.ja is 101 characters (Discord allows 1-100)`.
 * Empty when it can be registered.
 */
export function validateSlashCommand(json: SlashCommandJson): string[] {
  const problems: string[] = [];
  let total = 0;
  const checkName = (where: string, name: string) => {
    total += name.length;
    if (!NAME_RE.test(name) || name !== name.toLowerCase()) {
      problems.push(`${where}: name "${name.slice(0, 40)}" must be 1-${COMMAND_NAME_MAX} lowercase letters, digits, "-" or "_" (no spaces)`);
    }
  };
  const checkDescription = (where: string, d: string, loc: Record<string, string | null> | null | undefined) => {
    total += longest(d, loc);
    const all: [string, string][] = [['description', d], ...Object.entries(loc ?? {}).map(([k, v]): [string, string] => [`description_localizations.${k}`, v ?? ''])];
    for (const [field, text] of all) {
      if (text.length < 1 || text.length > COMMAND_DESCRIPTION_MAX) {
        problems.push(`${where}: ${field} is ${text.length} characters (Discord allows 1-${COMMAND_DESCRIPTION_MAX})`);
      }
    }
  };
  const checkList = (where: string, list: readonly { name: string }[]) => {
    if (list.length > COMMAND_OPTIONS_MAX) problems.push(`${where}: ${list.length} options (Discord allows ${COMMAND_OPTIONS_MAX})`);
    const seen = new Set<string>();
    for (const o of list) {
      if (seen.has(o.name)) problems.push(`${where}: option name "${o.name}" is used twice`);
      seen.add(o.name);
    }
  };
  const root = `/${json.name}`;
  checkName(root, json.name);
  checkDescription(root, json.description ?? '', json.description_localizations);
  const top = (json.options ?? []) as AnyOption[];
  checkList(root, top);
  const leafOptions = (where: string, opts: AnyOption[]) => {
    checkList(where, opts);
    let optionalSeen = false;
    for (const o of opts) {
      const at = `${where} › option "${o.name}"`;
      checkName(at, o.name);
      checkDescription(at, o.description, o.description_localizations);
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        problems.push(`${at}: a subcommand cannot be nested here`);
        continue;
      }
      if (o.required && optionalSeen) problems.push(`${at}: required options must come before optional ones`);
      if (!o.required) optionalSeen = true;
      if (o.choices) {
        if (o.choices.length > OPTION_CHOICES_MAX) problems.push(`${at}: ${o.choices.length} choices (Discord allows ${OPTION_CHOICES_MAX})`);
        if (o.autocomplete) problems.push(`${at}: autocomplete cannot be combined with choices`);
        for (const c of o.choices) {
          total += longest(c.name, c.name_localizations) + String(c.value).length;
          for (const [field, text] of [['name', c.name], ...Object.entries(c.name_localizations ?? {}).map(([k, v]) => [`name_localizations.${k}`, v ?? ''])] as [string, string][]) {
            if (text.length < 1 || text.length > CHOICE_NAME_MAX) problems.push(`${at} › choice "${String(c.value).slice(0, 40)}": ${field} is ${text.length} characters (Discord allows 1-${CHOICE_NAME_MAX})`);
          }
          if (typeof c.value === 'string' && (c.value.length < 1 || c.value.length > CHOICE_VALUE_MAX)) {
            problems.push(`${at} › choice "${c.value.slice(0, 40)}": value is ${c.value.length} characters (Discord allows 1-${CHOICE_VALUE_MAX})`);
          }
        }
      }
      if (o.max_length !== undefined && (o.max_length < 1 || o.max_length > STRING_OPTION_LENGTH_MAX)) {
        problems.push(`${at}: max_length ${o.max_length} (Discord allows 1-${STRING_OPTION_LENGTH_MAX})`);
      }
      if (o.min_value !== undefined && o.max_value !== undefined && o.min_value > o.max_value) problems.push(`${at}: min_value ${o.min_value} is above max_value ${o.max_value}`);
    }
  };
  for (const o of top) {
    const at = `${root} ${o.name}`;
    checkName(at, o.name);
    checkDescription(at, o.description, o.description_localizations);
    if (o.type === ApplicationCommandOptionType.SubcommandGroup) {
      const subs = o.options ?? [];
      checkList(at, subs);
      if (!subs.length) problems.push(`${at}: a subcommand group needs at least one subcommand`);
      for (const s of subs) {
        const sat = `${at} ${s.name}`;
        checkName(sat, s.name);
        checkDescription(sat, s.description, s.description_localizations);
        if (s.type !== ApplicationCommandOptionType.Subcommand) problems.push(`${sat}: only subcommands can be in a group`);
        else leafOptions(sat, s.options ?? []);
      }
    } else if (o.type === ApplicationCommandOptionType.Subcommand) {
      leafOptions(at, o.options ?? []);
    } else {
      problems.push(`${at}: /${json.name} takes subcommands only`);
    }
  }
  if (total > COMMAND_TOTAL_CHARS_MAX) problems.push(`${root}: names, descriptions and choices add up to ${total} characters (Discord allows ${COMMAND_TOTAL_CHARS_MAX})`);
  return problems;
}

/**
 * Builds and validates the `/virt` JSON.
 * @throws CommandValidationError naming every offending field.
 */
export function slashCommandsFor(commands: readonly CommandDecl[]): SlashCommandJson[] {
  for (const c of commands) {
    if (c.name.split(' ').length > 2) throw new CommandValidationError([`/${ROOT_COMMAND} ${c.name}: a command name has one or two words`]);
  }
  const json = buildSlashCommand(commands);
  const problems = validateSlashCommand(json);
  if (problems.length) throw new CommandValidationError(problems);
  return [json];
}
