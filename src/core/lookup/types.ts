/** The lookup engine's contract (used by /virt ask, autocomplete and the CLI). */
import type { KbEntry } from '../../content/schema.js';

export interface LookupHit {
  entry: KbEntry;
  /** Relevance, higher is better; comparable within one result only. */
  score: number;
}

export interface LookupResult {
  /** The query after normalisation (NFKC, trimmed, lowercased). */
  normalized: string;
  /** Ranked best first. */
  hits: LookupHit[];
  /** True when the first hit is a confident answer; false means "did you mean" (up to 3 hits). */
  confident: boolean;
}

export interface Lookup {
  /** Ranked entries for a Japanese or English query, exact or sloppy. `limit` defaults to 5. */
  search(query: string, limit?: number): LookupResult;
  /** Autocomplete: up to `limit` (<= 25) entries whose term, alias or keyword fits the partial text. */
  suggest(partial: string, limit?: number): LookupHit[];
}
