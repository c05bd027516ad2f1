/**
 * Everything the adapter sends to Slack: replies to a command or action (respond()
 * for private answers, chat.postMessage / chat.update with the bot token for public
 * ones, since a response_url allows only 5 uses in 30 minutes), and the Poster the
 * core uses for proactive posts. Slack errors become PostResult values, never crashes.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Lang } from '../../content/schema.js';
import { fmt, t } from '../../core/i18n.js';
import type { Message, Reply } from '../../core/model.js';
import type { Destination, Poster, PostResult } from '../../core/ports.js';
import { fallbackOf } from '../../core/reply.js';
import { renderMessage, type SlackMessage } from './render.js';

/** Slack errors meaning the channel is not there (any more). */
const GONE = new Set(['channel_not_found', 'is_archived', 'message_not_found', 'cant_update_message', 'user_not_found']);
/** Slack errors meaning the bot may not post there. */
const FORBIDDEN = new Set(['not_in_channel', 'restricted_action', 'restricted_action_read_only_channel', 'restricted_action_thread_only_channel', 'restricted_action_non_threadable_channel', 'missing_scope', 'not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'ekm_access_denied', 'team_access_not_granted', 'access_denied', 'not_allowed_token_type', 'channel_is_archived']);

/** The Slack error code of a Web API failure ('not_in_channel'), or the SDK's code for network/HTTP/rate-limit failures. */
export function slackErrorOf(e: unknown): string {
  const err = e as { code?: string; data?: { error?: string }; statusCode?: number };
  if (err?.data?.error) return err.data.error;
  return err?.code ?? String(e);
}

/** Maps a Web API failure to the core's PostResult (unknown platform errors count as transient). */
export function postResultOf(e: unknown): PostResult {
  const reason = slackErrorOf(e);
  if (GONE.has(reason)) return { status: 'gone', reason };
  if (FORBIDDEN.has(reason)) return { status: 'forbidden', reason };
  return { status: 'transient', reason };
}

/** True when a failed public post should become a private "invite the bot" hint. */
export function needsInvite(e: unknown): boolean {
  const r = slackErrorOf(e);
  return r === 'not_in_channel' || r === 'channel_not_found';
}

/** Options sent with every public post: no unfurling of links a user typed, no parsing of names. */
const POST_OPTIONS = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false } as const;

/** The core's Poster on Slack: chat.postMessage / chat.update with the bot token. */
export class SlackPoster implements Poster {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly langOf: (to: Destination) => Lang,
    private readonly log: Logger,
  ) {}

  async post(to: Destination, m: Message): Promise<PostResult> {
    try {
      const r = await this.client.chat.postMessage({ channel: to.channelId, ...renderMessage(m, this.langOf(to)), ...POST_OPTIONS });
      return { status: 'ok', messageId: String(r.ts) };
    } catch (e) {
      const result = postResultOf(e);
      this.log.warn({ err: e, channel: to.channelId, result }, 'slack post failed');
      return result;
    }
  }

  /** An ephemeral message to `userId` in the channel (chat.postEphemeral; a DM with the bot works too). Never throws. */
  async notify(to: Destination, userId: string, m: Message): Promise<PostResult> {
    try {
      const r = await this.client.chat.postEphemeral({ channel: to.channelId, user: userId, ...renderMessage(m, this.langOf(to)), parse: 'none', link_names: false });
      return { status: 'ok', messageId: String(r.message_ts ?? '') };
    } catch (e) {
      const result = postResultOf(e);
      this.log.warn({ err: e, channel: to.channelId, result }, 'slack private message failed');
      return result;
    }
  }

  async edit(to: Destination, messageId: string, m: Message): Promise<PostResult> {
    try {
      await this.client.chat.update({ channel: to.channelId, ts: messageId, ...renderMessage(m, this.langOf(to)), parse: 'none', link_names: false });
      return { status: 'ok', messageId };
    } catch (e) {
      const result = postResultOf(e);
      this.log.warn({ err: e, channel: to.channelId, messageId, result }, 'slack edit failed');
      return result;
    }
  }
}

/** Body of a response_url POST (what Bolt's respond() takes). */
export interface RespondBody extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** POSTs one body to a response_url; rejects when Slack refuses it (expired, used 5 times, invalid blocks). */
export type RespondFn = (body: RespondBody) => Promise<unknown>;

/** A respond() for a response_url we carried ourselves (the typed-answer modal): POST JSON, throw when Slack refuses. */
export function respondTo(url: string, fetchFn: typeof fetch = fetch): RespondFn {
  return async (body) => {
    if (!/^https?:\/\//.test(url)) throw new Error('not a response_url');
    const res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`response_url refused: ${res.status}`);
    return res;
  };
}

/** Where and how the replies to one command or action go. */
export interface ReplyTarget {
  channelId: string;
  userId: string;
  isDirect: boolean;
  lang: Lang;
  /** The request's response_url (absent for a modal opened without one). */
  respond?: RespondFn;
  /** The message an action came from. */
  original?: { ts?: string; ephemeral: boolean };
}

const INVITE_HINT = {
  ja: 'virtbot はこのチャンネルに参加していないため、ここに公開で投稿できません。`/invite @virtbot` で招待してください。今回の結果はあなたにだけ表示します。',
  en: 'virtbot is not in this channel, so it cannot post here publicly. Invite it with `/invite @virtbot`. Here is the answer, just for you.',
};

