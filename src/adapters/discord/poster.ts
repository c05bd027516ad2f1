/**
 * The core's Poster on Discord: proactive posts and edits with the bot token
 * (POST/PATCH /channels/{id}/messages), never an interaction token, so they work
 * at any age. REST is called directly rather than through channel.send so an
 * uncached channel (a DM, a channel created after start) needs no extra fetch.
 */
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { Message } from '../../core/model.js';
import type { Destination, Poster, PostResult } from '../../core/ports.js';
import { renderMessage, type DiscordPayload } from './render.js';

// Discord JSON error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MESSAGE = 10008;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
/** The user does not accept direct messages from the bot (privacy settings, no shared server). */
const CANNOT_MESSAGE_USER = 50007;

/** API JSON body of a channel message. */
export function messageBody(p: DiscordPayload): Record<string, unknown> {
  return { content: p.content ?? '', embeds: p.embeds, components: p.components, allowed_mentions: { parse: [] } };
}

/** Maps a failed REST call to the Poster's result: forbidden (50013/50001/403), gone (10003/10008/404), else transient. */
export function classifyPostError(e: unknown): Exclude<PostResult, { status: 'ok' }> {
  if (e instanceof DiscordAPIError) {
    const reason = `discord ${e.status} ${e.code}: ${e.message}`.slice(0, 300);
    if (e.code === MISSING_PERMISSIONS || e.code === MISSING_ACCESS || e.code === CANNOT_MESSAGE_USER || e.status === 403) return { status: 'forbidden', reason };
    if (e.code === UNKNOWN_CHANNEL || e.code === UNKNOWN_MESSAGE || e.status === 404) return { status: 'gone', reason };
    return { status: 'transient', reason };
  }
  if (e instanceof RateLimitError) return { status: 'transient', reason: `discord rate limited for ${e.retryAfter} ms on ${e.route}` };
  if (e instanceof HTTPError) return { status: 'transient', reason: `discord ${e.status}: ${e.message}`.slice(0, 300) };
  return { status: 'transient', reason: `network: ${(e as Error)?.message ?? String(e)}`.slice(0, 300) };
}

export class DiscordPoster implements Poster {
  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
  ) {}

  /**
   * Posts `m` (one message per page) to the channel.
   * @returns ok with the first message's id, or gone / forbidden / transient; never throws.
   */
  async post(to: Destination, m: Message): Promise<PostResult> {
    try {
      let first: string | undefined;
      for (const page of renderMessage(m)) {
        const res = (await this.rest.post(Routes.channelMessages(to.channelId), { body: messageBody(page) })) as { id: string };
        first ??= res.id;
      }
      return { status: 'ok', messageId: first ?? '' };
    } catch (e) {
      const result = classifyPostError(e);
      this.log.warn({ channelId: to.channelId, workspaceId: to.workspaceId, result }, 'discord post failed');
      return result;
    }
  }

  /**
   * A direct message to `userId` (POST /users/@me/channels, then the pages): Discord has
   * no ephemeral message outside an interaction, and an interaction token lasts 15 minutes.
   * forbidden when the user accepts no DMs from the bot (50007). Never throws.
   */
  async notify(to: Destination, userId: string, m: Message): Promise<PostResult> {
    try {
      const dm = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      return await this.post({ ...to, channelId: dm.id }, m);
    } catch (e) {
      const result = classifyPostError(e);
      this.log.warn({ workspaceId: to.workspaceId, result }, 'discord direct message failed');
      return result;
    }
  }

  /** Replaces a posted message's content (cut to one page). Never throws. */
  async edit(to: Destination, messageId: string, m: Message): Promise<PostResult> {
    try {
      const [page] = renderMessage(m, 1);
      await this.rest.patch(Routes.channelMessage(to.channelId, messageId), { body: messageBody(page!) });
      return { status: 'ok', messageId };
    } catch (e) {
      const result = classifyPostError(e);
      this.log.warn({ channelId: to.channelId, messageId, result }, 'discord edit failed');
      return result;
    }
  }
}
