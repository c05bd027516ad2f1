/**
 * `npm start`: config → logger → core → adapters (→ scheduler, health). With no
 * Discord or Slack token the console adapter runs (`npm start -- --json` for JSON
 * lines). SIGTERM/SIGINT shut down gracefully; a second signal exits at once.
 */
import type { Server } from 'node:http';
import { createApp, type App } from './app.js';
import { loadConfig, PortError, type Config } from './config.js';
import { ConsoleAdapter } from './adapters/console/adapter.js';
import type { ChatAdapter } from './adapters/types.js';
import { startHealthServer } from './health.js';
import { routingPoster, startDailyTick } from './core/daily/tick.js';
import { startExamTick } from './core/exam/tick.js';
import { createLogger } from './logger.js';
import { explainStartupError } from './startup.js';

/** How long in-flight commands may take to finish at shutdown (ms). */
export const SHUTDOWN_GRACE_MS = 10_000;

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
    adapters.push({ platform: 'console', poster: console, start: () => console.run(), stop: async () => undefined, isConnected: () => true });
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
  // The console shares the terminal with the logs: unless LOG_LEVEL is set, only warnings show there.
  const consoleOnly = !config.DISCORD_TOKEN && !config.SLACK_BOT_TOKEN;
  const log = createLogger(consoleOnly && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL);
  let app: App;
  let adapters: ChatAdapter[] = [];
  try {
    app = createApp({
      dbFile: config.VIRTBOT_DB,
      defaultLang: config.VIRTBOT_LANG,
      timeZone: config.VIRTBOT_TZ,
      log,
      backgroundCheckpoint: true,
      adapters: () => adapters.map((a) => ({ platform: a.platform, connected: a.isConnected() })),
    });
    adapters = await buildAdapters(config, app, process.argv.slice(2));
  } catch (e) {
    process.stderr.write(explainStartupError(e, config.VIRTBOT_DB) + '\n');
    process.exit(1);
  }
  /** Things to stop at shutdown, in order, after the router drained (scheduler tick, health server). */
  const stoppers: (() => Promise<void> | void)[] = [];
  let stopping = false;
  const shutdown = async (code: number, reason: string) => {
    if (stopping) {
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    // The console shares the terminal with the logs: keep its routine lines out of the way.
    const routine = adapters.every((a) => a.platform === 'console') ? log.debug.bind(log) : log.info.bind(log);
    routine({ reason }, 'shutting down');
    const drained = await app.router.drain(SHUTDOWN_GRACE_MS);
    if (!drained) log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'in-flight commands did not finish in time');
    for (const stop of stoppers) await Promise.resolve(stop()).catch((err: unknown) => log.error({ err }, 'stop failed'));
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await app.stopBackground().catch((err: unknown) => log.error({ err }, 'stop failed'));
    app.close();
    routine('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  try {
    if (config.VIRTBOT_HEALTH_PORT !== undefined) {
      const port = config.VIRTBOT_HEALTH_PORT;
      const server: Server = await startHealthServer(app, port).catch((e: unknown) => {
        throw new PortError('VIRTBOT_HEALTH_PORT', port, e);
      });
      stoppers.push(() => new Promise<void>((r) => server.close(() => r())));
    }
    const onlyConsole = adapters.every((a) => a.platform === 'console');
    if (!onlyConsole) log.info({ adapters: adapters.map((a) => a.platform) }, 'virtbot starting');
    // Daily question: posts go to each adapter's Poster by platform; catch-up now, then a tick every minute.
    const posters = new Map(adapters.map((a) => [a.platform, a.poster] as const));
    app.services.daily.attach(routingPoster(posters), [...posters.keys()]);
    const dailyTick = startDailyTick(app.services.daily, log);
    stoppers.push(() => dailyTick.stop());
    // Mock exams that run out of time: scored and sent to their users privately.
    const examTick = startExamTick(app.services.exam, routingPoster(posters), [...posters.keys()], log);
    stoppers.push(() => examTick.stop());
    // The console resolves at the end of its input; network adapters resolve once connected.
    await Promise.all(adapters.map((a) => a.start()));
    if (onlyConsole) await shutdown(0, 'end of console input');
    else log.info('virtbot ready');
  } catch (e) {
    process.stderr.write(explainStartupError(e, config.VIRTBOT_DB) + '\n');
    await shutdown(1, 'start-up failed');
  }
}

void main();
