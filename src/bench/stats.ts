/** Order statistics and process CPU time shared by the benchmarks. */
import { readFileSync } from 'node:fs';

/** The `p`-th percentile (0-100, nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** Latency and rate of one benchmark run (ms, per second). */
export interface RunStats {
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
  /** CPU time of the measured process per request (ms), from /proc; steadier than wall time on a busy machine. */
  cpuMs?: number;
}

/** RunStats of `times` (ms, any order) taken in `elapsedMs` of wall time. */
export function statsOf(times: readonly number[], elapsedMs: number): RunStats {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), perSecond: (sorted.length / elapsedMs) * 1000 };
}

/** The median of `xs` (any order). */
export function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** User + system CPU time of process `pid` so far (ms), from /proc/PID/stat (Linux); NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
