/**
 * Socket Mode (SLACK_APP_TOKEN set): the real Bolt SocketModeReceiver connects to the
 * fake's apps.connections.open / WebSocket on 127.0.0.1 and serves /virt from envelopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlack, SlackSender } from '../fakes/slack.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { actor, blockTexts, buttonsIn } from './harness.js';

let fake: FakeSlack;
let app: TestApp;
let adapter: SlackAdapter;
let slack: SlackSender;

beforeAll(async () => {
  fake = await FakeSlack.start({ botToken: 'xoxb-socket', appToken: 'xapp-1-socket' });
  fake.addUser({ id: 'USOCK', name: 'sock', locale: 'en-US' });
  app = testApp();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-socket', SLACK_APP_TOKEN: 'xapp-1-socket', SLACK_API_URL: fake.apiUrl });
  adapter = createSlackAdapter(config, app, { retryConfig: { retries: 0 } });
  // Only builds the payloads here; nothing is POSTed in Socket Mode.
  slack = new SlackSender(fake, 'http://127.0.0.1:9/unused', 'unused');
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  app?.cleanup();
});

describe('Socket Mode', () => {
  it('connects with the app-level token and reports connected', async () => {
    await adapter.start();
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-socket');
    expect(fake.sockets.size).toBe(1);
    expect(adapter.isConnected()).toBe(true);
    expect(adapter.port()).toBeUndefined();
  });

  it('acks a slash command envelope, then responds through the response_url', async () => {
    const { fields, responseUrl } = slack.slashCommandFields('help', actor('USOCK'));
    const ack = await fake.sendEnvelope('slash_commands', fields);
    expect(ack.envelope_id).toMatch(/^env-/);
    const r = await fake.waitForResponse(responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('/virt ask');
  });

  it('serves buttons from interactive envelopes', async () => {
    const { fields } = slack.slashCommandFields('ask xl list', actor('USOCK'));
    await fake.sendEnvelope('slash_commands', fields);
    const post = await fake.waitForCall('chat.postMessage');
    const message = { blocks: post.args.blocks as Record<string, unknown>[], text: String(post.args.text), ts: String(post.response.ts) };
    const button = buttonsIn(message.blocks)[0]!;
    const { payload, responseUrl } = slack.blockActionsPayload(message, [{ type: 'button', action_id: button.action_id, block_id: 'b1', value: button.value, text: { type: 'plain_text', text: button.text } }], actor('USOCK'));
    await fake.sendEnvelope('interactive', payload);
    const r = await fake.waitForResponse(responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(blockTexts(r.body.blocks).length).toBeGreaterThan(0);
  });

  it('disconnects on stop', async () => {
    await adapter.stop();
    expect(adapter.isConnected()).toBe(false);
    await fake.waitFor(() => fake.sockets.size === 0, 'the socket to close');
  });
});
