/**
 * Turns a discord.js interaction into plain data for the core: an Incoming, or
 * the one purely Discord-side step (open the modal of a typed answer). No study
 * logic here.
 */
import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { ArgValue, Incoming, UserRef } from '../../core/model.js';
import { MODAL_INPUT_ID, parseModalOpenerId } from './render.js';
import { ROOT_COMMAND } from './commands.js';

export type Inbound =
  | { type: 'incoming'; incoming: Incoming }
  /** A typed-answer button: show the modal (Discord needs that as the first response, so the core is not involved). */
  | { type: 'open-modal'; inputId: string; maxLength: number; label: string; title: string; incoming: Incoming }
  | { type: 'ignored'; reason: string };

type Base = Omit<Incoming, 'kind' | 'name' | 'args' | 'focused'>;

function base(interaction: Interaction, receivedAt: Date): Base {
  const member = interaction.member;
  const displayName =
    member && 'displayName' in member ? member.displayName : (member?.nick ?? interaction.user.globalName ?? interaction.user.username);
  const user: UserRef = {
    platform: 'discord',
    // A DM has no guild: users there are keyed with an empty workspace id.
    workspaceId: interaction.guildId ?? '',
    userId: interaction.user.id,
    displayName,
    locale: interaction.locale,
  };
  return {
    user,
    channelId: interaction.channelId ?? '',
    isDirect: !interaction.guildId,
    // Manage Server, as the member's permissions in this channel say (Administrator implies it). DMs have no member.
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    receivedAt,
  };
}

/** `/virt config lang` → 'config lang'; `/virt ask` → 'ask'; undefined for another command. */
function commandName(i: ChatInputCommandInteraction | AutocompleteInteraction): string | undefined {
  if (i.commandName !== ROOT_COMMAND) return undefined;
  const group = i.options.getSubcommandGroup(false);
  const sub = i.options.getSubcommand(false);
  if (!sub) return undefined;
  return group ? `${group} ${sub}` : sub;
}

/** The leaf options (below the subcommand and group) by name. */
function leafArgs(data: readonly CommandInteractionOption[]): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  for (const o of data) {
    if (o.options) Object.assign(out, leafArgs(o.options));
    else if (o.value !== undefined && o.value !== null) out[o.name] = o.value;
  }
  return out;
}

/**
 * Classifies one interaction.
 * @param receivedAt the app clock's now (UTC), stored as Incoming.receivedAt.
 */
export function toInbound(interaction: Interaction, receivedAt: Date): Inbound {
  if (interaction.isChatInputCommand()) {
    const name = commandName(interaction);
    if (!name) return { type: 'ignored', reason: `command ${interaction.commandName}` };
    return { type: 'incoming', incoming: { ...base(interaction, receivedAt), kind: 'command', name, args: leafArgs(interaction.options.data) } };
  }
  if (interaction.isAutocomplete()) {
    const name = commandName(interaction);
    if (!name) return { type: 'ignored', reason: `autocomplete ${interaction.commandName}` };
    const focused = interaction.options.getFocused(true);
    return {
      type: 'incoming',
      incoming: { ...base(interaction, receivedAt), kind: 'autocomplete', name, focused: focused.name, args: { ...leafArgs(interaction.options.data), [focused.name]: String(focused.value) } },
    };
  }
  if (interaction.isButton()) {
    const opener = parseModalOpenerId(interaction.customId);
    if (opener) {
      const component = interaction.component as { label?: string | null } | undefined;
      const label = component?.label ?? '';
      const title = interaction.message.embeds[0]?.title ?? label;
      // The click itself, so the adapter can ask the core for the clicker's language.
      const incoming: Incoming = { ...base(interaction, receivedAt), kind: 'action', name: interaction.customId, args: {} };
      return { type: 'open-modal', ...opener, label, title, incoming };
    }
    return { type: 'incoming', incoming: { ...base(interaction, receivedAt), kind: 'action', name: interaction.customId, args: {} } };
  }
  if (interaction.isStringSelectMenu()) {
    return { type: 'incoming', incoming: { ...base(interaction, receivedAt), kind: 'action', name: interaction.customId, args: { values: [...interaction.values] } } };
  }
  if (interaction.isModalSubmit()) {
    const field = interaction.fields.fields.get(MODAL_INPUT_ID) ?? interaction.fields.fields.first();
    const value = field && 'value' in field && typeof field.value === 'string' ? field.value : '';
    return { type: 'incoming', incoming: { ...base(interaction, receivedAt), kind: 'action', name: interaction.customId, args: { value } } };
  }
  return { type: 'ignored', reason: `interaction type ${interaction.type}` };
}
