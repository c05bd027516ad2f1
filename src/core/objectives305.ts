/**
 * Exam 305 (LPIC-3 Virtualization and Containerization, v3.0) objective ids, read as
 * pointers into virtbot's 304 objectives (330.1-330.6): virtbot's questions, boards and
 * progress follow 304, but its knowledge-base entries carry the 305 ids too
 * (../shared/content/objectives.md), so someone studying for 305 can be told where
 * their objective's topics are.
 */
import type { Content } from '../content/load.js';
import { OBJECTIVE_305_IDS, type LocalText } from '../content/schema.js';

/**
 * For a 305 id ("351.2"), the 304 objectives whose entries carry it, most entries
 * first (e.g. [{ objective: '330.2', entries: 71 }]); [] for any other text.
 */
export function objectivesOf305(id: string, content: Pick<Content, 'entries'>): { objective: string; entries: number }[] {
  if (!(OBJECTIVE_305_IDS as readonly string[]).includes(id)) return [];
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
