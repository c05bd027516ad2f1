/**
 * Content schema: the knowledge base (data/kb/*.yaml) and the question bank
 * (data/questions/*.yaml), validated with zod when loaded.
 *
 * Objective ids come from the LPIC-3 304 v2.0 objectives (330.1-330.6) with the
 * 305 v3.0 equivalents (351.x-353.x) where one exists (../shared/content/objectives.md).
 */
import { z } from 'zod';

/** The six 304 objectives of topic 330 and their exam weights (sum 36). */
export const OBJECTIVE_WEIGHTS = {
  '330.1': 8,
  '330.2': 9,
  '330.3': 9,
  '330.4': 3,
  '330.5': 5,
  '330.6': 2,
} as const;
export type ObjectiveId = keyof typeof OBJECTIVE_WEIGHTS;
export const OBJECTIVE_IDS = Object.keys(OBJECTIVE_WEIGHTS) as ObjectiveId[];

/** 305 v3.0 objective ids that have 304 equivalents. */
export const OBJECTIVE_305_IDS = [
  '351.1', '351.2', '351.3', '351.4', '351.5',
  '352.1', '352.2', '352.3', '352.4',
  '353.1', '353.2', '353.3', '353.4',
] as const;

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const nonEmpty = z.string().trim().min(1);
/** Text in both languages; Japanese is the default language. */
export const LocalText = z.object({ ja: nonEmpty, en: nonEmpty }).strict();
export type LocalText = z.infer<typeof LocalText>;

/** Stable id: lowercase ascii, digits and '-' (progress rows refer to it forever). */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lowercase a-z, 0-9 and "-"');

export const ENTRY_KINDS = ['command', 'subcommand', 'option', 'file', 'config-key', 'concept', 'product'] as const;

/** One knowledge-base entry (a command, option, file, key, concept or product). */
export const KbEntry = z
  .object({
    id: Id,
    term: nonEmpty,
    kind: z.enum(ENTRY_KINDS),
    objectives: z.array(z.enum(OBJECTIVE_IDS as [ObjectiveId, ...ObjectiveId[]])).min(1),
    objectives305: z.array(z.enum(OBJECTIVE_305_IDS)).default([]),
    summary: LocalText,
    detail: LocalText,
    usage: nonEmpty.optional(),
    examples: z
      .array(z.object({ cmd: nonEmpty, note: LocalText }).strict())
      .max(3)
      .default([]),
    aliases: z.array(nonEmpty).default([]),
    keywords: z.object({ ja: z.array(nonEmpty).default([]), en: z.array(nonEmpty).default([]) }).strict().default({ ja: [], en: [] }),
    related: z.array(Id).default([]),
    equivalents: z.array(Id).default([]),
    deprecated: LocalText.optional(),
    source: nonEmpty.optional(),
  })
  .strict();
export type KbEntry = z.infer<typeof KbEntry>;

/** A choice's text: one string when it is the same in both languages (a command), else ja/en. */
export const ChoiceText = z.union([nonEmpty, LocalText]);
export type ChoiceText = z.infer<typeof ChoiceText>;

export const Choice = z
  .object({
    text: ChoiceText,
    correct: z.boolean().default(false),
    /** One line: why this choice is wrong (required for wrong choices). */
    why: LocalText.optional(),
  })
  .strict();
export type Choice = z.infer<typeof Choice>;

const QuestionBase = {
  id: Id,
  objective: z.enum(OBJECTIVE_IDS as [ObjectiveId, ...ObjectiveId[]]),
  prompt: LocalText,
  explanation: LocalText,
  /** Knowledge-base entry ids this question teaches (at least one). */
  entries: z.array(Id).min(1),
  source: nonEmpty.optional(),
};

/** Single choice: 4-5 choices, exactly one correct. */
export const SingleQuestion = z.object({ ...QuestionBase, kind: z.literal('single'), choices: z.array(Choice).min(4).max(5) }).strict();
/** Multiple choice ("choose N"): 5 choices, N >= 2 correct, all must be picked. */
export const MultipleQuestion = z.object({ ...QuestionBase, kind: z.literal('multiple'), choices: z.array(Choice).length(5) }).strict();
/**
 * Typed answer (fill in the blank). `answers` lists every accepted form.
 * `match: command` compares as a command line: option order and the short/long
 * forms listed in `optionAliases` (e.g. [["-l", "--long"]]) do not matter.
 */
export const TypedQuestion = z
  .object({
    ...QuestionBase,
    kind: z.literal('typed'),
    answers: z.array(nonEmpty).min(1),
    match: z.enum(['text', 'command']).default('text'),
    caseSensitive: z.boolean().default(false),
    optionAliases: z.array(z.tuple([nonEmpty, nonEmpty])).default([]),
  })
  .strict();

export const Question = z.discriminatedUnion('kind', [SingleQuestion, MultipleQuestion, TypedQuestion]);
export type Question = z.infer<typeof Question>;
export type ChoiceQuestion = Extract<Question, { kind: 'single' | 'multiple' }>;
export type TypedQuestion = Extract<Question, { kind: 'typed' }>;
