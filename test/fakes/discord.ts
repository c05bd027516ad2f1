/**
 * A local fake Discord for end-to-end tests and the benchmark: REST (the routes
 * discord.js uses for interactions, webhooks, channel messages and command
 * registration) and a gateway (HELLO, heartbeat ACK, IDENTIFY → READY +
 * GUILD_CREATE, then INTERACTION_CREATE dispatches injected by the test) on one
 * HTTP server bound to 127.0.0.1. Every REST call is recorded.
 *
 * Protocol facts: /work/shared/design/platform-facts.md ("Driving the real
 * discord.js Client against a local fake Discord").
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Discord epoch (2015-01-01T00:00:00Z) in ms, for snowflakes. */
const DISCORD_EPOCH = 1_420_070_400_000n;
/** Permission bits (Discord docs: Permissions). */
export const PERM = {
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  useApplicationCommands: 1n << 31n,
} as const;
const MEMBER_PERMS = PERM.viewChannel | PERM.sendMessages | PERM.embedLinks | PERM.useApplicationCommands;
const ADMIN_PERMS = MEMBER_PERMS | PERM.manageGuild;

/** One REST request as it reached the fake. `path` is decoded and without the `/api/v10` prefix. */
export interface RestCall {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (for multipart bodies: the payload_json part). */
  body: any;
  /** Attached files of a multipart body: name and UTF-8 content. */
  files: { name: string; content: string }[];
  authorization: string | undefined;
  /** The status the fake answered with. */
  status: number;
  /** Set for interaction callbacks and webhook calls: the interaction they belong to. */
  interactionId?: string;
  /** performance.now() when the request arrived (benchmarks only). */
  at: number;
  /** The message this call created or changed (reply, update, edit, follow-up, channel send). */
  message?: FakeMessage;
}

/** A message the fake stored (from a callback, a webhook or a channel send), as Discord would return it. */
export type FakeMessage = Record<string, any> & { id: string; channel_id: string; embeds: any[]; components: any[]; content: string; flags: number };

/** Who acts and where, for injected interactions. */
export interface Actor {
  userId?: string;
  username?: string;
  /** Discord locale of the user's client, e.g. 'ja', 'en-US' (default 'en-US'). */
  locale?: string;
  /** Direct message: no guild, no member (default false). */
  dm?: boolean;
  /** Member has Manage Server (default false). */
  admin?: boolean;
  channelId?: string;
  /** Interaction creation time (snowflake timestamp), default now; set in the past to simulate an old token. */
  createdAt?: Date;
}

/** What a test holds after injecting an interaction. */
export interface Injected {
  id: string;
  token: string;
  /** performance.now() when the dispatch was written to the gateway socket. */
  sentAt: number;
}

type OptionValue = string | number | boolean;

interface TrackedInteraction {
  id: string;
  token: string;
  acknowledged: boolean;
  channelId: string;
  /** The message a component interaction came from (an update edits it). */
  sourceMessageId?: string;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guildId?: string;
  channelId?: string;
  /** Gateway heartbeat interval sent in HELLO (ms). */
  heartbeatInterval?: number;
}

