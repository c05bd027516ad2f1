/** Bad configuration stops start-up with one clear line (issue 8). */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PortError } from '../../src/config.js';
import { ContentError } from '../../src/content/load.js';
import { MigrationError } from '../../src/db/open.js';
import { explainStartupError } from '../../src/startup.js';
import { FakeSlack } from '../fakes/slack.js';
import { damage, tempDir } from '../helpers/tmp.js';

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

  it('a health port in use names the port variable, and only that one', () => {
    const { dir, cleanup } = tempDir();
    try {
      const res = start({ VIRTBOT_DB: join(dir, 'x.db'), VIRTBOT_HEALTH_PORT: String(busyPort) });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr.trim()).toBe(`virtbot: port ${busyPort} (VIRTBOT_HEALTH_PORT) is already in use: set VIRTBOT_HEALTH_PORT to a free port`);
    } finally {
      cleanup();
    }
  });

  it('a Slack HTTP port in use names SLACK_PORT, and only that one', async () => {
    const { dir, cleanup } = tempDir();
    const fake = await FakeSlack.start({ botToken: 'xoxb-port-test' });
    try {
      // Started asynchronously: the fake in this process must answer the bot's auth.test first.
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
        cwd: root,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', VIRTBOT_DB: join(dir, 'x.db'), SLACK_BOT_TOKEN: 'xoxb-port-test', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl, SLACK_PORT: String(busyPort) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code, stderr).toBe(1);
      expect(stderr.trim()).toBe(`virtbot: port ${busyPort} (SLACK_PORT) is already in use: set SLACK_PORT to a free port`);
    } finally {
      await fake.close();
      cleanup();
    }
  });

  it('VIRTBOT_HEALTH_PORT may not be the Slack HTTP port', () => {
    // SLACK_API_URL points at a closed local port, so nothing leaves the machine whatever happens.
    const res = start({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api/', VIRTBOT_HEALTH_PORT: '3000' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('VIRTBOT_HEALTH_PORT: is the port of SLACK_PORT (3000); give each its own');
    // Socket Mode listens on no port, so the same number is fine there (checked without starting: no Slack to reach).
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_APP_TOKEN: 'xapp-1', VIRTBOT_HEALTH_PORT: '3000' })).not.toThrow();
  });

  it('a listen error names the variable that chose the port; a privileged port says why', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:8080'), { code: 'EADDRINUSE' });
    expect(explainStartupError(new PortError('VIRTBOT_HEALTH_PORT', 8080, inUse))).toBe('virtbot: port 8080 (VIRTBOT_HEALTH_PORT) is already in use: set VIRTBOT_HEALTH_PORT to a free port');
    const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });
    expect(explainStartupError(new PortError('SLACK_PORT', 80, denied))).toBe('virtbot: may not listen on port 80 (SLACK_PORT; EACCES: ports below 1024 need privileges): set SLACK_PORT to a port from 1024 up');
  });

  it('a VIRTBOT_DB that is not a database names the file and says what to do', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
      const res = start({ VIRTBOT_DB: file });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(`virtbot: ${file} is not a SQLite database (SQLITE_NOTADB): set VIRTBOT_DB`);
    } finally {
      cleanup();
    }
  });

  it('read-only and damaged database files get their own explanation', () => {
    const ro = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(explainStartupError(ro, '/srv/v.db')).toMatch(/^virtbot: the database file \/srv\/v\.db is read-only for this user \(SQLITE_READONLY\): .*\/srv\/v\.db-wal/);
    const dirRo = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DIRECTORY' });
    expect(explainStartupError(dirRo, '/srv/v.db')).toMatch(/read-only for this user \(SQLITE_READONLY_DIRECTORY\)/);
    const bad = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    expect(explainStartupError(bad, '/srv/v.db')).toBe('virtbot: the database file /srv/v.db is damaged (SQLITE_CORRUPT): stop virtbot and restore a copy made with npm run backup (see Restore in the README), or salvage what is readable with the sqlite3 shell: sqlite3 /srv/v.db .recover | sqlite3 recovered.db, then set VIRTBOT_DB to recovered.db');
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
    expect(m).toBe('virtbot: database migration 003_x.sql failed: near "CREAT": syntax error (database left unchanged)');
    const io = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_SHORT_READ' });
    expect(explainStartupError(io, '/dev/null')).toBe('virtbot: cannot use /dev/null as the database (SQLITE_IOERR_SHORT_READ: disk I/O error): set VIRTBOT_DB to a regular file on a local disk');
  });

  it("another program's SQLite database is named as not virtbot's, and left as it was", () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'other.db');
      const other = new Database(file);
      other.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice')");
      other.close();
      const res = start({ VIRTBOT_DB: file });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr.trim()).toBe(`virtbot: ${file} already holds tables virtbot did not make (users); it is not virtbot's database and was left unchanged: set VIRTBOT_DB to a new file or to virtbot's database`);
      const after = new Database(file, { readonly: true });
      expect(after.prepare('SELECT name FROM users').all()).toEqual([{ name: 'alice' }]);
      // Untouched: not even its journal mode changed.
      expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
      after.close();
    } finally {
      cleanup();
    }
  });

  it('a damaged database file (valid header, scrambled pages) stops start-up with one line that names it and says how to recover', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'v.db');
      expect(start({ VIRTBOT_DB: file }, '/virt quiz 330.2\n').status).toBe(0);
      expect(damage(file)).toBeGreaterThan(40000);
      const res = start({ VIRTBOT_DB: file }, '/virt help\n');
      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      const lines = res.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`virtbot: the database file ${file} is damaged`);
      expect(lines[0]).toContain('npm run backup');
      expect(lines[0]).toContain('.recover');
    } finally {
      cleanup();
    }
  });

  // Root may write any file, so the bot then runs as nobody (uid 65534), as a locked-down service would.
  const asRoot = process.getuid?.() === 0;
  const nobodyCanRun = () =>
    spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(join(root, 'node_modules/tsx/package.json'))})`], { uid: 65534, gid: 65534 }).status === 0;
  // Skipped where the checkout is not readable by nobody (e.g. under /root): the bot could not start at all there.
  it.runIf(process.platform === 'linux' && (!asRoot || nobodyCanRun()))('a database file it may read but not write stops start-up with the read-only explanation, not at the first answer', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'v.db');
      expect(start({ VIRTBOT_DB: file }, '/virt help\n').status).toBe(0); // creates and migrates it
      chmodSync(dir, 0o777);
      chmodSync(file, 0o444);
      for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o666);
      const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--json'], {
        cwd: root,
        input: '/virt quiz 330.2\n',
        env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', VIRTBOT_DB: file, HOME: dir },
        encoding: 'utf8',
        timeout: 60_000,
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(res.status, res.stderr).toBe(1);
      expect(res.stderr).toMatch(new RegExp(`^virtbot: the database file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is read-only for this user \\(SQLITE_READONLY`));
    } finally {
      chmodSync(dir, 0o700);
      cleanup();
    }
  });
});
