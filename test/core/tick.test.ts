import { describe, expect, it } from 'vitest';
import { scheduleTick } from '../../src/core/tick.js';

describe('scheduleTick', () => {
  it('runs once at start, stop() waits for the run in flight, and a failing run does not escape', async () => {
    const calls: string[] = [];
    let finished = false;
    const tick = scheduleTick('test-tick', '0 0 1 1 *', async (why) => {
      calls.push(why);
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
      throw new Error('a bad run');
    });
    expect(calls).toEqual(['start']);
    await tick.stop();
    expect(finished).toBe(true);
  });

  it('runs on its schedule (every second here) and not after stop()', async () => {
    const calls: string[] = [];
    const tick = scheduleTick('test-tick-2', '* * * * * *', async (why) => void calls.push(why));
    await new Promise((r) => setTimeout(r, 2200));
    await tick.stop();
    const n = calls.length;
    expect(calls[0]).toBe('start');
    expect(calls.filter((c) => c === 'tick').length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(calls.length).toBe(n);
  });
});
