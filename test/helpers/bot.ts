/** Runs the real bot (src/main.ts) as a child process, as `npm start` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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
 * Starts `script` (default src/main.ts, the bot as `npm start` runs it) with only PATH,
 * HOME and `env`, and resolves once its output contains `ready` (default: the
 * "virtbot ready" log line). The benchmarks also start their bare bots with it.
 * @throws (rejects) with the output when the process exits first.
 */
export async function spawnBot(env: Record<string, string>, ready = 'virtbot ready', script = 'src/main.ts'): Promise<RunningBot> {
  // node --import tsx, as `npm start` runs it: one process, so signals and /proc CPU times are the bot's own.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
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
      reject(new Error(`${script} exited (${code}) before it was ready:\n${out}`));
    };
    child.once('exit', early);
  });
  return { child, output: () => out };
}

/** Sends SIGTERM to `bot` and resolves once it has exited. */
export async function stopBot(bot: RunningBot): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => bot.child.once('exit', () => r()));
  bot.child.kill('SIGTERM');
  await exited;
}
