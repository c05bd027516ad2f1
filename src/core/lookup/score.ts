/**
 * The ranking scale, in one place. Name evidence outranks text evidence:
 * term > alias/id > command prefix > keyword > summary > detail.
 */
export const SCORE = {
  /** The whole query is a name. */
  exact: { term: 1000, id: 970, alias: 960, option: 940 },
  /** Added when the query is the name exactly as written, separators included. */
  verbatim: 20,
  /** The whole query is a name once separators are ignored (`qemuimg`). */
  compact: 950,
  /** An option entry of the matched command (`virt-install --os-variant rhel9`). */
  optionOfCommand: 935,
  /** A command followed by options or arguments (`virsh list --all`). */
  prefixArgs: 900,
  /** A command followed by other words (`virsh start web1`). */
  prefixWords: 880,
  /** A command followed by a word that looks misspelt (`virsh lsit --all`). */
  prefixTypo: 800,
  /** The only name that continues the command with the next word's start (`qemu-img snap`). */
  completionOnly: 890,
  /** One of several such names (`virsh snapshot` -> snapshot-list, snapshot-create-as, ...). */
  completion: 860,
  /** The command itself when its next word starts some of its subcommands. */
  prefixBeforeCompletion: 850,
  /** Taken off per token after the command, so the shortest reading of a line wins ties. */
  perTailToken: 2,
  /** Taken off a typo-corrected reading, by edit distance (index = total edits). */
  typo: [0, 50, 130, 200, 260] as readonly number[],
  /** The whole query is one of the entry's keyword phrases (`スナップショット 一覧`); plus a tenth of its word score. */
  keywordPhrase: 700,
  /** Full word coverage (every query word in the term) scores this much. */
  textMax: 600,
  /** Added in proportion to how much of the term the query words cover. */
  termCover: 30,
  /** Added in proportion to the query's Japanese chunks that are whole keywords of the entry. */
  compound: 80,
  /** Per exam-weight point of the entry's heaviest objective: breaks near-ties toward what the exam asks more. */
  objectiveWeight: 0.3,
  /** Per-word weight of the field a query word was found in. */
  field: { term: 1, alias: 0.9, keywordExact: 0.9, keyword: 0.8, summary: 0.55, detail: 0.3 },
  /** Scores below this are noise and are not returned. */
  floor: 120,
  /** A name-level answer: confident if it also leads the next one by `nameMargin`. */
  nameConfident: 880,
  nameMargin: 10,
  /** A text-level answer: confident from this score with a lead of `textMargin`. */
  textConfident: 430,
  textMargin: 45,
  /** Hits shown when the answer is not confident. */
  didYouMean: 3,
} as const;

/** Penalty for a typo-corrected reading with `edits` total edits. */
export function typoPenalty(edits: number): number {
  return SCORE.typo[Math.min(edits, SCORE.typo.length - 1)]!;
}
