/** Bad configuration stops start-up with one clear line (issue 8). */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/load.js';
import { MigrationError } from '../../src/db/open.js';
import { explainStartupError } from '../../src/startup.js';
import { tempDir } from '../helpers/tmp.js';

const root = new URL('../../', import.meta.url).pathname;

function start(env: Record<string, string>, input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--json'], {
    cwd: root,
    input,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up failures', () => {
  let busy: Server;
  let busyPort = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => busy.close());

  it('an unwritable VIRTBOT_DB names the file and the variable', () => {
    const res = start({ VIRTBOT_DB: '/etc/hostname/virtbot.db' });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot open the database file \/etc\/hostname\/virtbot\.db .*VIRTBOT_DB/);
  });

  it('a VIRTBOT_DB under /proc fails at once instead of hanging (Node mkdir -p loops there)', () => {
    const res = start({ VIRTBOT_DB: '/proc/nope/x.db' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/cannot open the database file \/proc\/nope\/x\.db .*VIRTBOT_DB/);
  });

  it('a health port in use names the port variable', () => {
    const { dir, cleanup } = tempDir();
    try {
      const res = start({ VIRTBOT_DB: join(dir, 'x.db'), VIRTBOT_HEALTH_PORT: String(busyPort) });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/port already in use.*VIRTBOT_HEALTH_PORT/);
    } finally {
      cleanup();
    }
  });

  it('a wrong token format is named without echoing the token', () => {
    const res = start({ DISCORD_TOKEN: 'has spaces and secret', DISCORD_APPLICATION_ID: '1' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/DISCORD_TOKEN: must be the bot token alone/);
    expect(res.stderr).not.toContain('secret');
  });

  it('content and migration errors explain themselves in one line', () => {
    const c = explainStartupError(new ContentError(['data/kb/xen.yaml: entry xl-list: kind: Invalid option']));
    expect(c).toBe('virtbot: fix the content in data/: data/kb/xen.yaml: entry xl-list: kind: Invalid option');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), { code: 'ENOTFOUND', hostname: 'discord.com' });
    expect(explainStartupError(dns)).toBe('virtbot: cannot reach discord.com (ENOTFOUND): check the network, or DISCORD_API_URL / SLACK_API_URL if you set them');
    const m = explainStartupError(new MigrationError('003_x.sql', new Error('near "CREAT": syntax error')));
    expect(m).toMatch(/^virtbot: database migration 003_x\.sql failed \(database left unchanged\)/);
  });
});
