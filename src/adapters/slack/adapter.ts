/**
 * The Slack adapter on @slack/bolt 5: `/virt` slash commands, Block Kit buttons,
 * "choose N" checkboxes with a submit button, and a modal for typed answers.
 * Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise HTTP on
 * SLACK_PORT with SLACK_SIGNING_SECRET. Every listener calls ack() first, then works;
 * every failure after that reaches the user as a short private message with an error id.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import { App as BoltApp, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import { PortError, type Config } from '../../config.js';
import type { Lang } from '../../content/schema.js';
import type { Incoming } from '../../core/model.js';
import type { IncomingBase } from '../../core/router.js';
import type { ChatAdapter } from '../types.js';
import {
  baseFromAction,
  baseFromCommand,
  baseFromView,
  commandText,
  decodeInputMeta,
  encodeInputMeta,
  intentOf,
  originalOf,
  teamOf,
  typedValueOf,
} from './inbound.js';
import { failureText, ReplySender, respondTo, SlackPoster, slackErrorOf, type RespondFn, type ReplyTarget } from './outbound.js';
import { INPUT_CALLBACK_ID, renderInputModal } from './render.js';
import { SlackUsers } from './users.js';

/** The slash command the manifest declares. Any command of the app is served the same way, so a workspace may rename it. */
export const SLASH_COMMAND = '/virt';

/**
 * Web API retries in production: a few quick tries (about 5 s in all), not the SDK's
 * default of ten over about 30 minutes, which would hold a user's answer that long.
 */
export const PRODUCTION_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true };

/** Options main.ts leaves at their defaults; tests and the benchmark set them. */
export interface SlackAdapterOptions {
  /** Interface the HTTP receiver listens on (default: all). Tests use 127.0.0.1. */
  host?: string;
  /** Web API retry policy (default PRODUCTION_RETRY; tests pass { retries: 0 }). */
  retryConfig?: webApi.RetryOptions;
  /** Logger (default: the app's). */
  log?: Logger;
}

/** The ChatAdapter for Slack, plus the Bolt App and the bound port (tests). */
export interface SlackAdapter extends ChatAdapter {
  readonly bolt: BoltApp;
  /** The HTTP port once started (HTTP mode), e.g. when SLACK_PORT=0. */
  port(): number | undefined;
}

