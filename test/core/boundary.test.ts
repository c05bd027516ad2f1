/** The core never imports a chat platform library (architecture rule). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const PLATFORM = /from\s+['"](discord\.js|@discordjs\/[^'"]+|@slack\/[^'"]+)['"]|import\(\s*['"](discord\.js|@slack\/[^'"]+)['"]/;
const SQL = /\b(prepare|exec)\s*\(\s*[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE)/i;

describe('architecture boundaries', () => {
  const root = new URL('../../src/', import.meta.url).pathname;
  it('src/core, src/content and src/db never import discord.js or Bolt', () => {
    const offenders = ['core', 'content', 'db'].flatMap((d) => files(join(root, d))).filter((f) => PLATFORM.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
  it('no SQL outside src/db', () => {
    const offenders = files(root)
      .filter((f) => !f.includes('/src/db/') && !f.includes('/src/bench/'))
      .filter((f) => SQL.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
  it('adapters do not reach into the database layer', () => {
    const adapters = join(root, 'adapters');
    const offenders = files(adapters).filter((f) => /from\s+['"][./]*\/db\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
