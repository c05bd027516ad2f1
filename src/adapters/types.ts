/** What main.ts needs from a chat adapter. */
import type { Poster } from '../core/ports.js';
import type { Platform } from '../core/model.js';

export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects (Discord gateway, Slack HTTP/Socket Mode) or starts reading (console). */
  start(): Promise<void>;
  /** Stops taking new events and disconnects; resolves when in-flight work is done. */
  stop(): Promise<void>;
  /** True while connected (used by the health check). */
  isConnected(): boolean;
  /** Posts proactively for the core (daily question). */
  readonly poster: Poster;
}