let seq = 0n;
/** A snowflake for `at` (default now); unique within the process. */
export function snowflake(at: Date = new Date()): string {
  seq = (seq + 1n) & 0xfffn;
  return (((BigInt(at.getTime()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | seq).toString();
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  /** A text channel of the guild. */
  readonly channelId: string;
  /** The DM channel used for `dm: true` interactions. */
  readonly dmChannelId = snowflake();
  readonly botUserId = snowflake();
  readonly calls: RestCall[] = [];
  /** Every message posted or edited through the fake, by id. */
  readonly messages = new Map<string, FakeMessage>();
  /** Identifies received on the gateway (token, intents...). */
  readonly identifies: any[] = [];

  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private gatewaySeq = 0;
  private port = 0;
  private readonly events = new EventEmitter();
  private readonly interactions = new Map<string, TrackedInteraction>();
  private readonly byToken = new Map<string, TrackedInteraction>();
  /** channel id → error answered on POST /channels/{id}/messages. */
  private readonly channelFailures = new Map<string, { status: number; code: number; message: string }>();
  private readonly heartbeatInterval: number;
  /** interaction id → the INTERACTION_CREATE payload sent. */
  private readonly payloads = new Map<string, unknown>();
  /** interaction token → the message id '@original' refers to. */
  private readonly originals = new Map<string, string>();

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'fake-bot-token.abc_DEF-123';
    this.applicationId = opts.applicationId ?? snowflake();
    this.guildId = opts.guildId ?? snowflake();
    this.channelId = opts.channelId ?? snowflake();
    this.heartbeatInterval = opts.heartbeatInterval ?? 41_250;
    this.events.setMaxListeners(0);
  }

  /** REST base for discord.js `rest.api` (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Listens on 127.0.0.1 (an ephemeral port). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((r) => this.wss?.close(() => r()) ?? r());
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** Answer POST /channels/{channelId}/messages with this Discord error (e.g. 403 / 50013 Missing Permissions). */
  failChannel(channelId: string, status: number, code: number, message = 'Missing Permissions'): void {
    this.channelFailures.set(channelId, { status, code, message });
  }

  /** Stops answering the channel with the error set by failChannel. */
  clearChannelFailure(channelId: string): void {
    this.channelFailures.delete(channelId);
  }

  /** Resolves once a gateway client has identified (READY sent). */
  async waitForIdentify(): Promise<void> {
    if (this.identifies.length) return;
    await new Promise<void>((r) => this.events.once('identify', () => r()));
  }

  /** Resolves with the first recorded call (past or future) matching `pred`. Rejects after `timeoutMs` (a safety net, not an assertion). */
  waitForCall(pred: (c: RestCall) => boolean, timeoutMs = 10_000): Promise<RestCall> {
    const hit = this.calls.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const onCall = (c: RestCall) => {
        if (!pred(c)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(c);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(new Error(`fake discord: no matching REST call within ${timeoutMs} ms; calls so far:\n${this.calls.map((c) => `${c.method} ${c.path}`).join('\n')}`));
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  /** Calls `fn` for every REST call from now on; returns the unsubscribe function (benchmarks). */
  onCall(fn: (c: RestCall) => void): () => void {
    this.events.on('call', fn);
    return () => this.events.off('call', fn);
  }

  /** Forgets recorded calls, interactions and messages (long benchmark runs). */
  forget(): void {
    this.calls.length = 0;
    this.payloads.clear();
    this.interactions.clear();
    this.byToken.clear();
    this.originals.clear();
    this.messages.clear();
  }

  /** The interaction callback (POST /interactions/{id}/{token}/callback) of `it`. */
  callback(it: Injected): Promise<RestCall> {
    return this.waitForCall((c) => c.interactionId === it.id && c.path.endsWith('/callback'));
  }

  /** Waits until `count` calls belong to `it` (callback + webhook edits/follow-ups) and returns them in order. */
  async callsOf(it: Injected, count: number): Promise<RestCall[]> {
    const mine = () => this.calls.filter((c) => c.interactionId === it.id);
    while (mine().length < count) await new Promise<void>((r) => this.events.once('call', () => r()));
    return mine();
  }

  /** Calls recorded so far for `it`. */
  recordedFor(it: Injected): RestCall[] {
    return this.calls.filter((c) => c.interactionId === it.id);
  }

  // ---- injecting interactions -------------------------------------------------

  /**
   * `/virt <command>` as a slash command: `command` is 'ask' or a two-word name
   * ('config lang' → subcommand group config, subcommand lang).
   */
  slash(command: string, options: Record<string, OptionValue> = {}, actor: Actor = {}): Injected {
    return this.dispatchInteraction(2, { id: snowflake(), name: 'virt', type: 1, options: this.commandOptions(command, options) }, actor);
  }

  /** Autocomplete (type 4) for `/virt <command>` with `focused` being typed. */
  autocomplete(command: string, options: Record<string, OptionValue>, focused: string, actor: Actor = {}): Injected {
    return this.dispatchInteraction(4, { id: snowflake(), name: 'virt', type: 1, options: this.commandOptions(command, options, focused) }, actor);
  }

  /** A button click on `message` (a message the fake stored, so the component is there). */
  button(customId: string, message: FakeMessage, actor: Actor = {}): Injected {
    return this.dispatchInteraction(3, { custom_id: customId, component_type: 2 }, actor, message);
  }

  /** A string select menu submission on `message`. */
  select(customId: string, values: string[], message: FakeMessage, actor: Actor = {}): Injected {
    return this.dispatchInteraction(3, { custom_id: customId, component_type: 3, values }, actor, message);
  }

  /**
   * A modal submission (type 5). `fields`: text input custom_id → value, sent in
   * Label components (type 18) as current Discord clients do. `message`: the
   * message whose button opened the modal, if any.
   */
  modalSubmit(customId: string, fields: Record<string, string>, actor: Actor = {}, message?: FakeMessage): Injected {
    const components = Object.entries(fields).map(([id, value], i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 100, custom_id: id, value } }));
    return this.dispatchInteraction(5, { custom_id: customId, components }, actor, message);
  }

  /** Sends the same INTERACTION_CREATE again (same id and token), as a gateway replay would. */
  redeliver(it: Injected): Injected {
    const d = this.payloads.get(it.id);
    if (!d) throw new Error(`fake discord: no interaction ${it.id}`);
    const sentAt = performance.now();
    this.dispatch('INTERACTION_CREATE', d);
    return { ...it, sentAt };
  }

  /** Sends a raw dispatch (benchmarks and odd payloads). */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, s: ++this.gatewaySeq, t, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  // ---- internals -----------------------------------------------------------------

  private commandOptions(command: string, options: Record<string, OptionValue>, focused?: string): any[] {
    const leaf = Object.entries(options).map(([name, value]) => ({
      name,
      type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
      value,
      ...(name === focused ? { focused: true } : {}),
    }));
    const [first, second] = command.split(' ');
    if (second) return [{ type: 2, name: first, options: [{ type: 1, name: second, options: leaf }] }];
    return [{ type: 1, name: first, options: leaf }];
  }

  private userObject(actor: Actor) {
    const id = actor.userId ?? '100000000000000001';
    return { id, username: actor.username ?? `user${id.slice(-4)}`, discriminator: '0', global_name: actor.username ?? null, avatar: null, public_flags: 0 };
  }

  private dispatchInteraction(type: number, data: unknown, actor: Actor, message?: FakeMessage): Injected {
    const id = snowflake(actor.createdAt);
    const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
    const dm = actor.dm ?? false;
    const channelId = actor.channelId ?? (dm ? this.dmChannelId : this.channelId);
    const user = this.userObject(actor);
    const perms = actor.admin ? ADMIN_PERMS : MEMBER_PERMS;
    const d: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: actor.locale ?? 'en-US',
      app_permissions: (MEMBER_PERMS | PERM.embedLinks).toString(),
      entitlements: [],
      authorizing_integration_owners: { '0': dm ? user.id : this.guildId },
      context: dm ? 1 : 0,
      attachment_size_limit: 10_485_760,
      channel_id: channelId,
      channel: dm ? { id: channelId, type: 1, recipients: [user], flags: 0, last_message_id: null } : { id: channelId, type: 0, guild_id: this.guildId, name: 'study', position: 0, permission_overwrites: [], flags: 0, nsfw: false, parent_id: null, topic: null, rate_limit_per_user: 0, last_message_id: null },
    };
    if (dm) d.user = user;
    else {
      d.guild_id = this.guildId;
      d.guild_locale = 'en-US';
      d.member = { user, roles: [], permissions: perms.toString(), joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false, communication_disabled_until: null };
    }
    if (message) d.message = message;
    const tracked: TrackedInteraction = { id, token, acknowledged: false, channelId, ...(message ? { sourceMessageId: message.id } : {}) };
    this.interactions.set(id, tracked);
    this.byToken.set(token, tracked);
    this.payloads.set(id, d);
    const sentAt = performance.now();
    this.dispatch('INTERACTION_CREATE', d);
    return { id, token, sentAt };
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null }));
    ws.on('message', (raw) => {
      let msg: { op: number; d: any };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (msg.op === 2) this.onIdentify(ws, msg.d);
    });
  }

  private onIdentify(ws: WebSocket, d: any): void {
    if (d?.token !== this.token && d?.token !== `Bot ${this.token}`) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies.push(d);
    const send = (t: string, data: unknown) => ws.send(JSON.stringify({ op: 0, s: ++this.gatewaySeq, t, d: data }));
    const gateway = `ws://127.0.0.1:${this.port}/gateway`;
    send('READY', {
      v: 10,
      user: { id: this.botUserId, username: 'virtbot', discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: `session-${this.botUserId}`,
      resume_gateway_url: gateway,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
    });
    send('GUILD_CREATE', {
      id: this.guildId,
      name: 'LPIC study',
      icon: null,
      owner_id: '100000000000000999',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id: this.guildId, name: '@everyone', permissions: MEMBER_PERMS.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null }],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      voice_states: [],
      members: [],
      channels: [{ id: this.channelId, type: 0, guild_id: this.guildId, name: 'study', position: 0, permission_overwrites: [], flags: 0, nsfw: false, parent_id: null, topic: null, rate_limit_per_user: 0, last_message_id: null }],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    });
    this.events.emit('identify');
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // discord.js encodes '@original' as %40original: decode before matching.
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const { body, files } = await parseBody(raw, req.headers['content-type']);
    const call: RestCall = { method: req.method ?? 'GET', path, query: url.searchParams, body, files, authorization: req.headers.authorization, status: 0, at };
    const answer = (status: number, json?: unknown) => {
      call.status = status;
      this.calls.push(call);
      if (json === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      this.events.emit('call', call);
    };
    try {
      this.route(call, answer);
    } catch (e) {
      answer(500, { code: 0, message: `fake discord crashed: ${(e as Error).message}` });
    }
  }

  private route(call: RestCall, answer: (status: number, json?: unknown) => void): void {
    const { method, path } = call;
    const botAuth = call.authorization === `Bot ${this.token}`;
    const unauthorized = () => answer(401, { code: 0, message: '401: Unauthorized' });
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/gateway/bot') {
      if (!botAuth) return unauthorized();
      return answer(200, { url: `ws://127.0.0.1:${this.port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const it = this.interactions.get(m[1]!);
      call.interactionId = m[1]!;
      if (!it || it.token !== m[2]) return answer(404, { code: 10062, message: 'Unknown interaction' });
      if (it.acknowledged) return answer(400, { code: 40060, message: 'Interaction has already been acknowledged.' });
      it.acknowledged = true;
      const type = call.body?.type as number;
      if (type === 4) {
        call.message = this.store(it.channelId, call.body.data ?? {});
        this.originals.set(it.token, call.message.id);
      } else if (type === 5) {
        // A deferred reply shows "thinking" (flag 128, LOADING) until edited.
        const msg = this.store(it.channelId, { content: '', flags: (call.body.data?.flags ?? 0) | 128 });
        this.originals.set(it.token, msg.id);
      } else if (type === 7 && it.sourceMessageId && this.messages.has(it.sourceMessageId)) {
        call.message = this.patch(it.sourceMessageId, call.body.data ?? {});
        this.originals.set(it.token, it.sourceMessageId);
      } else if (type === 6 && it.sourceMessageId) {
        this.originals.set(it.token, it.sourceMessageId);
      }
      return answer(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(path))) {
      const it = this.byToken.get(m[2]!);
      if (it) call.interactionId = it.id;
      if (m[1] !== this.applicationId || !it || !it.acknowledged) return answer(404, { code: 10015, message: 'Unknown Webhook' });
      const target = m[4] === '@original' ? this.originals.get(it.token) : m[4];
      if (method === 'POST' && !m[3]) return answer(200, (call.message = this.store(it.channelId, call.body ?? {})));
      if (method === 'PATCH' && target && this.messages.has(target)) return answer(200, (call.message = this.patch(target, call.body ?? {})));
      if (method === 'DELETE' && target && this.messages.has(target)) {
        this.messages.delete(target);
        return answer(204);
      }
      if (method === 'GET' && target && this.messages.has(target)) return answer(200, this.messages.get(target));
      return answer(404, { code: 10008, message: 'Unknown Message' });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      // Opens (or returns) the DM channel with recipient_id; the fake has one DM channel.
      if (!botAuth) return unauthorized();
      const recipient = String(call.body?.recipient_id ?? '');
      if (!/^\d+$/.test(recipient)) return answer(400, { code: 50035, message: 'Invalid Form Body' });
      return answer(200, { id: this.dmChannelId, type: 1, recipients: [{ id: recipient, username: `user${recipient.slice(-4)}`, discriminator: '0' }] });
    }
    if ((m = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path))) {
      if (!botAuth) return unauthorized();
      const failure = this.channelFailures.get(m[1]!);
      if (failure) return answer(failure.status, { code: failure.code, message: failure.message });
      if (m[1] !== this.channelId && m[1] !== this.dmChannelId) return answer(404, { code: 10003, message: 'Unknown Channel' });
      if (method === 'POST' && !m[2]) return answer(200, (call.message = this.store(m[1]!, call.body ?? {})));
      if (method === 'PATCH' && m[2] && this.messages.has(m[2])) return answer(200, (call.message = this.patch(m[2], call.body ?? {})));
      return answer(404, { code: 10008, message: 'Unknown Message' });
    }
    if (method === 'PUT' && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (!botAuth) return unauthorized();
      if (m[1] !== this.applicationId) return answer(403, { code: 50001, message: 'Missing Access' });
      const list = Array.isArray(call.body) ? call.body : [];
      return answer(200, list.map((c: any) => ({ ...c, id: snowflake(), application_id: this.applicationId, version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) })));
    }
    return answer(404, { code: 0, message: '404: Not Found' });
  }

  private store(channelId: string, data: any): FakeMessage {
    const msg: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: data.flags ?? 0,
      author: { id: this.botUserId, username: 'virtbot', discriminator: '0', global_name: null, avatar: null, bot: true },
      application_id: this.applicationId,
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  private patch(id: string, data: any): FakeMessage {
    const old = this.messages.get(id)!;
    const msg: FakeMessage = {
      ...old,
      ...(data.content !== undefined ? { content: data.content ?? '' } : {}),
      ...(data.embeds !== undefined ? { embeds: data.embeds ?? [] } : {}),
      ...(data.components !== undefined ? { components: data.components ?? [] } : {}),
      flags: old.flags & ~128,
      edited_timestamp: new Date().toISOString(),
    };
    this.messages.set(id, msg);
    return msg;
  }
}

/** JSON, or multipart/form-data with payload_json and files[n] (discord.js sends files that way). */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: any; files: { name: string; content: string }[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const files: { name: string; content: string }[] = [];
    let body: any;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') files.push({ name: value.name, content: await value.text() });
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}
