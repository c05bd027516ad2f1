/** Test helpers: a real SQLite temp file, an injected clock, the console driven line by line. */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { ConsoleAdapter } from '../../src/adapters/console/adapter.js';
import { loadContent, type Content } from '../../src/content/load.js';
import type { Reply } from '../../src/core/model.js';
import type { Clock } from '../../src/core/ports.js';
import { tempDir } from './tmp.js';

export { tempDir };

let cached: Content | undefined;
/** The real content, loaded once per test file. */
export function content(): Content {
  return (cached ??= loadContent());
}

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public t: Date = new Date('2026-11-30T00:00:00Z')) {}
  now(): Date {
    return new Date(this.t.getTime());
  }
  set(iso: string | Date): void {
    this.t = new Date(iso);
  }
  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}


export interface TestApp extends App {
  clock: TestClock;
  dbFile: string;
  /** Sends one console line (as the console's current user) and returns the replies it printed. */
  chat(line: string): Promise<Reply[]>;
  console: ConsoleAdapter;
  cleanup(): void;
}

/** An app on a temp SQLite file with a TestClock and a JSON console attached. */
export function testApp(opts: Partial<AppOptions> & { dbFile?: string; clock?: TestClock } = {}): TestApp {
  const tmp = opts.dbFile ? undefined : tempDir();
  const dbFile = opts.dbFile ?? join(tmp!.dir, 'test.db');
  const clock = opts.clock ?? new TestClock();
  const app = createApp({ content: content(), ...opts, dbFile, clock });
  const output = new PassThrough();
  const lines: string[] = [];
  output.on('data', (b: Buffer) => lines.push(...b.toString('utf8').split('\n').filter(Boolean)));
  const consoleAdapter = new ConsoleAdapter(app.router, { input: new PassThrough(), output, json: true, clock });
  return {
    ...app,
    clock,
    dbFile,
    console: consoleAdapter,
    async chat(line: string) {
      lines.length = 0;
      await consoleAdapter.line(line);
      await new Promise((r) => setImmediate(r));
      return lines.map((l) => JSON.parse(l) as Reply);
    },
    cleanup() {
      app.close();
      tmp?.cleanup();
    },
  };
}

/** All text of a reply (title, blocks, fallback) for assertions. */
export function textOf(r: Reply | Reply[]): string {
  const list = Array.isArray(r) ? r : [r];
  return list.map((x) => x.message.fallback).join('\n');
}
