/** The mock exam's time-out notice: a user who walked away gets the results privately, once, from one process. */
import { afterEach, describe, expect, it } from 'vitest';
import { notifyExamTimeouts } from '../../src/core/exam/tick.js';
import type { Message } from '../../src/core/model.js';
import type { Destination, PostResult } from '../../src/core/ports.js';
import { createLogger } from '../../src/logger.js';
import { RecordingPoster } from '../daily/helpers.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { seeded } from '../quiz/helpers.js';
import { answerLine, shown } from '../review/helpers.js';

const log = createLogger('silent');
const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.cleanup();
});
function app(opts: Parameters<typeof testApp>[0] = {}): TestApp {
  const a = testApp({ defaultLang: 'en', rng: seeded(7), ...opts });
  apps.push(a);
  return a;
}
/** Every text of a message (title, blocks, fields, fallback). */
const text = (m: Message) => JSON.stringify(m);

describe('exam time-out notice', () => {
  it('scores an exam whose time ran out and sends its user the results privately, once', async () => {
    const a = app();
    const start = await a.chat('/virt exam 3 1');
    const q = shown(start, 'exam');
    await a.chat(answerLine(a.db, q.id, 'exam', true).line);
    const poster = new RecordingPoster();
    a.clock.advance(59_000);
    expect(await notifyExamTimeouts(a.services.exam, poster, ['console'], log)).toBe(0);
    a.clock.advance(2_000);
    expect(await notifyExamTimeouts(a.services.exam, poster, ['console'], log)).toBe(1);
    expect(poster.notices.length).toBeGreaterThanOrEqual(1);
    const first = poster.notices[0]!;
    expect(first.userId).toBe('you');
    expect(first.to).toMatchObject({ platform: 'console' });
    const all = poster.notices.map((n) => text(n.message)).join('\n');
    expect(all).toContain('Time is up for your mock exam. Here are your results.');
    expect(all).toContain('1/3 (33%)');
    // Told once; a click on the exam afterwards shows the same results as over.
    expect(await notifyExamTimeouts(a.services.exam, poster, ['console'], log)).toBe(0);
    const later = await a.chat(answerLine(a.db, q.id, 'exam', true).line);
    expect(textOf(later)).toMatch(/already over|Already answered|1\/3/);
  });

  it('says nothing about an exam the user finished or stopped in time', async () => {
    const a = app();
    await a.chat('/virt exam 2 1');
    await a.chat('/virt exam stop');
    a.clock.advance(120_000);
    const poster = new RecordingPoster();
    expect(await notifyExamTimeouts(a.services.exam, poster, ['console'], log)).toBe(0);
    expect(poster.notices).toHaveLength(0);
  });

  it('comes in the language the exam was started in', async () => {
    const a = app();
    await a.chat('/virt config lang ja');
    await a.chat('/virt exam 2 1');
    a.clock.advance(61_000);
    const poster = new RecordingPoster();
    await notifyExamTimeouts(a.services.exam, poster, ['console'], log);
    expect(poster.notices.map((n) => text(n.message)).join('\n')).toContain('模擬試験の時間が終わりました');
  });

  it('a process that does not run the exam\'s platform leaves it to one that does', async () => {
    const a = app();
    await a.chat('/virt exam 2 1');
    a.clock.advance(61_000);
    const poster = new RecordingPoster();
    expect(await notifyExamTimeouts(a.services.exam, poster, ['discord', 'slack'], log)).toBe(0);
    expect(await notifyExamTimeouts(a.services.exam, poster, ['console'], log)).toBe(1);
  });

  it('two processes on one database tell the user once', async () => {
    const a = app();
    const b = app({ dbFile: a.dbFile, clock: a.clock });
    await a.chat('/virt exam 2 1');
    a.clock.advance(61_000);
    const pa = new RecordingPoster();
    const pb = new RecordingPoster();
    const [na, nb] = await Promise.all([notifyExamTimeouts(a.services.exam, pa, ['console'], log), notifyExamTimeouts(b.services.exam, pb, ['console'], log)]);
    expect(na + nb).toBe(1);
  });

  it('a refused message (no DMs) is logged and the results still come on the next click', async () => {
    const a = app();
    const q = shown(await a.chat('/virt exam 2 1'), 'exam');
    a.clock.advance(61_000);
    const refusing = new RecordingPoster();
    refusing.notify = async (_to: Destination, _u: string, _m: Message): Promise<PostResult> => ({ status: 'forbidden', reason: 'discord 403 50007' });
    expect(await notifyExamTimeouts(a.services.exam, refusing, ['console'], log)).toBe(1);
    expect(textOf(await a.chat(answerLine(a.db, q.id, 'exam', true).line))).toContain('Mock exam result');
  });

  it('the console prints the notice privately, addressed to the user', async () => {
    const a = app();
    await a.chat('/virt exam 1 1');
    a.clock.advance(61_000);
    const lines: string[] = [];
    const out = (a.console as unknown as { show: (r: unknown[], core?: boolean) => void });
    const show = out.show.bind(a.console);
    out.show = (r: unknown[], core?: boolean) => {
      lines.push(JSON.stringify(r));
      show(r, core);
    };
    await notifyExamTimeouts(a.services.exam, a.console, ['console'], log);
    expect(lines.join('\n')).toContain('"visibility":"private"');
    expect(lines.join('\n')).toContain('@you');
  });
});
