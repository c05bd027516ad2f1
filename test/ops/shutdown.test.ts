/** Graceful shutdown (issue 8): the router stops taking commands and waits for the ones in flight, bounded. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDecl } from '../../src/core/command.js';
import type { Incoming } from '../../src/core/model.js';
import { privateText } from '../../src/core/reply.js';
import { Router } from '../../src/core/router.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';

let app: TestApp;
afterEach(() => app.cleanup());

/** A command that finishes when the test says so. */
function slowCommand(): { cmd: CommandDecl; finish: () => void } {
  let finish = () => {};
  const gate = new Promise<void>((r) => (finish = r));
  return { cmd: { name: 'slow', description: { ja: '遅い', en: 'slow' }, options: [], run: async () => (await gate, privateText('done')) }, finish };
}

const incoming = (name: string): Incoming => ({
  kind: 'command',
  name,
  args: {},
  user: { platform: 'console', workspaceId: 'console', userId: 'you' },
  channelId: 'c',
  isDirect: false,
  isAdmin: false,
  receivedAt: new Date(),
});

describe('router drain', () => {
  it('waits for in-flight commands, refuses new ones meanwhile, and reports true', async () => {
    app = testApp();
    const { cmd, finish } = slowCommand();
    const router = new Router(app.services, [cmd], []);
    const inFlight = router.handle(incoming('slow'));
    const drained = router.drain(5_000);
    expect(textOf(await router.handle(incoming('slow')))).toMatch(/再起動中|restarting/);
    finish();
    expect(textOf(await inFlight)).toBe('done');
    expect(await drained).toBe(true);
  });

  it('gives up after the grace period when a command never finishes', async () => {
    app = testApp();
    const { cmd } = slowCommand();
    const router = new Router(app.services, [cmd], []);
    void router.handle(incoming('slow'));
    expect(await router.drain(50)).toBe(false);
  });
});
