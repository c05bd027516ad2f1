/**
 * Mock-exam timing rules, pure. An exam of M minutes started at S ends at
 * S + M × 60 000 ms; an answer counts when it arrives strictly before the end
 * (1 s before counts, at or after the end does not).
 */

/** The real LPIC-3 exam: 60 questions in 90 minutes (defaults of `/virt exam`). */
export const EXAM_DEFAULT_QUESTIONS = 60;
export const EXAM_DEFAULT_MINUTES = 90;
/** Bounds of `/virt exam [questions] [minutes]`. */
export const EXAM_MAX_QUESTIONS = 100;
export const EXAM_MAX_MINUTES = 240;

/** UTC ms when an exam started at `startMs` with `minutes` minutes ends. */
export function examEndsAt(startMs: number, minutes: number): number {
  return startMs + minutes * 60_000;
}

/** Whether an answer at `atMs` counts in an exam ending at `endsAtMs` (both UTC ms). */
export function answerCounts(atMs: number, endsAtMs: number): boolean {
  return atMs < endsAtMs;
}

/** Milliseconds left at `nowMs`, never negative. */
export function remainingMs(nowMs: number, endsAtMs: number): number {
  return Math.max(0, endsAtMs - nowMs);
}

/** "1:05:09" / "4:59" / "0:00" for a duration in ms (seconds rounded up, so 0:00 only once time is over). */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
