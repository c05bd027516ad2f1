/**
 * Loads and validates the study content in data/: every data/kb/*.yaml file is a
 * YAML list of knowledge-base entries, every data/questions/*.yaml file a YAML list
 * of questions (shapes in ./schema.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { KbEntry, Question } from './schema.js';
import type { z } from 'zod';

/** All the study content, validated and cross-checked. */
export interface Content {
  entries: KbEntry[];
  questions: Question[];
  /** Entry by id. */
  entryById: ReadonlyMap<string, KbEntry>;
  /** Question by id. */
  questionById: ReadonlyMap<string, Question>;
}

/** Thrown when a content file is broken; `problems` lists every problem found ("file: entry id: reason"). */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
    this.name = 'ContentError';
  }
}

/** The repository's data/ folder. */
export const DEFAULT_DATA_DIR = new URL('../../data/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') + ': ' : '';
  return path + issue.message;
}

function parseList<T>(file: string, label: string, schema: z.ZodType<T>, problems: string[]): { item: T; file: string }[] {
  const name = relative(process.cwd(), file) || file;
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    problems.push(`${name}${where}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
  if (doc == null) return [];
  if (!Array.isArray(doc)) {
    problems.push(`${name}: must be a YAML list of ${label}s`);
    return [];
  }
  const out: { item: T; file: string }[] = [];
  doc.forEach((raw, i) => {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : `#${i + 1}`;
    const r = schema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push(`${name}: ${label} ${id}: ${describeIssue(issue)}`);
    } else out.push({ item: r.data, file: name });
  });
  return out;
}

function checkQuestion(q: Question, where: string, problems: string[]): void {
  if (q.kind === 'typed') return;
  const correct = q.choices.filter((c) => c.correct).length;
  if (q.kind === 'single' && correct !== 1) problems.push(`${where}: single-choice question needs exactly 1 correct choice, has ${correct}`);
  if (q.kind === 'multiple' && (correct < 2 || correct > 4)) problems.push(`${where}: multiple-choice question needs 2-4 correct choices, has ${correct}`);
  q.choices.forEach((c, i) => {
    if (!c.correct && !c.why) problems.push(`${where}: choices.${i}: a wrong choice needs "why"`);
  });
  const texts = q.choices.map((c) => (typeof c.text === 'string' ? c.text : c.text.en).trim().toLowerCase());
  if (new Set(texts).size !== texts.length) problems.push(`${where}: two choices have the same text`);
}

/**
 * Reads data/kb and data/questions under `dataDir`, validates every entry and
 * question, and checks ids are unique and every reference resolves.
 * @throws ContentError naming the file, the entry id and the reason of every problem.
 */
export function loadContent(dataDir: string = DEFAULT_DATA_DIR): Content {
  const problems: string[] = [];
  const entries = yamlFiles(join(dataDir, 'kb')).flatMap((f) => parseList(f, 'entry', KbEntry, problems));
  const questions = yamlFiles(join(dataDir, 'questions')).flatMap((f) => parseList(f, 'question', Question, problems));

  const entryById = new Map<string, KbEntry>();
  for (const { item, file } of entries) {
    if (entryById.has(item.id)) problems.push(`${file}: entry ${item.id}: duplicate id`);
    entryById.set(item.id, item);
  }
  const questionById = new Map<string, Question>();
  for (const { item, file } of questions) {
    if (questionById.has(item.id)) problems.push(`${file}: question ${item.id}: duplicate id`);
    questionById.set(item.id, item);
  }
  for (const { item, file } of entries) {
    for (const field of ['related', 'equivalents'] as const) {
      item[field].forEach((ref, i) => {
        if (!entryById.has(ref)) problems.push(`${file}: entry ${item.id}: ${field}.${i}: unknown entry id "${ref}"`);
        if (ref === item.id) problems.push(`${file}: entry ${item.id}: ${field}.${i}: refers to itself`);
      });
    }
  }
  for (const { item, file } of questions) {
    const where = `${file}: question ${item.id}`;
    item.entries.forEach((ref, i) => {
      if (!entryById.has(ref)) problems.push(`${where}: entries.${i}: unknown entry id "${ref}"`);
    });
    checkQuestion(item, where, problems);
  }
  if (problems.length) throw new ContentError(problems);
  return {
    entries: entries.map((e) => e.item),
    questions: questions.map((q) => q.item),
    entryById,
    questionById,
  };
}
