/** User mistakes as values: shown privately in the user's language, never logged as errors. */
import type { LocalText } from '../content/schema.js';

export type UserErrorCode =
  | 'usage'
  | 'unknown_command'
  | 'too_long'
  | 'bad_argument'
  | 'forbidden'
  | 'not_found'
  | 'expired'
  | 'already_answered'
  | 'unavailable';

/** A mistake the user can fix; `text` is what they see, in both languages. */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    readonly text: LocalText,
    /** Optional usage line(s) shown below the message. */
    readonly usage?: string,
  ) {
    super(text.en);
    this.name = 'UserError';
  }
}
