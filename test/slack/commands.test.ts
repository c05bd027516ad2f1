/**
 * The Slack adapter end to end: the real Bolt App on 127.0.0.1, signed requests, and
 * the local fake Slack Web API (test/fakes/slack.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, asClientMessage, blockTexts, buttonsIn, slackRig, type SlackRig } from './harness.js';

let rig: SlackRig;

beforeAll(async () => {
  rig = await slackRig();
  rig.fake
    .addUser({ id: 'UJA', name: 'hanako', locale: 'ja-JP' })
    .addUser({ id: 'UEN', name: 'alice', locale: 'en-US' })
    .addUser({ id: 'UPLAIN', name: 'nolocale' });
});
afterAll(async () => {
  await rig?.close();
});

describe('slash commands', () => {
  it('acks within the request, then posts the private answer to the response_url', async () => {
    const sent = await rig.slack.slashCommand('help', actor('UEN'));
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.status).toBe(200);
    expect(r.problems).toEqual([]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('/virt ask');
    expect(blockTexts(r.body.blocks)).toContain('/virt ask');
    // English, from the user's Slack locale (users.info include_locale).
    expect(String(r.body.text)).toContain('Commands');
    const info = rig.fake.callsTo('users.info').find((c) => c.args.user === 'UEN');
    expect(info?.args.include_locale).toBe('true');
  });

  it('acknowledges before any work: the HTTP answer comes back while users.info is still pending', async () => {
    rig.fake.addUser({ id: 'USLOW', name: 'slow', locale: 'en-US' });
    const release = rig.fake.hold('users.info');
    let sent;
    try {
      sent = await rig.slack.slashCommand('help', actor('USLOW'));
      expect(sent.status).toBe(200);
      expect(rig.fake.responsesAt(sent.responseUrl)).toHaveLength(0);
    } finally {
      release();
    }
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
  });

  it('answers in Japanese for a ja-JP user and in the default language when Slack gives no locale', async () => {
    const ja = await rig.slack.slashCommand('help', actor('UJA'));
    expect(String((await rig.fake.waitForResponse(ja.responseUrl)).body.text)).toContain('コマンド一覧');
    const plain = await rig.slack.slashCommand('help', actor('UPLAIN'));
    expect(String((await rig.fake.waitForResponse(plain.responseUrl)).body.text)).toContain('コマンド一覧');
  });

  it('posts a public ask answer with chat.postMessage and the bot token, with related-entry buttons', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    const sent = await rig.slack.slashCommand('ask xl list', actor('UEN'));
    expect(sent.status).toBe(200);
    const call = await rig.fake.waitForCall('chat.postMessage', before + 1);
    expect(call.token).toBe('xoxb-test-token');
    expect(call.response.ok).toBe(true);
    expect(call.args.channel).toBe('C0STUDY');
    const blocks = call.args.blocks as Record<string, unknown>[];
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blockTexts(blocks)).toContain('xl list');
    expect(String(call.args.text)).toContain('xl list');
    const buttons = buttonsIn(blocks);
    expect(buttons.length).toBeGreaterThan(0);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(buttons.every((b) => b.action_id.startsWith('ask.entry:'))).toBe(true);
    expect(rig.fake.responsesAt(sent.responseUrl)).toHaveLength(0);
  });

  it('a related-entry button answers privately with that entry', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    await rig.slack.slashCommand('ask xl list', actor('UEN'));
    const call = await rig.fake.waitForCall('chat.postMessage', before + 1);
    const message = { blocks: call.args.blocks as Record<string, unknown>[], text: String(call.args.text), ts: String(call.response.ts) };
    const button = buttonsIn(message.blocks)[0]!;
    const click = await rig.slack.click(message, button.action_id, actor('UEN'));
    expect(click.status).toBe(200);
    expect(click.body).toBe('');
    const r = await rig.fake.waitForResponse(click.responseUrl);
    expect(r.problems).toEqual([]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(r.body.replace_original).toBe(false);
    expect(blockTexts(r.body.blocks)).toContain(button.text.replace(/…$/, ''));
  });

  it('a wrong argument gets the usage of that subcommand, privately', async () => {
    const sent = await rig.slack.slashCommand('config lang fr', actor('UEN'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('/virt config lang');
    const unknown = await rig.slack.slashCommand('frobnicate now', actor('UEN'));
    const u = await rig.fake.waitForResponse(unknown.responseUrl);
    expect(String(u.body.text)).toContain('frobnicate');
  });

  it('escapes user text so it cannot mention @channel or inject links', async () => {
    const sent = await rig.slack.slashCommand('ask <!channel> & <https://evil.example|click> zzzqqq', actor('UEN'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    const all = String(r.body.text) + blockTexts(r.body.blocks);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&amp;');
    expect(all).not.toMatch(/<!channel>|<https:/);
    const sections = (r.body.blocks as { type: string; text?: { type: string; verbatim?: boolean } }[]).filter((b) => b.type === 'section' && b.text?.type === 'mrkdwn');
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.every((s) => s.text!.verbatim === true)).toBe(true);
  });

  it('reads command text the way Slack escapes it (&amp; &lt; &gt;) and escapes it once on the way back', async () => {
    const sent = await rig.slack.slashCommand('ask zzqq &lt;domain&gt; &amp;&amp; yyxx', actor('UEN'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    const text = String(r.body.text);
    expect(text).toContain('zzqq &lt;domain&gt; &amp;&amp; yyxx');
    expect(text).not.toContain('&amp;lt;');
  });

  it('in a DM the public answer goes back through the response_url (the bot may not be a member)', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    const sent = await rig.slack.slashCommand('ask xl list', actor('UEN', 'D0DIRECT'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('in_channel');
    expect(blockTexts(r.body.blocks)).toContain('xl list');
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(before);
  });
});

describe('signatures', () => {
  it('refuses a wrong signature and a timestamp 6 minutes old with 401, and records nothing', async () => {
    rig.fake.addUser({ id: 'UBAD', name: 'mallory', locale: 'en-US' });
    const bad = await rig.slack.slashCommand('help', actor('UBAD'), { secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    const old = await rig.slack.slashCommand('help', actor('UBAD'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(old.status).toBe(401);
    const oldClick = await rig.slack.interactive({ type: 'block_actions', actions: [] }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(oldClick.status).toBe(401);
    // A good request afterwards is served; the refused ones left no trace.
    const good = await rig.slack.slashCommand('help', actor('UEN'));
    await rig.fake.waitForResponse(good.responseUrl);
    expect(rig.fake.responsesAt(bad.responseUrl)).toHaveLength(0);
    expect(rig.fake.responsesAt(old.responseUrl)).toHaveLength(0);
    expect(rig.fake.callsTo('users.info').filter((c) => c.args.user === 'UBAD')).toHaveLength(0);
    expect(rig.app.services.settings.findUser({ platform: 'slack', workspaceId: rig.fake.teamId, userId: 'UBAD' })).toBeUndefined();
  });
});

describe('a channel the bot is not in', () => {
  it.each(['not_in_channel', 'channel_not_found'])('%s: the public answer comes back privately with a hint to invite the bot', async (error) => {
    const channel = `C0${error.toUpperCase().replace(/_/g, '')}`;
    rig.fake.channelErrors.set(channel, error);
    const sent = await rig.slack.slashCommand('ask xl list', actor('UEN', channel));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.problems).toEqual([]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('/invite');
    expect(blockTexts(r.body.blocks)).toContain('xl list');
    // The process is still serving.
    const again = await rig.slack.slashCommand('help', actor('UEN', channel));
    expect((await rig.fake.waitForResponse(again.responseUrl)).status).toBe(200);
  });

  it('the Poster reports forbidden / gone instead of throwing', async () => {
    rig.fake.channelErrors.set('C0NOTIN', 'not_in_channel');
    rig.fake.channelErrors.set('C0GONE', 'channel_not_found');
    const m = { title: 'Daily', blocks: [{ type: 'text' as const, text: 'question' }], fallback: 'Daily question' };
    const ws = rig.fake.teamId;
    await expect(rig.adapter.poster.post({ platform: 'slack', workspaceId: ws, channelId: 'C0NOTIN' }, m)).resolves.toMatchObject({ status: 'forbidden', reason: 'not_in_channel' });
    await expect(rig.adapter.poster.post({ platform: 'slack', workspaceId: ws, channelId: 'C0GONE' }, m)).resolves.toMatchObject({ status: 'gone', reason: 'channel_not_found' });
    const ok = await rig.adapter.poster.post({ platform: 'slack', workspaceId: ws, channelId: 'C0DAILY' }, m);
    expect(ok.status).toBe('ok');
    if (ok.status !== 'ok') return;
    const edited = await rig.adapter.poster.edit({ platform: 'slack', workspaceId: ws, channelId: 'C0DAILY' }, ok.messageId, { ...m, fallback: 'Revealed' });
    expect(edited).toEqual({ status: 'ok', messageId: ok.messageId });
    expect(rig.fake.messages.get(`C0DAILY/${ok.messageId}`)).toMatchObject({ text: 'Revealed', edits: 1 });
    await expect(rig.adapter.poster.edit({ platform: 'slack', workspaceId: ws, channelId: 'C0DAILY' }, '1.000000', m)).resolves.toMatchObject({ status: 'gone', reason: 'message_not_found' });
  });

  it('an unexpected Slack error reaches the user as a private message with an error id', async () => {
    rig.fake.channelErrors.set('C0RESTRICTED', 'restricted_action');
    const sent = await rig.slack.slashCommand('ask xl list', actor('UEN', 'C0RESTRICTED'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toMatch(/error id: [0-9a-f]{8}/);
  });
});

describe('admin rights', () => {
  it('a non-admin cannot change the workspace default; an owner (users.info) and a SLACK_ADMIN_USERS member can', async () => {
    rig.fake.addUser({ id: 'UMEMBER', name: 'member', locale: 'en-US' }).addUser({ id: 'UOWNER', name: 'owner', isOwner: true, locale: 'en-US' });
    const denied = await rig.slack.slashCommand('config lang en server', actor('UMEMBER'));
    const d = await rig.fake.waitForResponse(denied.responseUrl);
    expect(String(d.body.text)).toMatch(/Only admins/);
    expect(rig.app.services.settings.workspaceSetting('slack', rig.fake.teamId, 'lang')).toBeUndefined();
    const owner = await rig.slack.slashCommand('config lang en server', actor('UOWNER'));
    expect(String((await rig.fake.waitForResponse(owner.responseUrl)).body.text)).toMatch(/server default language is now English/);
    expect(rig.app.services.settings.workspaceSetting('slack', rig.fake.teamId, 'lang')).toBe('en');
    // The workspace default now applies to a user without a Slack locale.
    const plain = await rig.slack.slashCommand('help', actor('UPLAIN'));
    expect(String((await rig.fake.waitForResponse(plain.responseUrl)).body.text)).toContain('Commands');
    rig.app.services.settings.setWorkspaceSetting('slack', rig.fake.teamId, 'lang', 'ja');
  });

  it('SLACK_ADMIN_USERS makes a user admin even when users.info does not know them', async () => {
    const other = await slackRig({ SLACK_ADMIN_USERS: 'ULISTED, USOMEONE' });
    try {
      const sent = await other.slack.slashCommand('config lang en server', actor('ULISTED'));
      const r = await other.fake.waitForResponse(sent.responseUrl);
      expect(String(r.body.text)).toMatch(/サーバーの既定言語|server default language/);
      expect(other.app.services.settings.workspaceSetting('slack', other.fake.teamId, 'lang')).toBe('en');
      const notListed = await other.slack.slashCommand('config lang en server', actor('UNOTLISTED'));
      expect(String((await other.fake.waitForResponse(notListed.responseUrl)).body.text)).toMatch(/管理者だけ|Only admins/);
    } finally {
      await other.close();
    }
  });
});

describe('buttons delivered twice', () => {
  it('the same block_actions payload twice is answered both times without a crash', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    await rig.slack.slashCommand('ask xl list', actor('UEN'));
    const call = await rig.fake.waitForCall('chat.postMessage', before + 1);
    const message = { blocks: call.args.blocks as Record<string, unknown>[], text: String(call.args.text), ts: String(call.response.ts) };
    const button = buttonsIn(message.blocks)[0]!;
    const { payload, responseUrl } = rig.slack.blockActionsPayload(message, [{ type: 'button', action_id: button.action_id, block_id: 'b1', value: button.value, text: { type: 'plain_text', text: button.text } }], actor('UEN'));
    const [a, b] = await Promise.all([rig.slack.interactive(payload), rig.slack.interactive(payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await rig.fake.waitForResponse(responseUrl, 2);
    expect(rig.fake.responsesAt(responseUrl).every((r) => r.status === 200)).toBe(true);
    const help = await rig.slack.slashCommand('help', actor('UEN'));
    expect((await rig.fake.waitForResponse(help.responseUrl)).status).toBe(200);
    void asClientMessage;
  });
});

describe('files (/virt mydata)', () => {
  it('a private file goes to the user\'s DM with the bot, never to the channel', async () => {
    const setting = await rig.slack.slashCommand('config lang en', actor('UEN', 'C0FILES'));
    await rig.fake.waitForResponse(setting.responseUrl);
    const sent = await rig.slack.slashCommand('mydata', actor('UEN', 'C0FILES'));
    const r = await rig.fake.waitForResponse(sent.responseUrl);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toMatch(/Sent virtbot-mydata\.json/);
    const file = [...rig.fake.files.values()].find((f) => f.filename === 'virtbot-mydata.json')!;
    expect(file.channel).toBe('DUEN');
    expect(JSON.parse(file.content).user.userId).toBe('UEN');
  });

  it('without the file scopes the content comes inline instead, privately', async () => {
    rig.fake.methodErrors.set('conversations.open', 'missing_scope');
    try {
      const setting = await rig.slack.slashCommand('config lang ja', actor('UJA', 'C0FILES'));
      await rig.fake.waitForResponse(setting.responseUrl);
      const sent = await rig.slack.slashCommand('mydata', actor('UJA', 'C0FILES'));
      const r = await rig.fake.waitForResponse(sent.responseUrl);
      expect(r.problems).toEqual([]);
      expect(r.body.response_type).toBe('ephemeral');
      expect(blockTexts(r.body.blocks)).toContain('files:write');
      expect(blockTexts(r.body.blocks)).toContain('"userId": "UJA"');
      expect([...rig.fake.files.values()].filter((f) => f.content.includes('"UJA"'))).toHaveLength(0);
    } finally {
      rig.fake.methodErrors.delete('conversations.open');
    }
  });
});

describe('replies that replace the original, and exhausted response_urls', () => {
  it('forget-me: the confirm message is ephemeral and "cancel" replaces it (replace_original)', async () => {
    rig.fake.addUser({ id: 'UFORGET', name: 'forgetful', locale: 'en-US' });
    const sent = await rig.slack.slashCommand('forget-me', actor('UFORGET'));
    const confirm = await rig.fake.waitForResponse(sent.responseUrl);
    expect(confirm.body.response_type).toBe('ephemeral');
    const message = asClientMessage(confirm);
    const cancel = buttonsIn(message.blocks).find((b) => /cancel/i.test(b.action_id))!;
    const click = await rig.slack.click(message, cancel.action_id, actor('UFORGET'));
    const r = await rig.fake.waitForResponse(click.responseUrl);
    expect(r.body.replace_original).toBe(true);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toMatch(/Nothing was deleted|削除を取りやめました/);
  });

  it('a private answer whose response_url is used up goes out with chat.postEphemeral instead', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    await rig.slack.slashCommand('ask xl list', actor('UEN'));
    const call = await rig.fake.waitForCall('chat.postMessage', before + 1);
    const message = { blocks: call.args.blocks as Record<string, unknown>[], text: String(call.args.text), ts: String(call.response.ts) };
    const button = buttonsIn(message.blocks)[0]!;
    const used = rig.fake.newResponseUrl();
    for (let i = 0; i < 5; i++) await fetch(used, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `use ${i}` }) });
    const { payload } = rig.slack.blockActionsPayload(message, [{ type: 'button', action_id: button.action_id, block_id: 'b1', value: button.value, text: { type: 'plain_text', text: button.text } }], actor('UEN'));
    payload.response_url = used;
    const ephemerals = rig.fake.callsTo('chat.postEphemeral').length;
    expect((await rig.slack.interactive(payload)).status).toBe(200);
    const eph = await rig.fake.waitForCall('chat.postEphemeral', ephemerals + 1);
    expect(eph.response.ok).toBe(true);
    expect(eph.args).toMatchObject({ channel: 'C0STUDY', user: 'UEN' });
    expect(rig.fake.responsesAt(used).at(-1)!.status).toBe(404);
  });
});

describe('start-up', () => {
  it('a token Slack refuses stops start() with a message that says which variable to fix', async () => {
    const { FakeSlack } = await import('../fakes/slack.js');
    const { loadConfig } = await import('../../src/config.js');
    const { createSlackAdapter } = await import('../../src/adapters/slack/adapter.js');
    const other = await FakeSlack.start({ botToken: 'xoxb-right' });
    try {
      const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: other.apiUrl, SLACK_PORT: '0' });
      const adapter = createSlackAdapter(config, rig.app, { host: '127.0.0.1', retryConfig: { retries: 0 } });
      await expect(adapter.start()).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(adapter.isConnected()).toBe(false);
    } finally {
      await other.close();
    }
  });
});
