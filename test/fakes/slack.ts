/**
 * A local fake of Slack for tests and the benchmark, on 127.0.0.1 only.
 *
 * - Web API at `apiUrl` (`http://127.0.0.1:PORT/api/`): auth.test, chat.postMessage,
 *   chat.update, chat.postEphemeral, views.open, users.info, conversations.open and the
 *   file upload trio (files.getUploadURLExternal, POST to the upload_url,
 *   files.completeUploadExternal). Calls arrive form-encoded
 *   (`blocks` / `view` as JSON strings) with `Authorization: Bearer <bot token>`.
 * - response_url endpoints (`newResponseUrl()`): record each JSON body `respond()` POSTs;
 *   like Slack, a response_url takes at most 5 uses and expires after 30 minutes (`advance()` moves the fake clock).
 * - Slack's side of interactivity (`SlackSender`): signed slash commands, block_actions
 *   (built from a rendered message, the way a Slack client would) and view_submission
 *   requests to a Bolt HTTP receiver.
 * - Socket Mode: apps.connections.open (with the app-level token) returns
 *   ws://127.0.0.1:PORT/socket; the fake says hello there and `sendEnvelope` delivers
 *   slash commands and interactivity payloads, resolving with the client's ack.
 *
 * Block Kit and views are checked against Slack's documented limits, hard-coded here
 * independently of the renderer, and refused with `invalid_blocks` the way Slack does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type Json = Record<string, unknown>;

export interface FakeUser {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** e.g. 'ja-JP', 'en-US'; only returned when users.info is called with include_locale. */
  locale?: string;
}

export interface ApiCall {
  method: string;
  args: Json;
  token: string | undefined;
  /** What the fake answered. */
  response: Json;
}

export interface Responded {
  url: string;
  body: Json;
  /** Block Kit problems found in the body (empty when valid). */
  problems: string[];
  status: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Json[];
  edits: number;
}

export interface FakeSlackOptions {
  botToken?: string;
  /** App-level token accepted by apps.connections.open (Socket Mode). */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
}

/** How long a response_url works: https://api.slack.com/interactivity/handling#message_responses (5 uses in 30 minutes). */
const RESPONSE_URL_TTL_MS = 30 * 60_000;

/** One shared limit table of the fake (Slack docs, Block Kit reference pages). */
const LIMIT = {
  blocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  checkboxOptions: 10,
  selectOptions: 100,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  textInputMax: 3000,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

function textOf(o: unknown): { type?: string; text?: string } {
  return (o && typeof o === 'object' ? o : {}) as { type?: string; text?: string };
}

function checkText(where: string, o: unknown, max: number, plainOnly: boolean, out: string[]): void {
  const t = textOf(o);
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') out.push(`${where}: text object without a valid type`);
  else if (plainOnly && t.type !== 'plain_text') out.push(`${where}: must be plain_text`);
  if (typeof t.text !== 'string' || t.text.length === 0) out.push(`${where}: empty text`);
  else if (t.text.length > max) out.push(`${where}: ${t.text.length} > ${max} characters`);
}

function checkElement(where: string, el: Json, actionIds: Set<string>, out: string[]): void {
  const id = el.action_id;
  if (typeof id !== 'string' || !id) out.push(`${where}: missing action_id`);
  else {
    if (id.length > LIMIT.actionId) out.push(`${where}: action_id ${id.length} > ${LIMIT.actionId}`);
    if (actionIds.has(id)) out.push(`${where}: duplicate action_id ${id}`);
    actionIds.add(id);
  }
  const options = (el.options ?? []) as Json[];
  const checkOptions = (max: number) => {
    if (!Array.isArray(el.options) || options.length === 0) out.push(`${where}: no options`);
    if (options.length > max) out.push(`${where}: ${options.length} options > ${max}`);
    options.forEach((o, i) => {
      checkText(`${where}.options[${i}]`, o.text, LIMIT.optionText, el.type !== 'checkboxes', out);
      if (typeof o.value !== 'string' || !o.value || o.value.length > LIMIT.optionValue) out.push(`${where}.options[${i}]: bad value`);
    });
  };
  switch (el.type) {
    case 'button':
      checkText(`${where}.text`, el.text, LIMIT.buttonText, true, out);
      if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > LIMIT.buttonValue)) out.push(`${where}: value too long`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') out.push(`${where}: bad style ${String(el.style)}`);
      break;
    case 'checkboxes':
      checkOptions(LIMIT.checkboxOptions);
      break;
    case 'multi_static_select':
      checkOptions(LIMIT.selectOptions);
      checkText(`${where}.placeholder`, el.placeholder, LIMIT.placeholder, true, out);
      if (el.max_selected_items !== undefined && !(Number(el.max_selected_items) >= 1)) out.push(`${where}: bad max_selected_items`);
      break;
    case 'plain_text_input':
      if (el.max_length !== undefined && !(Number(el.max_length) >= 1 && Number(el.max_length) <= LIMIT.textInputMax)) out.push(`${where}: bad max_length`);
      if (el.placeholder !== undefined) checkText(`${where}.placeholder`, el.placeholder, LIMIT.placeholder, true, out);
      break;
    default:
      out.push(`${where}: unsupported element ${String(el.type)}`);
  }
}

