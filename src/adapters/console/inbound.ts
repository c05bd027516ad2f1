/** Turns one console line into a console action (no study logic here). */
import { stripControls } from '../../core/textCommand.js';

export type ConsoleInput =
  | { type: 'empty' }
  | { type: 'command'; text: string }
  | { type: 'click'; target: string }
  | { type: 'answer'; text: string; id?: string }
  | { type: 'pick'; values: string[]; id?: string }
  | { type: 'user'; name: string }
  | { type: 'channel'; name: string }
  | { type: 'admin'; on: boolean }
  | { type: 'locale'; locale: string }
  | { type: 'incomplete'; what: 'click' | 'answer' | 'pick' }
  | { type: 'quit' }
  /** `:help`, or a console line not understood (`unknown`: that line). */
  | { type: 'meta-help'; unknown?: string };

/** Longest console line handled (chars); longer lines are still parsed, the router answers "too long". */
export const MAX_LINE = 20_000;

/**
 * Parses a console line. `click ID` or a bare number presses a button; `answer TEXT`
 * submits a text answer; `pick 1 3` submits a "choose two" selection; `:user NAME`,
 * `:channel NAME`, `:admin on|off`, `:locale en`, `:quit`, `:help` are console-only.
 * Anything else is a chat command (`/virt ask xl list` or `ask xl list`).
 */
export function parseConsoleLine(raw: string): ConsoleInput {
  // Whole escape sequences go first (dropping ESC alone left "[31m" in the text), then other controls.
  const line = stripControls(raw.slice(0, MAX_LINE));
  if (!line) return { type: 'empty' };
  const n = line.normalize('NFKC');
  let m: RegExpExecArray | null;
  if (/^\d{1,3}$/.test(n)) return { type: 'click', target: n };
  if ((m = /^(click|answer|pick)$/i.exec(n))) return { type: 'incomplete', what: m[1]!.toLowerCase() as 'click' | 'answer' | 'pick' };
  if ((m = /^click\s+(\S+)$/i.exec(n))) return { type: 'click', target: m[1]! };
  if ((m = /^answer(?:\s+--id\s+(\S+))?\s+([\s\S]+)$/i.exec(line))) return { type: 'answer', text: m[2]!, ...(m[1] ? { id: m[1] } : {}) };
  if ((m = /^pick(?:\s+--id\s+(\S+))?\s+(.+)$/i.exec(n))) return { type: 'pick', values: m[2]!.split(/[\s,]+/).filter(Boolean), ...(m[1] ? { id: m[1] } : {}) };
  if ((m = /^:user\s+(\S.*)$/i.exec(n))) return { type: 'user', name: m[1]!.trim().slice(0, 64) };
  if ((m = /^:channel\s+(\S+)$/i.exec(n))) return { type: 'channel', name: m[1]!.replace(/^#/, '').slice(0, 64) };
  if ((m = /^:admin\s+(on|off)$/i.exec(n))) return { type: 'admin', on: m[1]!.toLowerCase() === 'on' };
  // A BCP 47 tag is short; a pasted blob is cut rather than echoed back whole.
  if ((m = /^:locale\s+(\S+)$/i.exec(n))) return { type: 'locale', locale: m[1]!.slice(0, 35) };
  if (/^:(quit|exit|q)$/i.test(n)) return { type: 'quit' };
  if (/^:(help|\?)?$/i.test(n)) return { type: 'meta-help' };
  if (/^:/.test(n)) return { type: 'meta-help', unknown: n.slice(0, 40) };
  return { type: 'command', text: line };
}
