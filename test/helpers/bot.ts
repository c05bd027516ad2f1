/** Runs the real bot (src/main.ts) as a child process, as `npm start` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface RunningBot {
  child: ChildProcess;
  /** Everything the bot wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts src/main.ts with only PATH, HOME and `env`, and resolves once its output
 * contains `ready` (default: the "virtbot ready" log line).
 * @throws (rejects) with the output when the process exits first.
 */
export async function spawnBot(env: Record<string, string>, ready = 'virtbot ready'): Promise<RunningBot> {
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes(ready)) {
        clearInterval(timer);
        child.off('exit', early);
        resolve();
      }
    }, 50);
    const early = (code: number | null) => {
      clearInterval(timer);
      reject(new Error(`virtbot exited (${code}) before it was ready:\n${out}`));
    };
    child.once('exit', early);
  });
  return { child, output: () => out };
}
