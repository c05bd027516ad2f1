/**
 * The platform-neutral boundary between chat adapters and the core. Plain data
 * only: no discord.js or Bolt object ever crosses it.
 */
import type { Lang } from '../content/schema.js';
export type { Lang };

export type Platform = 'discord' | 'slack' | 'console';

/** Who acts. Users are keyed by (platform, workspaceId, userId); workspaceId is the guild or Slack workspace id ('' in a Discord DM). */
export interface UserRef {
  platform: Platform;
  workspaceId: string;
  userId: string;
  displayName?: string;
  /** The platform's locale for the user, e.g. 'ja', 'en-US' (Discord interaction locale, Slack user locale). */
  locale?: string;
}

/** Argument values after parsing; multi-selects give string[]. */
export type ArgValue = string | number | boolean | string[];

/** One platform event turned into plain data. */
export interface Incoming {
  /** command: a slash command; action: a button, select or text-input submission; autocomplete: a partial option value. */
  kind: 'command' | 'action' | 'autocomplete';
  /** Command name ('ask', 'daily set') or, for an action, the component id the core issued ('quiz.answer:12:3'). */
  name: string;
  /** Command options by name; for an action: { value } (text input) or { values } (select). For autocomplete: the focused option's partial text in `args[focused]`. */
  args: Readonly<Record<string, ArgValue>>;
  /** For autocomplete: the name of the option being typed. */
  focused?: string;
  user: UserRef;
  channelId: string;
  isDirect: boolean;
  /** The platform says the user may manage the server/workspace (Discord Manage Server, Slack admin/owner or SLACK_ADMIN_USERS). */
  isAdmin: boolean;
  receivedAt: Date;
}

export interface Button {
  /** Opaque component id issued by the core: '<action>:<args>' (<= 100 chars, Discord custom_id limit). */
  id: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

/**
 * The message model: adapters render it into embeds/components (Discord), Block
 * Kit (Slack) or text/JSON (console). Text is plain: renderers escape it.
 */
export type Block =
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'code'; text: string }
  | { type: 'buttons'; buttons: Button[] }
  /** Pick min..max options, then submit (a "choose two" question). Submitting sends an action with { values }. */
  | { type: 'select'; id: string; placeholder: string; min: number; max: number; options: { value: string; label: string }[] }
  /** A text answer: a modal (Discord, Slack) or `answer TEXT` (console). Submitting sends an action with { value }. */
  | { type: 'input'; id: string; label: string; placeholder?: string; maxLength: number }
  | { type: 'divider' };

export interface Message {
  title?: string;
  blocks: Block[];
  /** Plain text of it all, for notifications and clients that cannot show blocks. */
  fallback: string;
}

/** What the core answers to one Incoming. */
export interface Reply {
  /** public: visible to the channel; private: only the acting user (ephemeral, DM or console). */
  visibility: 'public' | 'private';
  message: Message;
  /** Replace the message the action came from instead of posting a new one. */
  replaces?: 'original';
  /** A file to attach (e.g. /virt mydata): name and UTF-8 content. */
  file?: { name: string; content: string };
  /**
   * Set by the router on a refusal or failure (a UserError, an internal error, "restarting"):
   * nothing changed, so an adapter keeps what it showed before (the console its numbered buttons).
   */
  error?: true;
}

/** An autocomplete suggestion (Discord allows 25 at most). */
export interface Suggestion {
  name: string;
  value: string;
}
