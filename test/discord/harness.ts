/** Test harness: the real DiscordAdapter (discord.js Client) connected to a local FakeDiscord, on a temp SQLite app. */
import { DiscordAdapter, type DiscordAdapterOptions } from '../../src/adapters/discord/adapter.js';
import type { Content } from '../../src/content/load.js';
import type { Router } from '../../src/core/router.js';
import { createLogger } from '../../src/logger.js';
import { FakeDiscord, type FakeMessage, type Injected, type RestCall } from '../fakes/discord.js';
import { testApp, type TestApp } from '../helpers/app.js';

export interface Harness {
  fake: FakeDiscord;
  app: TestApp;
  adapter: DiscordAdapter;
  /** pino lines the app logged (parsed JSON). */
  logs: Record<string, any>[];
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Pick<DiscordAdapterOptions, 'deferAfterMs'>> {
  /** Replace the app's router (a test adding a command of its own). */
  router?: (app: TestApp) => Router;
  /** Content to load instead of data/ (e.g. a question with a very long explanation). */
  content?: Content;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeDiscord();
  await fake.start();
  const logs: Record<string, any>[] = [];
  const log = createLogger('debug', { write: (s: string) => void logs.push(JSON.parse(s)) });
  const app = testApp({ log, ...(opts.content ? { content: opts.content } : {}) });
  const core = opts.router ? { services: app.services, router: opts.router(app) } : app;
  const adapter = new DiscordAdapter(core, { token: fake.token, api: fake.apiUrl, ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}) });
  await adapter.start();
  return {
    fake,
    app,
    adapter,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
      app.cleanup();
    },
  };
}

/** Every embed text and content of a message body (callback data, webhook body or channel body) as Discord shows it, for assertions. */
export function bodyText(body: any): string {
  const data = body?.data ?? body ?? {};
  const parts: string[] = [data.content ?? ''];
  for (const e of data.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  // What the user sees: Discord drops a backslash before punctuation.
  return parts.filter(Boolean).join('\n').replace(/\\([^0-9A-Za-z\s])/g, '$1');
}

/** The components (flattened) of a message body. */
export function componentsOf(body: any): any[] {
  const data = body?.data ?? body ?? {};
  return (data.components ?? []).flatMap((row: any) => row.components ?? []);
}

/** The message stored for a call, failing loudly if there is none. */
export function messageOf(call: RestCall): FakeMessage {
  if (!call.message) throw new Error(`no message for ${call.method} ${call.path} (status ${call.status})`);
  return call.message;
}

export type { Injected, RestCall };

/**
 * Every Discord limit a message body breaks (numbers from the Discord docs, written
 * out here independently of src/adapters/discord/render.ts). Empty when it fits.
 */
export function limitViolations(body: any): string[] {
  const data = body?.data ?? body ?? {};
  const out: string[] = [];
  if ((data.content ?? '').length > 2000) out.push(`content ${data.content.length}`);
  const embeds: any[] = data.embeds ?? [];
  if (embeds.length > 10) out.push(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    if ((e.title ?? '').length > 256) out.push(`title ${e.title.length}`);
    if ((e.description ?? '').length > 4096) out.push(`description ${e.description.length}`);
    if ((e.fields ?? []).length > 25) out.push(`${e.fields.length} fields`);
    for (const f of e.fields ?? []) {
      if (!f.name || f.name.length > 256) out.push(`field name ${f.name?.length}`);
      if (!f.value || f.value.length > 1024) out.push(`field value ${f.value?.length}`);
      total += f.name.length + f.value.length;
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
  }
  if (total > 6000) out.push(`embeds total ${total}`);
  if (!embeds.length && !(data.content ?? '').length && !(data.components ?? []).length) out.push('empty message');
  const rows: any[] = data.components ?? [];
  if (rows.length > 5) out.push(`${rows.length} rows`);
  for (const row of rows) {
    if (row.components.length > 5) out.push(`row of ${row.components.length}`);
    for (const c of row.components) {
      if (c.custom_id && c.custom_id.length > 100) out.push(`custom_id ${c.custom_id.length}`);
      if (c.type === 2 && (!c.label || c.label.length > 80)) out.push(`label ${c.label?.length}`);
      if (c.type === 3) {
        if (c.options.length > 25) out.push(`${c.options.length} select options`);
        if (c.min_values > c.max_values || c.max_values > c.options.length) out.push(`select min ${c.min_values} max ${c.max_values}`);
        for (const o of c.options) if (o.label.length > 100 || o.value.length > 100) out.push('select option too long');
      }
    }
  }
  return out;
}
