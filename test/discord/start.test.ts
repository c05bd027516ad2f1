/**
 * `npm start` with DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_API_URL: the
 * real process (src/main.ts) connects to the fake Discord's gateway and answers
 * /virt ask, quiz, progress and leaderboard; SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord.js';
import { tempDir } from '../helpers/app.js';
import { bodyText, componentsOf, messageOf } from './harness.js';

let fake: FakeDiscord;
let child: ChildProcess;
let tmp: ReturnType<typeof tempDir>;
let stderr = '';

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  tmp = tempDir();
  child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      VIRTBOT_DB: join(tmp.dir, 'virtbot.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`virtbot exited (${code}) before connecting:\n${stderr}`))));
  await Promise.race([fake.waitForIdentify(), exited]);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  tmp?.cleanup();
});

describe('npm start with DISCORD_TOKEN', () => {
  it('identified on the gateway with the bot token', () => {
    expect(fake.identifies[0].token).toBe(fake.token);
    expect(fake.calls.some((c) => c.path === '/gateway/bot' && c.authorization === `Bot ${fake.token}`)).toBe(true);
  });

  it('answers /virt ask xl list, quiz, progress and leaderboard', async () => {
    const actor = { userId: '100000000000009001', locale: 'en-US' };
    const ask = await fake.callback(fake.slash('ask', { query: 'xl list' }, actor));
    expect(ask.body.data.embeds[0].title).toBe('xl list');

    const quiz = await fake.callback(fake.slash('quiz', { objective: '330.1' }, actor));
    expect(quiz.body.data.embeds[0].title).toMatch(/^Question 330\.1/);
    const [first] = componentsOf(quiz.body);
    const msg = messageOf(quiz);
    const answer =
      first.type === 3
        ? fake.select(first.custom_id, first.options.slice(0, first.min_values).map((o: any) => o.value), msg, actor)
        : first.custom_id.startsWith('~modal:')
          ? fake.modalSubmit(first.custom_id.replace(/^~modal:\d+:/, ''), { value: 'kvm' }, actor, msg)
          : fake.button(first.custom_id, msg, actor);
    expect(bodyText((await fake.callback(answer)).body)).toMatch(/Correct|Wrong|Close, but still wrong/);

    const progress = await fake.callback(fake.slash('progress', {}, actor));
    expect(progress.body.type).toBe(4);
    expect(bodyText(progress.body)).toMatch(/330\.1/);
    const board = await fake.callback(fake.slash('leaderboard', {}, actor));
    expect(board.body.type).toBe(4);
    expect(bodyText(board.body)).toContain('user9001');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
