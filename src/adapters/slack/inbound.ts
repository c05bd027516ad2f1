/**
 * Turns Slack payloads (slash command, block_actions, view_submission) into the core's
 * plain data: who and where (IncomingBase) and what the user did. No study logic here:
 * command text goes to `router.handleText`, component ids back to the core unchanged.
 */
import type { BlockAction, SlashCommand, ViewSubmitAction } from '@slack/bolt';
import type { IncomingBase } from '../../core/router.js';
import { decodeValue, INPUT_ACTION_ID, INPUT_BLOCK_ID, type InputSpec } from './render.js';
import type { SlackUserInfo } from './users.js';

/**
 * True for a direct message: an IM (ids start with D) or a group DM (`mpdm-…`).
 * There the bot may not be a member, so public answers go through the response_url.
 */
export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage' || !!channelName?.startsWith('mpdm-');
}

function base(teamId: string, userId: string, fallbackName: string | undefined, channelId: string, isDirect: boolean, who: SlackUserInfo, receivedAt: Date): IncomingBase {
  const displayName = who.displayName ?? fallbackName;
  return {
    user: {
      platform: 'slack',
      workspaceId: teamId,
      userId,
      ...(displayName ? { displayName } : {}),
      ...(who.locale ? { locale: who.locale } : {}),
    },
    channelId,
    isDirect,
    isAdmin: who.isAdmin,
    receivedAt,
  };
}

/**
 * The command text as the user typed it. Slack sends & < > HTML-escaped in message
 * and command text; undo exactly those three (&amp; last, so "&amp;lt;" stays "&lt;").
 * Mentions such as `<#C123|study>` (should_escape: true) are left for the parser.
 */
export function commandText(cmd: Pick<SlashCommand, 'text'>): string {
  return (cmd.text ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Who and where for a slash command. */
export function baseFromCommand(cmd: SlashCommand, who: SlackUserInfo, receivedAt: Date): IncomingBase {
  return base(cmd.team_id, cmd.user_id, cmd.user_name, cmd.channel_id, isDirectChannel(cmd.channel_id, cmd.channel_name), who, receivedAt);
}

/** Team of an interactivity payload (enterprise installs may omit `team`). */
export function teamOf(body: { team: { id: string } | null; user: { team_id?: string } }): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

/** Channel of a block_actions payload (messages carry `channel`; the container always has its id). */
export function channelOfAction(body: BlockAction): { id: string; name?: string } {
  const containerChannel = typeof body.container?.channel_id === 'string' ? (body.container.channel_id as string) : '';
  return body.channel ? { id: body.channel.id, name: body.channel.name } : { id: containerChannel };
}

/** Who and where for a block_actions payload. */
export function baseFromAction(body: BlockAction, who: SlackUserInfo, receivedAt: Date): IncomingBase {
  const ch = channelOfAction(body);
  return base(teamOf(body), body.user.id, body.user.name ?? body.user.username, ch.id, isDirectChannel(ch.id, ch.name), who, receivedAt);
}

/** The message an action came from: its ts, and whether only this user sees it. */
export interface OriginalMessage {
  ts?: string;
  ephemeral: boolean;
}

/** Where the action's message is: ephemeral when the container says so or Slack sent no message. */
export function originalOf(body: BlockAction): OriginalMessage {
  const c = body.container ?? {};
  const ephemeral = c.is_ephemeral === true || !body.message;
  const ts = typeof body.message?.ts === 'string' ? body.message.ts : typeof c.message_ts === 'string' ? (c.message_ts as string) : undefined;
  return { ephemeral, ...(ts ? { ts } : {}) };
}

/** What a block_actions payload asks for. */
export type ActionIntent =
  /** A button the core issued: an Incoming action with no args. */
  | { kind: 'press'; id: string }
  /** The submit button of a "choose N" selection: an Incoming action with { values }. */
  | { kind: 'select'; id: string; values: string[] }
  /** The button that opens the typed-answer modal. */
  | { kind: 'open-input'; spec: InputSpec }
  /** Ticking a checkbox, or an element that is not ours: acknowledge and do nothing. */
  | { kind: 'ignore' };

type StateValues = NonNullable<BlockAction['state']>['values'];

function selectedIn(entry: StateValues[string] | undefined): string[] | undefined {
  if (!entry) return undefined;
  for (const v of Object.values(entry)) {
    if (v.type === 'checkboxes' || v.type === 'multi_static_select') return (v.selected_options ?? []).map((o) => o.value);
  }
  return undefined;
}

/**
 * Reads the first action of a block_actions payload. The selection of a "choose N"
 * submit comes from the message state of the submit button's own block.
 */
export function intentOf(body: BlockAction): ActionIntent {
  const action = body.actions[0] as { type?: string; action_id?: string; block_id?: string; value?: string } | undefined;
  if (!action || action.type !== 'button') return { kind: 'ignore' };
  const v = decodeValue(action.value);
  if (!v) return action.action_id ? { kind: 'press', id: action.action_id } : { kind: 'ignore' };
  if (v.k === 'b') return { kind: 'press', id: v.id };
  if (v.k === 'i') return { kind: 'open-input', spec: { id: v.id, label: v.l, ...(v.p ? { placeholder: v.p } : {}), maxLength: v.m } };
  const values = body.state?.values ?? {};
  const own = selectedIn(action.block_id ? values[action.block_id] : undefined);
  const anywhere = own ?? Object.values(values).map(selectedIn).find((x) => x !== undefined);
  return { kind: 'select', id: v.id, values: anywhere ?? [] };
}

/** What the typed-answer modal carries through Slack and back (private_metadata). */
export interface InputMeta {
  /** The core's component id. */
  id: string;
  /** Channel of the message the modal was opened from. */
  c: string;
  /** That message's response_url, for a private answer (also works in DMs). */
  r?: string;
  /** Direct message? */
  d?: boolean;
  /** ts of that message, and whether it was ephemeral (for replies that replace it). */
  t?: string;
  e?: boolean;
}

/** JSON for the modal's private_metadata (well under Slack's 3,000 characters: an id, a channel and a URL). */
export function encodeInputMeta(m: InputMeta): string {
  return JSON.stringify(m);
}

/** Parses private_metadata; undefined when it is not ours. */
export function decodeInputMeta(raw: string | undefined): InputMeta | undefined {
  if (!raw) return undefined;
  try {
    const m = JSON.parse(raw) as Partial<InputMeta>;
    if (typeof m.id !== 'string' || !m.id || typeof m.c !== 'string') return undefined;
    return {
      id: m.id,
      c: m.c,
      ...(typeof m.r === 'string' && m.r ? { r: m.r } : {}),
      ...(m.d ? { d: true } : {}),
      ...(typeof m.t === 'string' && m.t ? { t: m.t } : {}),
      ...(m.e ? { e: true } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The text typed into the modal ('' when empty). */
export function typedValueOf(body: ViewSubmitAction): string {
  const values = body.view.state.values;
  const own = values[INPUT_BLOCK_ID]?.[INPUT_ACTION_ID]?.value;
  if (typeof own === 'string') return own;
  for (const block of Object.values(values)) for (const v of Object.values(block)) if (v.type === 'plain_text_input' && typeof v.value === 'string') return v.value;
  return '';
}

/** Who and where for a view_submission (the channel comes from the modal's metadata). */
export function baseFromView(body: ViewSubmitAction, meta: InputMeta, who: SlackUserInfo, receivedAt: Date): IncomingBase {
  return base(teamOf(body), body.user.id, body.user.name, meta.c, meta.d ?? isDirectChannel(meta.c), who, receivedAt);
}
