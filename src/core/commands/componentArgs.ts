/** Reading the core's own component ids and submissions (quiz, review and exam answer controls). */
import type { UserError } from '../errors.js';
import type { Incoming } from '../model.js';

/** The picks of a select submission: `values` as sent by Discord/Slack, or "A C" / "A,C" typed in the console. */
export function selectedValues(incoming: Incoming): string[] {
  const v = incoming.args.values;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * '12' or '12:B' (the part of a component id after its prefix) → [instance id, letter].
 * @throws `bad()` when the id is malformed (a forged or truncated id).
 */
export function instanceAndLetter(rest: string, bad: () => UserError): [number, string | undefined] {
  const m = /^(\d{1,15})(?::([^:]{1,8}))?$/.exec(rest);
  if (!m) throw bad();
  return [Number(m[1]), m[2]];
}