/**
 * Problems with a list of blocks under Slack's documented limits (empty = valid).
 * `surface` 'modal' allows 100 blocks and input blocks.
 */
export function blockProblems(blocks: unknown, surface: 'message' | 'modal' = 'message'): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const max = surface === 'modal' ? LIMIT.modalBlocks : LIMIT.blocks;
  if (blocks.length > max) out.push(`${blocks.length} blocks > ${max}`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const where = `blocks[${i}](${String(b.type)})`;
    if (b.block_id !== undefined) {
      const id = String(b.block_id);
      if (id.length > LIMIT.blockId) out.push(`${where}: block_id too long`);
      if (blockIds.has(id)) out.push(`${where}: duplicate block_id`);
      blockIds.add(id);
    }
    switch (b.type) {
      case 'header':
        checkText(`${where}.text`, b.text, LIMIT.header, true, out);
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) out.push(`${where}: neither text nor fields`);
        if (b.text !== undefined) checkText(`${where}.text`, b.text, LIMIT.sectionText, false, out);
        if (b.fields !== undefined) {
          const fields = b.fields as unknown[];
          if (!Array.isArray(fields) || fields.length === 0 || fields.length > LIMIT.fields) out.push(`${where}: ${Array.isArray(fields) ? fields.length : '?'} fields (1-${LIMIT.fields})`);
          else fields.forEach((f, j) => checkText(`${where}.fields[${j}]`, f, LIMIT.fieldText, false, out));
        }
        if (b.accessory !== undefined) checkElement(`${where}.accessory`, b.accessory as Json, actionIds, out);
        break;
      }
      case 'actions': {
        const els = b.elements as Json[];
        if (!Array.isArray(els) || els.length === 0 || els.length > LIMIT.actionsElements) out.push(`${where}: ${Array.isArray(els) ? els.length : '?'} elements (1-${LIMIT.actionsElements})`);
        else els.forEach((el, j) => checkElement(`${where}.elements[${j}]`, el, actionIds, out));
        break;
      }
      case 'context': {
        const els = b.elements as unknown[];
        if (!Array.isArray(els) || els.length === 0 || els.length > 10) out.push(`${where}: bad context elements`);
        else els.forEach((el, j) => checkText(`${where}.elements[${j}]`, el, LIMIT.sectionText, false, out));
        break;
      }
      case 'divider':
        break;
      case 'input':
        if (surface !== 'modal') out.push(`${where}: input blocks belong in modals`);
        checkText(`${where}.label`, b.label, LIMIT.inputLabel, true, out);
        checkElement(`${where}.element`, b.element as Json, actionIds, out);
        break;
      default:
        out.push(`${where}: unsupported block type`);
    }
  });
  return out;
}

/** Problems with a message body (chat.postMessage / chat.update / respond): blocks plus the `text` fallback. */
export function messageProblems(body: Json): string[] {
  const out: string[] = [];
  if (body.blocks !== undefined) out.push(...blockProblems(body.blocks));
  if (typeof body.text !== 'string' || body.text.trim() === '') out.push('missing top-level text fallback');
  else if (body.text.length > 40_000) out.push('text over 40,000 characters');
  return out;
}

