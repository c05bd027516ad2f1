/** Ports the core calls out through: time and proactive posting. */
import type { Message, Platform } from './model.js';

/** The current time; injected so tests control it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Where a proactive post goes. */
export interface Destination {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/**
 * Result of a proactive post or edit. gone: the channel/message no longer exists;
 * forbidden: the bot lacks access (Discord 50013, Slack not_in_channel);
 * transient: try again later (rate limit, network).
 */
export type PostResult =
  | { status: 'ok'; messageId: string }
  | { status: 'gone' | 'forbidden' | 'transient'; reason: string };

/** Posts for the core (the daily question, reveals) without the core knowing the platform. */
export interface Poster {
  post(to: Destination, message: Message): Promise<PostResult>;
  edit(to: Destination, messageId: string, message: Message): Promise<PostResult>;
  /**
   * A message only `userId` sees, about something of theirs in `to` (the mock exam's
   * time-out): an ephemeral message in that channel where the platform has one for
   * bots (Slack), else a direct message (Discord). Never throws.
   */
  notify(to: Destination, userId: string, message: Message): Promise<PostResult>;
}
