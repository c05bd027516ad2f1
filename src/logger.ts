/** pino JSON logs at LOG_LEVEL; secrets are redacted wherever they appear in a logged object. */
import { pino, type Logger, type DestinationStream } from 'pino';

/** Paths whose values are replaced by [redacted] in every log line. */
export const REDACT_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', '*.DISCORD_TOKEN', '*.SLACK_BOT_TOKEN', '*.SLACK_APP_TOKEN', '*.SLACK_SIGNING_SECRET',
];

/** A logger writing JSON lines to `dest` (default stderr, so the console's stdout stays clean). */
export function createLogger(level: string, dest?: DestinationStream): Logger {
  return pino({ level, base: { app: 'virtbot' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, dest ?? pino.destination(2));
}
