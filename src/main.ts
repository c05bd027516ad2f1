/**
 * `npm start`: config → logger → core → adapters. With no Discord or Slack token
 * the console adapter runs (`npm start -- --json` for JSON lines).
 */
import { createApp, type App } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ConsoleAdapter } from './adapters/console/adapter.js';
import type { ChatAdapter } from './adapters/types.js';
import { createLogger } from './logger.js';
import { explainStartupError } from './startup.js';

/** Builds the chat adapters the configuration asks for. */
async function buildAdapters(config: Config, app: App, argv: string[]): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./adapters/discord/adapter.js');
    adapters.push(createDiscordAdapter(config, app));
  }
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('./adapters/slack/adapter.js');
    adapters.push(createSlackAdapter(config, app));
  }
  if (!adapters.length) {
    const json = argv.includes('--json') || !process.stdin.isTTY;
    const console = new ConsoleAdapter(app.router, { input: process.stdin, output: process.stdout, json, clock: app.services.clock, interactive: !json });
    adapters.push({
      platform: 'console',
      poster: console,
      start: () => console.run(),
      stop: async () => undefined,
      isConnected: () => true,
    });
  }
  return adapters;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(explainStartupError(e) + '\n');
    process.exit(2);
  }
  const log = createLogger(config.LOG_LEVEL);
  let app: App;
  let adapters: ChatAdapter[];
  try {
    app = createApp({ dbFile: config.VIRTBOT_DB, defaultLang: config.VIRTBOT_LANG, timeZone: config.VIRTBOT_TZ, log });
    adapters = await buildAdapters(config, app, process.argv.slice(2));
  } catch (e) {
    process.stderr.write(explainStartupError(e, config.VIRTBOT_DB) + '\n');
    process.exit(1);
  }
  const stop = async (code: number) => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    app.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  try {
    // The console resolves at end of input; network adapters resolve once connected.
    await Promise.all(adapters.map((a) => a.start()));
  } catch (e) {
    process.stderr.write(explainStartupError(e, config.VIRTBOT_DB) + '\n');
    await stop(1);
  }
  log.info({ adapters: adapters.map((a) => a.platform) }, 'virtbot started');
  if (adapters.every((a) => a.platform === 'console')) await stop(0);
}

void main();
