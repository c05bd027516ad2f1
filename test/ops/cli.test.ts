/** CLI commands say what failed (not "start-up failed"), and refuse bad options with a non-zero exit. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { damage, tempDir } from '../helpers/tmp.js';

const root = new URL('../../', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('CLI errors', () => {
  it('backup into a folder that does not exist names the command and the folder', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'v.db');
      // A database to copy: the ask command does not write one, so make it with the app's own opener.
      expect(spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${join(root, 'src/db/open.ts')}').then((m) => m.openDb(${JSON.stringify(db)}).close())`], { cwd: root, encoding: 'utf8' }).status).toBe(0);
      const res = cli(['backup', join(dir, 'nodir', 'bk.db')], { VIRTBOT_DB: db });
      expect(res.status).toBe(1);
      expect(res.stderr).not.toContain('start-up');
      expect(res.stderr.trim()).toBe(`virtbot backup: the folder ${join(dir, 'nodir')} does not exist; create it or choose another path`);
    } finally {
      cleanup();
    }
  });

  it('backup of a damaged database says so in one line and leaves no copy that looks like a good backup', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'v.db');
      const made = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], { cwd: root, env: { PATH: process.env.PATH, VIRTBOT_DB: db, LOG_LEVEL: 'silent' }, input: '/virt quiz 330.2\n', encoding: 'utf8', timeout: 60_000 });
      expect(made.status).toBe(0);
      expect(damage(db)).toBeGreaterThan(40000);
      const target = join(dir, 'bk.db');
      const res = cli(['backup', target], { VIRTBOT_DB: db });
      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(`virtbot backup: ${db} is damaged`);
      expect(res.stderr).toContain('no backup written');
      expect(existsSync(target)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('a missing option value names the command, not start-up, and exits 2 with the usage', () => {
    const res = cli(['deploy-discord', '--guild']);
    expect(res.status).toBe(2);
    expect(res.stderr).not.toContain('start-up');
    expect(res.stderr).toMatch(/^virtbot deploy-discord: Option '--guild <value>' argument missing/);
    expect(res.stderr).toContain('usage: virtbot');
  });

  it('ask refuses an unknown --lang with a clear message and a non-zero exit; EN is taken as en', () => {
    const bad = cli(['ask', 'xl', '--lang', 'fr']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe('virtbot ask: --lang must be ja or en, got "fr"');
    const en = cli(['ask', 'xl', 'list', '--lang', 'EN']);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).not.toMatch(/[\u3040-\u30ff]/);
  });
});
