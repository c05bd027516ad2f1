/**
 * Exam 305 (LPIC-3 Virtualization and Containerization, v3.0) objective ids: virtbot's
 * questions, boards and progress follow 304 (330.1-330.6), but its knowledge-base entries
 * carry the 305 ids too (../shared/content/objectives.md), so `/virt quiz 351.2` can ask
 * the questions of the entries tagged 351.2, and someone studying for 305 can be told
 * where their objective's topics are.
 */
import type { Content } from '../content/load.js';
import { OBJECTIVE_305_IDS, type LocalText, type Question } from '../content/schema.js';

/** Whether `id` is an exam 305 objective id ("351.2"). */
export function is305(id: string): boolean {
  return (OBJECTIVE_305_IDS as readonly string[]).includes(id);
}

/** The questions that teach an entry carrying the 305 objective `id`; [] for any other text. */
export function questionsOf305(id: string, content: Pick<Content, 'questions' | 'entryById'>): Question[] {
  if (!is305(id)) return [];
  return content.questions.filter((q) => q.entries.some((e) => (content.entryById.get(e)?.objectives305 as readonly string[] | undefined)?.includes(id)));
}

/**
 * For a 305 id ("351.2"), the 304 objectives whose entries carry it, most entries
 * first (e.g. [{ objective: '330.2', entries: 71 }]); [] for any other text.
 */
export function objectivesOf305(id: string, content: Pick<Content, 'entries'>): { objective: string; entries: number }[] {
  if (!is305(id)) return [];
  const counts = new Map<string, number>();
  for (const e of content.entries) if ((e.objectives305 as readonly string[]).includes(id)) for (const o of e.objectives) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([objective, entries]) => ({ objective, entries })).sort((a, b) => b.entries - a.entries || a.objective.localeCompare(b.objective));
}

/** A one-line pointer for a 305 id given where a 304 objective goes, or undefined when `id` is no 305 id. */
export function hintFor305(id: string, content: Pick<Content, 'entries'>): LocalText | undefined {
  const found = objectivesOf305(id, content);
  if (!found.length) return undefined;
  const list = found.map((f) => f.objective).join(', ');
  return {
    ja: `${id} は試験 305 の番号です。virtbot の出題は試験 304 の番号（330.1〜330.6）で分けていて、${id} の内容は ${list} にあります（項目の多い順）。`,
    en: `${id} is an exam 305 objective. virtbot groups its questions by the exam 304 objectives (330.1-330.6); the topics of ${id} are in ${list} (most entries first).`,
  };
}
