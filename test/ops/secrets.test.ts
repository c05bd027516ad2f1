/**
 * Discord and Slack in one process, at LOG_LEVEL=trace: tokens and the signing
 * secret never appear in the log output (issue 8), and SIGTERM exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord.js';
import { FakeSlack, SlackSender } from '../fakes/slack.js';
import { freePort, spawnBot, type RunningBot } from '../helpers/bot.js';
import { tempDir } from '../helpers/tmp.js';

const DISCORD_TOKEN = 'SeCrEtDiScOrDtOkEn.abc_DEF-4711';
const SLACK_BOT_TOKEN = 'xoxb-SeCrEtSlAcKbOtToKeN-4711';
const SLACK_SIGNING_SECRET = 'SeCrEtSiGnInGsEcReT4711';

let discord: FakeDiscord;
let slackFake: FakeSlack;
let child: ChildProcess;
let tmp: ReturnType<typeof tempDir>;
let bot: RunningBot;
let slack: SlackSender;

beforeAll(async () => {
  discord = new FakeDiscord({ token: DISCORD_TOKEN });
  await discord.start();
  slackFake = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN });
  slackFake.addUser({ id: 'USECRET', name: 'secretive', locale: 'en-US' });
  tmp = tempDir();
  const port = await freePort();
  bot = await spawnBot({
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: slackFake.apiUrl,
    SLACK_PORT: String(port),
    VIRTBOT_DB: join(tmp.dir, 'virtbot.db'),
    LOG_LEVEL: 'trace',
  });
  child = bot.child;
  slack = new SlackSender(slackFake, `http://127.0.0.1:${port}/slack/events`, SLACK_SIGNING_SECRET);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await discord?.close();
  await slackFake?.close();
  tmp?.cleanup();
});

describe('secrets in logs', () => {
  it('serves Discord and Slack from one process', async () => {
    const ask = await discord.callback(discord.slash('ask', { query: 'virsh list' }, { userId: '100000000000004711', locale: 'en-US' }));
    expect(ask.body.data.embeds[0].title).toBe('virsh list');
    const res = await slack.slashCommand('ask xl list', { userId: 'USECRET', channelId: 'C0SECRET' });
    expect(res.status).toBe(200);
    // A badly signed request is refused and logged, still without the secret.
    const bad = await slack.slashCommand('help', { userId: 'USECRET', channelId: 'C0SECRET' }, { secret: 'wrong-secret' });
    expect(bad.status).toBe(401);
  });

  it('logs at trace level without any token or secret, and SIGTERM exits 0', async () => {
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    const log = bot.output();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, 'SeCrEt']) expect(log).not.toContain(secret);
  });
});
