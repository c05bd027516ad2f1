/**
 * `npm start` with Slack variables: the real process (src/main.ts) serves signed
 * `/virt` requests on SLACK_PORT against the fake Slack, and stops on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, SlackSender } from '../fakes/slack.js';
import { tempDir } from '../helpers/app.js';
import { freePort, spawnBot } from '../helpers/bot.js';
import { blockTexts } from './harness.js';

const SECRET = 'start-test-secret';
let fake: FakeSlack;
let child: ChildProcess;
let slack: SlackSender;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  fake = await FakeSlack.start({ botToken: 'xoxb-start-test' });
  fake.addUser({ id: 'USTART', name: 'starter', locale: 'en-US' });
  tmp = tempDir();
  const port = await freePort();
  ({ child } = await spawnBot({
    SLACK_BOT_TOKEN: 'xoxb-start-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: String(port),
    VIRTBOT_DB: join(tmp.dir, 'virtbot.db'),
    VIRTBOT_LANG: 'en',
    LOG_LEVEL: 'info',
  }));
  slack = new SlackSender(fake, `http://127.0.0.1:${port}/slack/events`, SECRET);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
  }
  await fake?.close();
  tmp?.cleanup();
});

describe('npm start with SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET', () => {
  it('checks the token with auth.test at start', () => {
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('serves help, quiz (with buttons), progress and leaderboard', async () => {
    const who = { userId: 'USTART', channelId: 'C0START' };
    const help = await slack.slashCommand('help', who);
    expect(help.status).toBe(200);
    expect(String((await fake.waitForResponse(help.responseUrl)).body.text)).toContain('/virt quiz');

    const quiz = await slack.slashCommand('quiz', who);
    expect(quiz.status).toBe(200);
    const posted = await fake.waitForCall('chat.postMessage');
    expect(posted.response.ok).toBe(true);
    const controls = JSON.stringify(posted.args.blocks);
    expect(controls).toMatch(/quiz\.[amt]:\d+/);

    const progress = await slack.slashCommand('progress', who);
    expect((await fake.waitForResponse(progress.responseUrl)).status).toBe(200);
    const n = fake.callsTo('chat.postMessage').length;
    const board = await slack.slashCommand('leaderboard week', who);
    const shown = await fake.waitFor(() => fake.responsesAt(board.responseUrl)[0]?.body ?? fake.callsTo('chat.postMessage')[n]?.args, 'leaderboard');
    expect(`${String(shown.text)}${blockTexts(shown.blocks)}`).toMatch(/Leaderboard/i);

    const bad = await slack.slashCommand('help', who, { secret: 'wrong' });
    expect(bad.status).toBe(401);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