const FILE_SENT = { ja: '📎 {name} をボットとの DM に送りました。', en: '📎 Sent {name} to your direct messages with virtbot.' };
const FILE_INLINE = {
  ja: '📎 {name}（ファイルを送れなかったため本文に載せます。全文が必要なら管理者にスコープ files:write と im:write を追加してもらってください）',
  en: '📎 {name} (the file could not be sent, so here it is inline; for the full file ask an admin to add the files:write and im:write scopes)',
};

/** `m` with a line of text added at the end. */
function withLine(m: Message, text: string): Message {
  const blocks = [...m.blocks, { type: 'text' as const, text }];
  return { ...m, blocks, fallback: fallbackOf(m.title, blocks) };
}

/** `m` with the file's content inline, as code (cut to Slack's limits if it is long). */
function withInlineFile(m: Message, file: NonNullable<Reply['file']>, lang: Lang): Message {
  const blocks = [...m.blocks, { type: 'text' as const, text: t(fmt(FILE_INLINE, { name: file.name }), lang) }, { type: 'code' as const, text: file.content }];
  return { ...m, blocks, fallback: fallbackOf(m.title, blocks) };
}

/** Sends the core's replies for one request, in order. Throws only when even the private fallback fails. */
export class ReplySender {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  async deliver(replies: Reply[], to: ReplyTarget): Promise<void> {
    for (const reply of replies) {
      let m = reply.message;
      if (reply.file) m = (await this.sendFile(reply.file, reply.visibility, to)) ? withLine(m, t(fmt(FILE_SENT, { name: reply.file.name }), to.lang)) : withInlineFile(m, reply.file, to.lang);
      if (reply.visibility === 'private') await this.sendPrivate(m, to, reply.replaces === 'original');
      else await this.sendPublic(m, to, reply.replaces === 'original');
    }
  }

  /**
   * Uploads a reply's file: a private one to the user's DM with the bot (never to the
   * channel), a public one to the channel. False when Slack refuses (missing
   * files:write / im:write scope, not in channel): the caller shows it inline instead.
   */
  private async sendFile(file: NonNullable<Reply['file']>, visibility: Reply['visibility'], to: ReplyTarget): Promise<boolean> {
    try {
      let channel = to.channelId;
      if (visibility === 'private') {
        const dm = await this.client.conversations.open({ users: to.userId });
        channel = String(dm.channel?.id ?? '');
        if (!channel) return false;
      }
      await this.client.files.uploadV2({ channel_id: channel, filename: file.name, title: file.name, content: file.content });
      return true;
    } catch (e) {
      this.log.warn({ err: e, file: file.name, reason: slackErrorOf(e) }, 'slack file upload failed; sending it inline');
      return false;
    }
  }

  /** A short private message (e.g. an error with its id). */
  async privateText(text: string, to: ReplyTarget): Promise<void> {
    await this.sendPrivate({ blocks: [{ type: 'text', text }], fallback: text }, to, false);
  }

  private async sendPrivate(m: Message, to: ReplyTarget, replaces: boolean, notice?: string): Promise<void> {
    const body = renderMessage(m, to.lang, notice);
    if (to.respond) {
      try {
        // Replacing only ever touches a message this user alone sees; a public original stays as everyone saw it.
        await to.respond({ response_type: 'ephemeral', replace_original: replaces && !!to.original?.ephemeral, ...body });
        return;
      } catch (e) {
        // A response_url expires after 30 minutes or 5 uses; the bot token still reaches the user where the bot is a member.
        this.log.warn({ err: e, channel: to.channelId }, 'slack respond() failed; trying chat.postEphemeral');
      }
    }
    await this.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...body, parse: 'none', link_names: false });
  }

  private async sendPublic(m: Message, to: ReplyTarget, replaces: boolean): Promise<void> {
    const body = renderMessage(m, to.lang);
    if (replaces && to.original && !to.original.ephemeral && to.original.ts) {
      try {
        await this.client.chat.update({ channel: to.channelId, ts: to.original.ts, ...body, parse: 'none', link_names: false });
        return;
      } catch (e) {
        this.log.warn({ err: e, channel: to.channelId }, 'slack chat.update failed; posting a new message');
      }
    }
    // In a DM between people the bot is no member: only the response_url can answer there.
    if (to.isDirect && to.respond) {
      await to.respond({ response_type: 'in_channel', replace_original: false, ...body });
      return;
    }
    try {
      await this.client.chat.postMessage({ channel: to.channelId, ...body, ...POST_OPTIONS });
    } catch (e) {
      if (!needsInvite(e)) throw e;
      this.log.info({ channel: to.channelId, reason: slackErrorOf(e) }, 'slack: bot not in channel; answering privately');
      await this.sendPrivate(m, to, false, t(INVITE_HINT, to.lang));
    }
  }
}

/** The generic private message for an unexpected failure, with its error id. */
export function failureText(errorId: string, lang: Lang): string {
  return t(fmt({ ja: '内部エラーが発生しました（エラー ID: {id}）。時間をおいて試してください。', en: 'Something went wrong on our side (error id: {id}). Please try again later.' }, { id: errorId }), lang);
}