/** Problems with a modal view (views.open). */
export function viewProblems(view: Json): string[] {
  const out: string[] = [];
  if (view.type !== 'modal') out.push('view type is not modal');
  checkText('title', view.title, LIMIT.modalTitle, true, out);
  if (view.submit !== undefined) checkText('submit', view.submit, LIMIT.modalButton, true, out);
  if (view.close !== undefined) checkText('close', view.close, LIMIT.modalButton, true, out);
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMIT.privateMetadata) out.push('private_metadata too long');
  if (typeof view.callback_id === 'string' && view.callback_id.length > LIMIT.callbackId) out.push('callback_id too long');
  out.push(...blockProblems(view.blocks, 'modal'));
  return out;
}

function parseForm(raw: string): Json {
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if ((k === 'blocks' || k === 'view' || k === 'attachments') && /^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the raw string; validation reports it */
      }
    }
    out[k] = v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The uploaded file's bytes: the first file part of a multipart body (how @slack/web-api sends it), else the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  for (const v of form.values()) if (typeof v !== 'string') return Buffer.from(await v.arrayBuffer());
  return Buffer.alloc(0);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8' });
  res.end(text);
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responded: Responded[] = [];
  /** Messages posted with chat.postMessage, by `${channel}/${ts}`. */
  readonly messages = new Map<string, PostedMessage>();
  readonly users = new Map<string, FakeUser>();
  /** Channels that refuse posts: channel id → Slack error ('not_in_channel', 'channel_not_found'). */
  readonly channelErrors = new Map<string, string>();
  /** Files completed with files.completeUploadExternal: id → where, name and content. */
  readonly files = new Map<string, { id: string; channel: string; filename: string; title: string; content: string; comment?: string }>();
  /** Methods answered with an error instead (e.g. 'files.getUploadURLExternal' → 'missing_scope'). */
  readonly methodErrors = new Map<string, string>();
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  private readonly issuedTriggers = new Set<string>();
  private readonly urlUses = new Map<string, number>();
  /** When each response_url was issued (fake clock, ms). */
  private readonly urlIssued = new Map<string, number>();
  private clockOffsetMs = 0;
  private readonly holds = new Map<string, Promise<void>>();
  private readonly uploads = new Map<string, { filename: string; length: number; content?: string }>();
  private readonly events = new EventEmitter();
  private seq = 0;
  private tsSeq = 0;
  private port = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  /** Open Socket Mode connections. */
  readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: Json) => void>();

  private constructor(
    private readonly server: Server,
    opts: FakeSlackOptions,
  ) {
    this.botToken = opts.botToken ?? 'xoxb-test-token';
    this.appToken = opts.appToken ?? 'xapp-test-token';
    this.teamId = opts.teamId ?? 'T0TEST';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.events.setMaxListeners(0);
  }

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      void fake!.handle(req, res).catch((e: unknown) => send(res, 500, { ok: false, error: 'fake_error', detail: String(e) }));
    });
    server.keepAliveTimeout = 60_000;
    fake = new FakeSlack(server, opts);
    server.on('upgrade', (req, socket, head) => fake!.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** Web API base for Bolt's `clientOptions.slackApiUrl` (ends with a slash). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url pointing at this fake; it expires RESPONSE_URL_TTL_MS after now (see `advance`). */
  newResponseUrl(): string {
    const url = `http://127.0.0.1:${this.port}/respond/${++this.seq}-${randomBytes(3).toString('hex')}`;
    this.urlIssued.set(url, this.now());
    return url;
  }

  /** Moves the fake's clock (response_url expiry) forward by `ms`, as if that much time had passed. */
  advance(ms: number): void {
    this.clockOffsetMs += ms;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** A fresh trigger_id the fake will accept once in views.open. */
  newTriggerId(): string {
    const id = `${++this.seq}.${randomBytes(4).toString('hex')}`;
    this.issuedTriggers.add(id);
    return id;
  }

  /** Adds a user known to users.info. */
  addUser(u: FakeUser): this {
    this.users.set(u.id, u);
    return this;
  }

  /** Holds every call to `method` until the returned function is called (ordering tests). */
  hold(method: string): () => void {
    let release!: () => void;
    this.holds.set(method, new Promise<void>((r) => (release = r)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesAt(url: string): Responded[] {
    return this.responded.filter((r) => r.url === url);
  }

  /**
   * Resolves with `find()`'s first defined value, re-checking after every call or
   * response the fake records. Rejects after `timeoutMs` (a safety net so a missing
   * message fails the test instead of hanging it; no test asserts on time).
   */
  waitFor<T>(find: () => T | undefined | false, what = 'condition', timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = find();
        if (v !== undefined && v !== false) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('record', check);
      };
      this.events.on('record', check);
      check();
    });
  }

  /** Calls `fn` for every body POSTed to a response_url from now on; returns the unsubscribe function (the benchmark uses this). */
  onResponse(fn: (r: Responded) => void): () => void {
    this.events.on('respond', fn);
    return () => this.events.off('respond', fn);
  }

  /** Waits for the n-th (1-based) body POSTed to `url`. */
  waitForResponse(url: string, n = 1): Promise<Responded> {
    return this.waitFor(() => this.responsesAt(url)[n - 1], `response #${n} at ${url}`);
  }

  /** Waits for the n-th (1-based) call of `method`. */
  waitForCall(method: string, n = 1): Promise<ApiCall> {
    return this.waitFor(() => this.callsTo(method)[n - 1], `call #${n} of ${method}`);
  }

  private upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    if (!(req.url ?? '').startsWith('/socket')) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('message', (data) => {
        let msg: Json;
        try {
          msg = JSON.parse(String(data)) as Json;
        } catch {
          return;
        }
        const done = this.acks.get(String(msg.envelope_id));
        if (done) {
          this.acks.delete(String(msg.envelope_id));
          done(msg);
        }
      });
      ws.on('close', () => {
        this.sockets.delete(ws);
        this.record();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'AFAKE' } }));
      this.record();
    });
  }

  /**
   * Delivers a Socket Mode envelope (`slash_commands` or `interactive`) on the open
   * connection and resolves with the client's ack `{ envelope_id, payload? }`.
   */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Json): Promise<Json> {
    const ws = [...this.sockets][0];
    if (!ws) return Promise.reject(new Error('fake Slack: no Socket Mode connection'));
    const envelopeId = `env-${++this.seq}`;
    const acked = new Promise<Json>((resolve) => this.acks.set(envelopeId, resolve));
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands' }));
    return acked;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private record(): void {
    this.events.emit('record');
  }

  private nextTs(): string {
    this.tsSeq += 1;
    return `1764460800.${String(this.tsSeq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    if (req.method === 'POST' && url.pathname.startsWith('/respond/')) return this.handleRespond(`http://127.0.0.1:${this.port}${url.pathname}`, raw, res);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const up = this.uploads.get(url.pathname.slice('/upload/'.length));
      if (!up) return send(res, 404, 'no such upload');
      const data = await uploadedBytes(bytes, req.headers['content-type']);
      up.content = data.toString('utf8');
      return send(res, 200, 'OK - ' + data.length);
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = (req.headers['content-type'] ?? '').includes('application/json') ? (JSON.parse(raw || '{}') as Json) : parseForm(raw);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      const hold = this.holds.get(method);
      if (hold) await hold;
      const response = this.api(method, args, token);
      this.calls.push({ method, args, token, response });
      send(res, 200, response);
      this.record();
      return;
    }
    send(res, 404, 'not found');
  }

  private handleRespond(url: string, raw: string, res: ServerResponse): void {
    const uses = (this.urlUses.get(url) ?? 0) + 1;
    this.urlUses.set(url, uses);
    let body: Json = {};
    let problems: string[];
    try {
      body = JSON.parse(raw) as Json;
      problems = body.delete_original === true ? [] : messageProblems(body);
    } catch {
      problems = ['body is not JSON'];
    }
    // Slack: a response_url may be used 5 times within 30 minutes.
    const expired = this.now() - (this.urlIssued.get(url) ?? this.now()) > RESPONSE_URL_TTL_MS;
    const status = uses > 5 || expired ? 404 : problems.length ? 400 : 200;
    const entry: Responded = { url, body, problems, status };
    this.responded.push(entry);
    send(res, status, status === 200 ? 'ok' : expired ? 'expired_url' : status === 404 ? 'used_url' : 'invalid_blocks');
    this.events.emit('respond', entry);
    this.record();
  }

  private channelError(channel: unknown): string | undefined {
    if (typeof channel !== 'string' || !channel) return 'channel_not_found';
    return this.channelErrors.get(channel);
  }

  private api(method: string, args: Json, token: string | undefined): Json {
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
    }
    if (token !== this.botToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    const forced = this.methodErrors.get(method);
    if (forced) return { ok: false, error: forced };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'virtbot', team_id: this.teamId, user_id: this.botUserId, bot_id: 'BBOT' };
      case 'users.info': {
        const u = this.users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        const user: Json = {
          id: u.id,
          team_id: this.teamId,
          name: u.name,
          real_name: u.name,
          is_admin: !!u.isAdmin,
          is_owner: !!u.isOwner,
          is_primary_owner: false,
          is_bot: false,
          profile: { display_name: u.name, real_name: u.name },
        };
        if (args.include_locale === 'true' && u.locale) user.locale = u.locale;
        return { ok: true, user };
      }
      case 'chat.postMessage': {
        const err = this.channelError(args.channel);
        if (err) return { ok: false, error: err };
        const problems = messageProblems(args);
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        const ts = this.nextTs();
        const channel = String(args.channel);
        this.messages.set(`${channel}/${ts}`, { channel, ts, text: String(args.text), blocks: (args.blocks ?? []) as Json[], edits: 0 });
        return { ok: true, channel, ts, message: { type: 'message', user: this.botUserId, ts, text: args.text, blocks: args.blocks } };
      }
      case 'chat.update': {
        const err = this.channelError(args.channel);
        if (err) return { ok: false, error: err };
        const m = this.messages.get(`${String(args.channel)}/${String(args.ts)}`);
        if (!m) return { ok: false, error: 'message_not_found' };
        const problems = messageProblems(args);
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        m.text = String(args.text);
        m.blocks = (args.blocks ?? []) as Json[];
        m.edits += 1;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        const err = this.channelError(args.channel);
        if (err) return { ok: false, error: err };
        if (typeof args.user !== 'string' || !args.user) return { ok: false, error: 'user_not_found' };
        const problems = messageProblems(args);
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'views.open': {
        const trigger = String(args.trigger_id ?? '');
        // A trigger_id is single-use (and expires after 3 s on real Slack).
        if (!this.issuedTriggers.delete(trigger)) return { ok: false, error: 'invalid_trigger_id' };
        const view = args.view as Json;
        if (!view || typeof view !== 'object') return { ok: false, error: 'invalid_arguments' };
        const problems = viewProblems(view);
        if (problems.length) return { ok: false, error: 'invalid_arguments', errors: problems };
        return { ok: true, view: { ...view, id: `V${++this.seq}`, team_id: this.teamId, state: { values: {} }, hash: 'h' } };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users || users.includes(',')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !(length > 0)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${++this.seq}`;
        this.uploads.set(id, { filename: String(args.filename), length });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as { id: string; title?: string }[];
        const channel = String(args.channel_id ?? '');
        if (channel) {
          const err = this.channelErrors.get(channel);
          if (err) return { ok: false, error: err };
        }
        const done = [];
        for (const f of list) {
          const up = this.uploads.get(f.id);
          if (!up || up.content === undefined) return { ok: false, error: 'file_not_found' };
          if (Buffer.byteLength(up.content) !== up.length) return { ok: false, error: 'file_upload_size_mismatch' };
          this.files.set(f.id, { id: f.id, channel, filename: up.filename, title: f.title ?? up.filename, content: up.content, ...(args.initial_comment ? { comment: String(args.initial_comment) } : {}) });
          done.push({ id: f.id, name: up.filename, title: f.title ?? up.filename });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Who acts in a request the sender makes. */
export interface Actor {
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
}

export interface SignOptions {
  /** Sign with this secret instead of the right one. */
  secret?: string;
  /** Request timestamp in seconds (default: now). */
  timestamp?: number;
}

export interface SentRequest {
  status: number;
  body: string;
  responseUrl: string;
  triggerId: string;
}

/** A rendered message as a Slack client holds it: blocks, and ts unless ephemeral. */
export interface ClientMessage {
  blocks: Json[];
  text?: string;
  ts?: string;
  ephemeral?: boolean;
}

/** Slack's signature: `v0=` HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

/** Sends signed requests to a Bolt HTTP receiver as Slack would. */
export class SlackSender {
  private actionTs = 0;

  constructor(
    readonly fake: FakeSlack,
    /** The receiver's endpoint, e.g. http://127.0.0.1:PORT/slack/events. */
    readonly target: string,
    readonly signingSecret: string,
  ) {}

  /** POSTs a form body signed with the signing secret (or as `sign` says). */
  async post(form: Record<string, string>, sign: SignOptions = {}): Promise<{ status: number; body: string }> {
    const body = new URLSearchParams(form).toString();
    const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(this.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signBody(sign.secret ?? this.signingSecret, timestamp, body),
      },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  /** The fields of a `/virt <text>` slash command (HTTP: form-encoded; Socket Mode: the envelope payload). */
  slashCommandFields(text: string, who: Actor): { fields: Record<string, string>; responseUrl: string; triggerId: string } {
    const responseUrl = this.fake.newResponseUrl();
    const triggerId = this.fake.newTriggerId();
    const fields = {
      token: 'legacy-verification-token',
      team_id: who.teamId ?? this.fake.teamId,
      team_domain: 'fake',
      channel_id: who.channelId,
      channel_name: who.channelName ?? (who.channelId.startsWith('D') ? 'directmessage' : 'general'),
      user_id: who.userId,
      user_name: who.userName ?? who.userId.toLowerCase(),
      command: '/virt',
      text,
      api_app_id: 'AFAKE',
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    };
    return { fields, responseUrl, triggerId };
  }

  /** A `/virt <text>` slash command; resolves when the receiver answered the HTTP request (the ack). */
  async slashCommand(text: string, who: Actor, sign: SignOptions = {}): Promise<SentRequest> {
    const { fields, responseUrl, triggerId } = this.slashCommandFields(text, who);
    const r = await this.post(fields, sign);
    return { ...r, responseUrl, triggerId };
  }

  /** Sends a raw interactivity payload (`payload=<JSON>`). */
  async interactive(payload: Json, sign: SignOptions = {}): Promise<{ status: number; body: string }> {
    return this.post({ payload: JSON.stringify(payload) }, sign);
  }

  /** Finds an element by action_id in a message's blocks, with its block_id. */
  static findElement(blocks: Json[], actionId: string): { el: Json; blockId: string } | undefined {
    for (const [i, b] of blocks.entries()) {
      const els = b.type === 'actions' ? (b.elements as Json[]) : b.accessory ? [b.accessory as Json] : [];
      const el = els.find((e) => e.action_id === actionId);
      if (el) return { el, blockId: String(b.block_id ?? `b${i}`) };
    }
    return undefined;
  }

  /** The block_actions payload a Slack client sends for `actions` on `message`. */
  blockActionsPayload(message: ClientMessage, actions: Json[], who: Actor, state: Json = {}): { payload: Json; responseUrl: string; triggerId: string } {
    const responseUrl = this.fake.newResponseUrl();
    const triggerId = this.fake.newTriggerId();
    const teamId = who.teamId ?? this.fake.teamId;
    const payload: Json = {
      type: 'block_actions',
      user: { id: who.userId, username: who.userName ?? who.userId.toLowerCase(), name: who.userName ?? who.userId.toLowerCase(), team_id: teamId },
      api_app_id: 'AFAKE',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: message.ts ?? '1764460800.999999', channel_id: who.channelId, is_ephemeral: !!message.ephemeral },
      trigger_id: triggerId,
      team: { id: teamId, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: who.channelId, name: who.channelName ?? 'general' },
      state: { values: state },
      response_url: responseUrl,
      actions,
    };
    // Slack includes the message only for messages that are not ephemeral.
    if (!message.ephemeral) payload.message = { type: 'message', user: this.fake.botUserId, ts: message.ts, text: message.text ?? '', blocks: message.blocks };
    return { payload, responseUrl, triggerId };
  }

  /** Clicks the button `actionId` on `message` (throws if there is none). */
  async click(message: ClientMessage, actionId: string, who: Actor, sign: SignOptions = {}): Promise<SentRequest> {
    const found = SlackSender.findElement(message.blocks, actionId);
    if (!found || found.el.type !== 'button') throw new Error(`no button ${actionId} in the message`);
    const action: Json = { type: 'button', action_id: actionId, block_id: found.blockId, text: found.el.text, action_ts: `${++this.actionTs}.0` };
    if (found.el.value !== undefined) action.value = found.el.value;
    const { payload, responseUrl, triggerId } = this.blockActionsPayload(message, [action], who);
    const r = await this.interactive(payload, sign);
    return { ...r, responseUrl, triggerId };
  }

  /** The state.values a client sends for the selection elements of `message`, with `picked` option values chosen in `selectId`. */
  static stateWith(message: ClientMessage, selectId: string, picked: string[]): Json {
    const values: Record<string, Json> = {};
    for (const [i, b] of message.blocks.entries()) {
      const els = b.type === 'actions' ? (b.elements as Json[]) : b.accessory ? [b.accessory as Json] : [];
      for (const el of els) {
        if (el.type !== 'checkboxes' && el.type !== 'multi_static_select') continue;
        const options = (el.options ?? []) as Json[];
        const chosen = el.action_id === selectId ? options.filter((o) => picked.includes(String(o.value))) : [];
        const blockId = String(b.block_id ?? `b${i}`);
        values[blockId] = { ...(values[blockId] ?? {}), [String(el.action_id)]: { type: el.type, selected_options: chosen } };
      }
    }
    return values;
  }

  /** Ticks options in a checkbox group (the client sends a block_actions for the toggle itself). */
  async toggle(message: ClientMessage, selectId: string, picked: string[], who: Actor): Promise<SentRequest> {
    const found = SlackSender.findElement(message.blocks, selectId);
    if (!found) throw new Error(`no element ${selectId} in the message`);
    const options = ((found.el.options ?? []) as Json[]).filter((o) => picked.includes(String(o.value)));
    const action = { type: found.el.type, action_id: selectId, block_id: found.blockId, selected_options: options, action_ts: `${++this.actionTs}.0` };
    const { payload, responseUrl, triggerId } = this.blockActionsPayload(message, [action], who, SlackSender.stateWith(message, selectId, picked));
    const r = await this.interactive(payload);
    return { ...r, responseUrl, triggerId };
  }

  /** Picks `picked` in the selection `selectId`, then clicks the submit button `submitId`. */
  async submitSelection(message: ClientMessage, selectId: string, picked: string[], submitId: string, who: Actor): Promise<SentRequest> {
    const found = SlackSender.findElement(message.blocks, submitId);
    if (!found || found.el.type !== 'button') throw new Error(`no button ${submitId} in the message`);
    const action: Json = { type: 'button', action_id: submitId, block_id: found.blockId, text: found.el.text, value: found.el.value, action_ts: `${++this.actionTs}.0` };
    const { payload, responseUrl, triggerId } = this.blockActionsPayload(message, [action], who, SlackSender.stateWith(message, selectId, picked));
    const r = await this.interactive(payload);
    return { ...r, responseUrl, triggerId };
  }

  /** Submits a modal that views.open opened, typing `value` into its (first) plain-text input. */
  async submitView(opened: ApiCall, value: string, who: Actor, sign: SignOptions = {}): Promise<{ status: number; body: string }> {
    const view = opened.args.view as Json;
    const state: Record<string, Json> = {};
    for (const [i, b] of ((view.blocks ?? []) as Json[]).entries()) {
      if (b.type !== 'input') continue;
      const el = b.element as Json;
      state[String(b.block_id ?? `b${i}`)] = { [String(el.action_id)]: { type: el.type, value } };
    }
    const teamId = who.teamId ?? this.fake.teamId;
    const payload: Json = {
      type: 'view_submission',
      team: { id: teamId, domain: 'fake' },
      user: { id: who.userId, username: who.userName ?? who.userId.toLowerCase(), name: who.userName ?? who.userId.toLowerCase(), team_id: teamId },
      api_app_id: 'AFAKE',
      token: 'legacy-verification-token',
      trigger_id: this.fake.newTriggerId(),
      view: {
        ...view,
        id: (opened.response.view as Json | undefined)?.id ?? 'V0',
        team_id: teamId,
        app_id: 'AFAKE',
        bot_id: 'BBOT',
        state: { values: state },
        hash: 'h',
        private_metadata: view.private_metadata ?? '',
        callback_id: view.callback_id ?? '',
        root_view_id: null,
        previous_view_id: null,
        clear_on_close: false,
        notify_on_close: false,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.interactive(payload, sign);
  }
}
