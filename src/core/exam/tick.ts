/**
 * The mock exam's time-out notice. Every 15 s, exams whose time has run out are
 * scored and their results sent to their users privately, so someone who walked
 * away learns the result without another click. node-cron is only the clock: the
 * claim lives in SQLite (ExamService.timeOut), so two processes tell a user once.
 */
import type { Logger } from 'pino';
import type { Platform } from '../model.js';
import type { Poster } from '../ports.js';
import type { ExamService } from './service.js';
import { scheduleTick } from '../tick.js';

/** Every 15 seconds (node-cron's optional seconds field). */
export const EXAM_TICK_EXPRESSION = '*/15 * * * * *';

/**
 * Scores the timed-out exams on `platforms` (the adapters this process runs) and sends
 * each user their results (all pages, in order).
 * A refused message (no DMs, bot not in the channel) is logged; the results still show
 * on the user's next click on the exam. Never throws.
 * @returns how many exams were scored.
 */
export async function notifyExamTimeouts(exam: ExamService, poster: Poster, platforms: readonly Platform[], log: Logger): Promise<number> {
  let timedOut;
  try {
    timedOut = exam.timeOut(platforms);
  } catch (err) {
    log.error({ err }, 'exam time-out check failed');
    return 0;
  }
  for (const t of timedOut) {
    for (const r of t.replies) {
      const result = await poster.notify(t.to, t.userId, r.message);
      if (result.status !== 'ok') {
        log.info({ examId: t.examId, result }, 'exam time-out notice not delivered; results show on the next click');
        break;
      }
    }
  }
  return timedOut.length;
}

/**
 * Runs notifyExamTimeouts now (exams that ran out while the bot was down) and every 15 s.
 * @returns stop(): ends the tick and waits for a run in flight.
 */
export function startExamTick(exam: ExamService, poster: Poster, platforms: readonly Platform[], log: Logger): { stop(): Promise<void> } {
  return scheduleTick('virtbot-exam', EXAM_TICK_EXPRESSION, () => notifyExamTimeouts(exam, poster, platforms, log));
}
