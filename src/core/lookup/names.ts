/**
 * Name matching: exact terms, aliases and ids, command lines with options and arguments
 * after the command, and options of a matched command. Scores are on the engine's scale
 * (see SCORE in ./score.ts).
 */
import type { KbEntry } from '../../content/schema.js';
import type { EntryText } from './entry-text.js';
import { compactKey, hasCjk, isArgToken, isOptionToken, nameKey } from './normalize.js';
import { addTo, PrefixList } from './prefix.js';
import { SCORE } from './score.js';

type Field = 'term' | 'alias' | 'id' | 'option';
interface NameRef {
  i: number;
  field: Field;
  /** The name as written (normalised), to prefer `qemu:///system` over `qemu-system`. */
  text: string;
}

/** One scored candidate (entry index into the entries array). */
export interface Scored {
  i: number;
  score: number;
}

/** Kinds typed at the start of a command line, so plain words after them are arguments. */
const COMMAND_LIKE = new Set<KbEntry['kind']>(['command', 'subcommand', 'file']);
/** How many leading tokens can form a command name (`virsh snapshot-create-as` is 2). */
const MAX_NAME_TOKENS = 5;

/** The option part of an option entry's term (`virt-install --os-variant` -> `--os-variant`). */
function optionPart(term: string): string | undefined {
  const toks = term.split(' ');
  const last = toks[toks.length - 1];
  return toks.length > 1 && last && isOptionToken(last) ? last : undefined;
}

export class NameIndex {
  private readonly exact = new Map<string, NameRef[]>();
  private readonly compact = new Map<string, NameRef[]>();
  /** Term keys in order, for "the user typed the start of a subcommand" (`virsh snapshot`). */
  private readonly keys: PrefixList<number>;

  private readonly entries: readonly KbEntry[];

  constructor(private readonly texts: readonly EntryText[]) {
    this.entries = texts.map((t) => t.entry);
    const terms = new Map<string, number[]>();
    texts.forEach((t, i) => {
      const add = (n: string, field: Field) => {
        const key = nameKey(n);
        if (!key) return;
        addTo(this.exact, key, { i, field, text: n });
        if (field === 'term') addTo(terms, key, i);
        if (field !== 'option') {
          const c = compactKey(n);
          if (c.length >= 3 && c !== key) addTo(this.compact, c, { i, field, text: n });
        }
      };
      add(t.term, 'term');
      add(t.entry.id, 'id');
      for (const a of t.aliases) add(a, 'alias');
      const opt = t.entry.kind === 'option' ? optionPart(t.term) : undefined;
      if (opt) add(opt, 'option');
    });
    this.keys = new PrefixList(terms);
  }

  /**
   * Candidates for a normalised query read as a name or a command line. `penalty` is taken
   * off every score (used for typo-corrected readings of the query). `isTypo` tells whether
   * a word is probably a misspelling, which makes `virsh lsit` a doubtful `virsh` + argument.
   */
  match(normalized: string, penalty = 0, isTypo: (word: string) => boolean = () => false): Scored[] {
    const out: Scored[] = [];
    const add = (i: number, score: number) => out.push({ i, score: score - penalty });
    const verbatim = (r: NameRef) => (r.text === normalized ? SCORE.verbatim : 0);
    // `dom0_mem=1024M` is the name `dom0_mem` with an argument.
    const toks = normalized.replace(/^([^\s=]+)=(?=\S)/, '$1 =').split(' ');
    for (const r of this.named(nameKey(normalized), toks)) add(r.i, SCORE.exact[r.field] + verbatim(r));
    for (const r of this.compact.get(compactKey(normalized)) ?? []) add(r.i, SCORE.compact);

    for (let k = Math.min(toks.length - 1, MAX_NAME_TOKENS); k >= 1; k--) {
      const head = toks.slice(0, k);
      const refs = this.named(nameKey(head.join(' ')), head);
      if (refs.length && this.matchPrefix(nameKey(head.join(' ')), refs, toks.slice(k), add, isTypo)) break;
    }
    return out;
  }

  /**
   * Entries named `key`. Once the typed words include an option after the command, only
   * option entries qualify: `qemu -monitor` is the option, not the concept "QEMU monitor".
   */
  private named(key: string, toks: string[]): NameRef[] {
    const refs = this.exact.get(key) ?? [];
    return toks.slice(1).some(isOptionToken) ? refs.filter((r) => this.entries[r.i]!.kind === 'option') : refs;
  }

  /** Scores a known name followed by `tail`; false when this reading does not apply. */
  private matchPrefix(headKey: string, refs: NameRef[], tail: string[], add: (i: number, score: number) => void, isTypo: (w: string) => boolean): boolean {
    const first = tail[0]!;
    // Japanese after a command describes what is wanted; word search reads it better.
    if (hasCjk(first)) return false;
    const argTail = isOptionToken(first) || isArgToken(first);
    const usable = refs.filter((r) => r.field !== 'option' && (argTail || COMMAND_LIKE.has(this.entries[r.i]!.kind)));
    if (!usable.length) return false;
    const completions = argTail ? [] : this.completions(headKey, nameKey(first));
    for (const c of completions) add(c, completions.length === 1 ? SCORE.completionOnly : SCORE.completion);
    const base = argTail
      ? SCORE.prefixArgs
      : completions.length
        ? SCORE.prefixBeforeCompletion
        : isTypo(first)
          ? SCORE.prefixTypo
          : SCORE.prefixWords;
    for (const r of usable) add(r.i, base - SCORE.perTailToken * Math.min(tail.length, 10));
    this.optionsOf(usable.map((r) => r.i), tail).forEach((i, n) => add(i, SCORE.optionOfCommand - n));
    return true;
  }

  /** Names that continue `headKey` with a word starting with `partKey` (`virsh` + `snap`). */
  private completions(headKey: string, partKey: string): number[] {
    if (!partKey) return [];
    const found = new Set<number>();
    for (const [, list] of this.keys.startingWith(`${headKey}-${partKey}`, 12)) for (const i of list) found.add(i);
    return [...found];
  }

  /** Option entries for the option tokens in `tail`, looked up under each command's names. */
  private optionsOf(commands: number[], tail: string[]): number[] {
    const heads = new Set<string>();
    for (const i of commands) {
      const t = this.texts[i]!;
      const key = nameKey(t.term);
      heads.add(key);
      heads.add(t.entry.id);
      heads.add(key.split('-')[0]!); // qemu-system-x86_64 -boot -> qemu-boot
      for (const a of t.aliases) heads.add(nameKey(a));
    }
    const found: number[] = [];
    const take = (r: NameRef) => {
      if (this.entries[r.i]!.kind === 'option' && !found.includes(r.i)) found.push(r.i);
    };
    for (const tok of tail) {
      if (!isOptionToken(tok)) continue;
      const key = nameKey(tok.split('=')[0]!);
      const bare = key.replace(/^-+/, '');
      for (const h of heads) for (const r of this.exact.get(`${h}-${bare}`) ?? []) take(r);
      // An option named just `-monitor` whose id still says whose it is (qemu-monitor-option).
      for (const r of this.exact.get(key) ?? []) {
        const id = this.entries[r.i]!.id;
        if ([...heads].some((h) => id.startsWith(`${h}-`))) take(r);
      }
    }
    return found;
  }
}
