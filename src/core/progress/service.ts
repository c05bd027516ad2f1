/**
 * `/virt progress [user]`: answered, accuracy, mastery per objective beside its exam
 * weight, current and longest streak (local days in VIRTBOT_TZ), the weakest
 * objectives and entries to study next. Reads aggregates only (user_questions,
 * user_days), so it stays fast at millions of answers.
 */
import type { Content } from '../../content/load.js';
import { OBJECTIVE_IDS, OBJECTIVE_WEIGHTS, type ObjectiveId } from '../../content/schema.js';
import type { ProgressRepo, QuestionState } from '../../db/progress.js';
import type { Clock } from '../ports.js';
import type { LocalCalendar } from './calendar.js';
import { streaks, type Streaks } from './streak.js';

export interface ObjectiveProgress {
  objective: ObjectiveId;
  weight: number;
  answered: number;
  correct: number;
  /** correct / answered, 0 when none. */
  accuracy: number;
  /** Questions of this objective whose last answer was right, over the objective's pool (0-1). */
  mastery: number;
  pool: number;
}

export interface ProgressReport {
  userRef: number;
  answered: number;
  correct: number;
  accuracy: number;
  streak: Streaks;
  objectives: ObjectiveProgress[];
  /** Up to two objectives to work on, weakest first. */
  weakest: ObjectiveId[];
  /** Knowledge-base entry ids to study next (up to 5). */
  studyNext: string[];
}

export class ProgressService {
  /** Question ids per objective (the pools mastery is measured against). */
  private readonly pools: ReadonlyMap<ObjectiveId, ReadonlySet<string>>;

  constructor(
    private readonly repo: ProgressRepo,
    private readonly content: Content,
    private readonly calendar: LocalCalendar,
    private readonly clock: Clock,
  ) {
    this.pools = new Map(OBJECTIVE_IDS.map((o) => [o, new Set(content.questions.filter((q) => q.objective === o).map((q) => q.id))]));
  }

  /** A user of this platform/workspace by user id or display name, or undefined. */
  findUser(platform: string, workspaceId: string, idOrName: string): { id: number; userId: string; displayName: string | null } | undefined {
    return this.repo.findUser(platform, workspaceId, idOrName);
  }

  /** The report of `userRef` as of now. */
  report(userRef: number): ProgressReport {
    const states = this.repo.questionStates(userRef);
    const known = states.filter((s) => s.answered > 0);
    const sums = new Map<string, { answered: number; correct: number; mastered: number }>();
    for (const s of known) {
      const x = sums.get(s.objective) ?? { answered: 0, correct: 0, mastered: 0 };
      x.answered += s.answered;
      x.correct += s.correct;
      if (s.lastCorrect && this.pools.get(s.objective as ObjectiveId)?.has(s.questionId)) x.mastered++;
      sums.set(s.objective, x);
    }
    const objectives = OBJECTIVE_IDS.map((o): ObjectiveProgress => {
      const { answered, correct, mastered } = sums.get(o) ?? { answered: 0, correct: 0, mastered: 0 };
      const pool = this.pools.get(o)!.size;
      return { objective: o, weight: OBJECTIVE_WEIGHTS[o], answered, correct, accuracy: answered ? correct / answered : 0, mastery: pool ? mastered / pool : 0, pool };
    });
    const answered = objectives.reduce((n, o) => n + o.answered, 0);
    const correct = objectives.reduce((n, o) => n + o.correct, 0);
    // Smoothed accuracy, so one lucky answer does not hide a weakness; heavier objectives first on ties.
    const score = (o: ObjectiveProgress) => (o.correct + 1) / (o.answered + 2);
    const weakest = objectives
      .filter((o) => o.pool > 0 && o.mastery < 1)
      .sort((a, b) => score(a) - score(b) || a.mastery - b.mastery || b.weight - a.weight)
      .slice(0, 2)
      .map((o) => o.objective);
    const today = this.calendar.periodsOf(this.clock.now().getTime()).day;
    return {
      userRef,
      answered,
      correct,
      accuracy: answered ? correct / answered : 0,
      streak: streaks(this.repo.activeDays(userRef), today),
      objectives,
      weakest,
      studyNext: this.studyNext(known, weakest),
    };
  }

  /** Entries of the questions last answered wrong (weak objectives first, latest first), else of the weakest objective. */
  private studyNext(known: QuestionState[], weakest: ObjectiveId[]): string[] {
    const rank = (o: string) => {
      const i = weakest.indexOf(o as ObjectiveId);
      return i < 0 ? weakest.length : i;
    };
    const wrong = known.filter((s) => s.lastCorrect === false).sort((a, b) => rank(a.objective) - rank(b.objective) || (b.lastAt ?? 0) - (a.lastAt ?? 0));
    const out: string[] = [];
    const add = (id: string) => {
      if (out.length < 5 && !out.includes(id) && this.content.entryById.has(id)) out.push(id);
    };
    for (const s of wrong) for (const id of this.content.questionById.get(s.questionId)?.entries ?? []) add(id);
    if (!out.length && weakest[0]) for (const e of this.content.entries) if (e.objectives.includes(weakest[0])) add(e.id);
    return out;
  }
}