/** Bolt's logger interface on top of pino (debug lines are skipped unless pino wants them). */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const emit = (fn: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    const err = args.find((a) => a instanceof Error);
    const text = format(...args.filter((a) => a !== err));
    if (err) log[fn]({ err }, text);
    else log[fn](text);
  };
  return {
    debug: (...a: unknown[]) => {
      if (log.isLevelEnabled('debug')) emit('debug', a);
    },
    info: (...a: unknown[]) => emit('info', a),
    warn: (...a: unknown[]) => emit('warn', a),
    error: (...a: unknown[]) => emit('error', a),
    setLevel: (l: LogLevel) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Builds the Slack adapter for `config` (SLACK_BOT_TOKEN required) on the core `app`.
 * Nothing connects until start().
 * @throws Error when SLACK_BOT_TOKEN is missing, or Bolt rejects the options.
 */
export function createSlackAdapter(config: Config, app: App, options: SlackAdapterOptions = {}): SlackAdapter {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  const { router, services } = app;
  const log = (options.log ?? services.log).child({ adapter: 'slack' });
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: options.retryConfig ?? PRODUCTION_RETRY,
    ...(config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {}),
  };
  const socketMode = !!config.SLACK_APP_TOKEN;
  let socket: SocketModeReceiver | undefined;
  let http: HTTPReceiver | undefined;
  if (config.SLACK_APP_TOKEN) {
    socket = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger, installerOptions: { clientOptions } });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    http = new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, port: config.SLACK_PORT, logger });
  }
  // deferInitialization: Bolt would otherwise call auth.test in this constructor and leave a
  // rejected promise nobody awaits when the token is wrong; start() runs init() instead.
  const bolt = new BoltApp({ token, receiver: (socket ?? http)!, logger, clientOptions, convoStore: false, deferInitialization: true });
  const users = new SlackUsers(bolt.client, config.SLACK_ADMIN_USERS, log);
  const sender = new ReplySender(bolt.client, log);
  const workspaceLang = (workspaceId: string): Lang => {
    try {
      const ws = services.settings.workspaceSetting('slack', workspaceId, 'lang');
      return ws === 'ja' || ws === 'en' ? ws : config.VIRTBOT_LANG;
    } catch {
      // The database may be closing (shutdown); the default language still works.
      return config.VIRTBOT_LANG;
    }
  };
  const poster = new SlackPoster(bolt.client, (to) => workspaceLang(to.workspaceId), log);

  const inFlight = new Set<Promise<void>>();
  let connected = false;
  let port: number | undefined;

  /** The language for the adapter's own labels and messages, as the router would pick it. */
  const langOf = (b: IncomingBase): Lang => {
    try {
      return router.langFor({ ...b, kind: 'command', name: 'help', args: {} });
    } catch {
      return workspaceLang(b.user.workspaceId);
    }
  };

  /** Runs one request's work after its ack; failures are logged and answered privately. */
  const work = (what: string, workspaceId: string, respond: RespondFn | undefined, fn: (setLang: (l: Lang) => void) => Promise<void>): Promise<void> => {
    let lang: Lang | undefined;
    const p = fn((l) => (lang = l))
      .catch(async (e: unknown) => {
        const errorId = randomBytes(4).toString('hex');
        log.error({ err: e, errorId, what }, 'slack handler failed');
        if (respond) await respond({ response_type: 'ephemeral', text: failureText(errorId, lang ?? workspaceLang(workspaceId)), blocks: [] }).catch((e2: unknown) => log.warn({ err: e2, errorId }, 'slack: could not report the failure'));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  bolt.command(/^\/.+/, async ({ command, ack, respond }) => {
    await ack();
    const reply: RespondFn = (b) => respond(b);
    await work('command', command.team_id, reply, async (setLang) => {
      const who = await users.get(command.team_id, command.user_id);
      const base = baseFromCommand(command, who, services.clock.now());
      const lang = langOf(base);
      setLang(lang);
      const replies = await router.handleText(commandText(command), base);
      await sender.deliver(replies, { channelId: base.channelId, userId: command.user_id, isDirect: base.isDirect, lang, respond: reply });
    });
  });

  bolt.action(/.*/, async ({ body, ack, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const intent = intentOf(body);
    if (intent.kind === 'ignore') return;
    const teamId = teamOf(body);
    const reply: RespondFn | undefined = respond ? (b) => respond(b) : undefined;
    await work(`action ${intent.kind}`, teamId, reply, async (setLang) => {
      const who = await users.get(teamId, body.user.id);
      const base = baseFromAction(body, who, services.clock.now());
      const lang = langOf(base);
      setLang(lang);
      const original = originalOf(body);
      if (intent.kind === 'open-input') {
        const meta = encodeInputMeta({ id: intent.spec.id, c: base.channelId, r: body.response_url, ...(base.isDirect ? { d: true } : {}), ...(original.ts ? { t: original.ts } : {}), ...(original.ephemeral ? { e: true } : {}) });
        await client.views.open({ trigger_id: body.trigger_id, view: renderInputModal(intent.spec, meta, lang) });
        return;
      }
      const incoming: Incoming = { ...base, kind: 'action', name: intent.id, args: intent.kind === 'select' ? { values: intent.values } : {} };
      const target: ReplyTarget = { channelId: base.channelId, userId: body.user.id, isDirect: base.isDirect, lang, original, ...(reply ? { respond: reply } : {}) };
      await sender.deliver(await router.handle(incoming), target);
    });
  });

  bolt.view(INPUT_CALLBACK_ID, async ({ body, ack }) => {
    await ack();
    if (body.type !== 'view_submission') return;
    const meta = decodeInputMeta(body.view.private_metadata);
    if (!meta) {
      log.warn({ callbackId: body.view.callback_id }, 'slack: modal without our metadata; ignored');
      return;
    }
    const teamId = teamOf(body);
    const reply = meta.r ? respondTo(meta.r) : undefined;
    await work('view_submission', teamId, reply, async (setLang) => {
      const who = await users.get(teamId, body.user.id);
      const base = baseFromView(body, meta, who, services.clock.now());
      const lang = langOf(base);
      setLang(lang);
      const incoming: Incoming = { ...base, kind: 'action', name: meta.id, args: { value: typedValueOf(body) } };
      const original = { ephemeral: !!meta.e, ...(meta.t ? { ts: meta.t } : {}) };
      const target: ReplyTarget = { channelId: meta.c, userId: body.user.id, isDirect: base.isDirect, lang, original, ...(reply ? { respond: reply } : {}) };
      await sender.deliver(await router.handle(incoming), target);
    });
  });

  bolt.error(async (e) => {
    log.error({ err: e }, 'slack: bolt error');
  });

  socket?.client.on('connected', () => (connected = true));
  socket?.client.on('disconnected', () => (connected = false));
  socket?.client.on('reconnecting', () => (connected = false));

  return {
    platform: 'slack',
    poster,
    bolt,
    port: () => port,
    isConnected: () => connected,
    async start() {
      // A wrong token should stop start-up with a clear message, not fail on the first request.
      const auth = await bolt.client.auth.test().catch((e: unknown) => {
        const reason = slackErrorOf(e);
        throw new Error(
          reason === 'invalid_auth' || reason === 'not_authed' || reason === 'account_inactive' || reason === 'token_revoked'
            ? `Slack refused SLACK_BOT_TOKEN (${reason}): copy the Bot User OAuth Token (xoxb-...) from the app's "Install App" page`
            : `cannot reach the Slack Web API at ${clientOptions.slackApiUrl ?? 'https://slack.com/api/'} (${reason})`,
        );
      });
      log.info({ team: auth.team_id, botUser: auth.user_id, mode: socketMode ? 'socket' : 'http' }, 'slack: authenticated');
      await bolt.init();
      if (socket) {
        await bolt.start();
        connected = true;
        return;
      }
      const server = (await bolt.start(options.host ? { port: config.SLACK_PORT, host: options.host } : config.SLACK_PORT).catch((e: unknown) => {
        throw new PortError('SLACK_PORT', config.SLACK_PORT, e);
      })) as { address(): AddressInfo | string | null };
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : config.SLACK_PORT;
      connected = true;
      log.info({ port }, 'slack: listening for /slack/events');
    },
    async stop() {
      connected = false;
      await bolt.stop().catch((e: unknown) => log.warn({ err: e }, 'slack: stop failed'));
      await Promise.allSettled([...inFlight]);
    },
  };
}
