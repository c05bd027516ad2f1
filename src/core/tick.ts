/**
 * A periodic job on node-cron: run once now (catch up on what came due while the bot
 * was down), then on every tick of `expression`, never two runs at once. node-cron is
 * only the clock; every job keeps its state in SQLite, so a missed tick loses nothing.
 */
import cron from 'node-cron';

/**
 * Starts `run` now and on `expression` (node-cron syntax; a sixth leading field is seconds).
 * `run` should not throw; a rejection is swallowed so the next tick still runs.
 * @returns stop(): ends the schedule and waits for the run in flight.
 */
export function scheduleTick(name: string, expression: string, run: (why: 'start' | 'tick') => Promise<unknown>): { stop(): Promise<void> } {
  const safely = (why: 'start' | 'tick') => run(why).catch(() => undefined);
  let running: Promise<unknown> = safely('start');
  const task = cron.schedule(
    expression,
    () => {
      running = safely('tick');
      return running;
    },
    { name, noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
