/** GET /healthz and /virt about (issue 8). */
import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/health.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { damage } from '../helpers/tmp.js';

let app: TestApp;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  app.cleanup();
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const port = (server!.address() as { port: number }).port;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('health', () => {
  it('200 with the facts while the database answers and every adapter is connected; 503 otherwise', async () => {
    let connected = true;
    app = testApp({ adapters: () => [{ platform: 'discord', connected }, { platform: 'slack', connected: true }] });
    server = await startHealthServer(app, 0, '127.0.0.1');
    const ok = await get('/healthz');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, database: true, entries: app.services.content.entries.length, questions: app.services.content.questions.length });
    expect(ok.body.questionsPerObjective['330.2']).toBeGreaterThan(0);
    connected = false;
    const down = await get('/healthz');
    expect(down.status).toBe(503);
    expect(down.body.adapters).toContainEqual({ platform: 'discord', connected: false });
    connected = true;
    app.db.close();
    expect((await get('/healthz')).status).toBe(503);
    expect((await get('/other')).status).toBe(404);
  });

  it('/virt about shows version, uptime, content counts and adapters', async () => {
    app = testApp({ adapters: () => [{ platform: 'console', connected: true }, { platform: 'slack', connected: false }] });
    app.clock.advance(2 * 3600_000 + 5 * 60_000);
    const text = textOf(await app.chat('/virt about'));
    expect(text).toMatch(/virtbot \d+\.\d+\.\d+/);
    // Japanese units in Japanese (was '2h 5m' in both languages).
    expect(text).toContain('稼働時間: 2 時間 5 分');
    expect(text).toContain('slack（未接続）');
    await app.chat('/virt config lang en');
    app.clock.advance(86_400_000);
    const en = textOf(await app.chat('/virt about'));
    expect(en).toContain('Uptime: 1d 2h 5m');
    expect(en).toContain('slack (disconnected)');
    expect(text).toContain(String(app.services.content.entries.length));
    expect(text).toContain('console');
  });
});

describe('health of a damaged database', () => {
  it('503 with database:false once a query has hit SQLITE_CORRUPT, though SELECT 1 still answers', async () => {
    app = testApp();
    await app.chat('/virt quiz 330.2');
    await app.chat('/virt progress');
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    server = await startHealthServer(app, 0, '127.0.0.1');
    expect((await get('/healthz')).status).toBe(200);
    damage(app.dbFile);
    // A write on a second connection makes the app's connection drop its page cache and read the damaged pages.
    const other = new Database(app.dbFile);
    other.transaction(() => other.pragma(`user_version = ${other.pragma('user_version', { simple: true }) as number}`)).immediate();
    other.close();
    const replies = await app.chat('/virt progress');
    expect(textOf(replies)).toMatch(/内部エラー/);
    const res = await get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ok: false, database: false });
  });
});
