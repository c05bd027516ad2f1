/** A Slack test rig: the fake Slack, the core on a temp SQLite file, and the real Bolt adapter on 127.0.0.1. */
import { loadConfig } from '../../src/config.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { FakeSlack, SlackSender, type Actor, type ClientMessage, type Responded } from '../fakes/slack.js';
import { testApp, type TestApp } from '../helpers/app.js';
import type { AppOptions } from '../../src/app.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export interface SlackRig {
  fake: FakeSlack;
  app: TestApp;
  adapter: SlackAdapter;
  slack: SlackSender;
  close(): Promise<void>;
}

/** Starts everything; `env` adds variables (SLACK_ADMIN_USERS, VIRTBOT_LANG ...). */
export async function slackRig(env: Record<string, string> = {}, appOptions: Omit<Partial<AppOptions>, 'clock' | 'dbFile'> = {}): Promise<SlackRig> {
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN });
  const app = testApp({ defaultLang: env.VIRTBOT_LANG === 'en' ? 'en' : 'ja', ...appOptions });
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_PORT: '0', ...env });
  const adapter = createSlackAdapter(config, app, { host: '127.0.0.1', retryConfig: { retries: 0 } });
  await adapter.start();
  const slack = new SlackSender(fake, `http://127.0.0.1:${adapter.port()}/slack/events`, SIGNING_SECRET);
  return {
    fake,
    app,
    adapter,
    slack,
    async close() {
      await adapter.stop();
      await fake.close();
      app.cleanup();
    },
  };
}

/** A user in a channel the bot is in. */
export function actor(userId: string, channelId = 'C0STUDY', extra: Partial<Actor> = {}): Actor {
  return { userId, channelId, ...extra };
}

/** A respond() body as the message a Slack client then holds (ephemeral unless in_channel). */
export function asClientMessage(r: Responded): ClientMessage {
  return { blocks: (r.body.blocks ?? []) as Record<string, unknown>[], text: String(r.body.text ?? ''), ephemeral: r.body.response_type !== 'in_channel' };
}

/** All texts inside blocks (section text, fields, headers, buttons), for assertions. */
export function blockTexts(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** Every button in blocks: action_id and text. */
export function buttonsIn(blocks: unknown): { action_id: string; text: string; value?: string }[] {
  const out: { action_id: string; text: string; value?: string }[] = [];
  for (const b of (blocks ?? []) as Record<string, unknown>[]) {
    const els = b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : b.accessory ? [b.accessory as Record<string, unknown>] : [];
    for (const el of els) if (el.type === 'button') out.push({ action_id: String(el.action_id), text: String((el.text as { text: string }).text), ...(typeof el.value === 'string' ? { value: el.value } : {}) });
  }
  return out;
}
