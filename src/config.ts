/**
 * Configuration from environment variables only, checked at start with zod.
 * Every missing or malformed variable is reported at once.
 */
import { statSync } from 'node:fs';
import { z } from 'zod';
import { checkZone, zoneProblem } from './core/daily/time.js';
import { cut } from './core/reply.js';

const optional = z.string().trim().min(1).optional();
const url = z.string().trim().url().optional();
const PORT_RULE = 'must be a port number from 0 to 65535';
const port = z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE);
/** True when `path` names an existing folder (a database path must name a file). */
const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Variable → (default, meaning); the README's config table mirrors this. */
export const EnvSchema = z
  .object({
    VIRTBOT_DB: z
      .string()
      .trim()
      .min(1)
      .default('data/virtbot.db')
      .refine((v) => !isFolder(v), 'is a folder: give the path of the database file inside it, e.g. data/virtbot.db'),
    // EN or Ja in a .env file means the same language: compared in lower case.
    VIRTBOT_LANG: z.string().trim().toLowerCase().pipe(z.enum(['ja', 'en'], { error: 'must be ja or en' })).default('ja'),
    VIRTBOT_TZ: z
      .string()
      .trim()
      .default('Asia/Tokyo')
      // The rule of `daily set zone:` (checkZone): region zones or UTC, canonical names.
      .transform((v, ctx) => {
        const c = checkZone(v);
        if (c.ok) return c.zone;
        ctx.addIssue({ code: 'custom', message: zoneProblem(c).en });
        return z.NEVER;
      }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
    // Formats are checked only for what is surely wrong (spaces, a "Bot " prefix, the other
    // kind of token): test fakes and proxies use short placeholder values.
    DISCORD_TOKEN: z.string().trim().regex(/^[\x21-\x7e]+$/, 'must be the bot token alone (no spaces, no "Bot " prefix)').optional(),
    DISCORD_APPLICATION_ID: z.string().trim().regex(/^[\w-]{1,64}$/, 'must be the application id (digits, from the Developer Portal)').optional(),
    DISCORD_API_URL: url,
    SLACK_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]+$/, 'must be the bot token alone (xoxb-..., no spaces)')
      .refine((v) => !v.startsWith('xapp-'), 'is an app-level token (xapp-...): put it in SLACK_APP_TOKEN and the xoxb- bot token here')
      .optional(),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-[\w-]+$/, 'must start with xapp-').optional(),
    SLACK_PORT: port.default(3000),
    SLACK_API_URL: url,
    SLACK_ADMIN_USERS: z
      .string()
      .default('')
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
    VIRTBOT_HEALTH_PORT: port.optional(),
  });

/** Rules between variables; checked on the raw values so they are reported even when a field is malformed. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set');
  if (env.DISCORD_APPLICATION_ID && !env.DISCORD_TOKEN) problems.push('DISCORD_TOKEN: is required when DISCORD_APPLICATION_ID is set');
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode)');
  }
  if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: is required when other SLACK_ variables are set');
  // Two listeners on one port: the second would fail with a clash that no single variable explains.
  const slackPort = Number(env.SLACK_PORT ?? 3000);
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && env.VIRTBOT_HEALTH_PORT && Number(env.VIRTBOT_HEALTH_PORT) === slackPort && slackPort !== 0) {
    problems.push(`VIRTBOT_HEALTH_PORT: is the port of SLACK_PORT (${slackPort}); give each its own`);
  }
  return problems;
}

export type Config = z.infer<typeof EnvSchema>;

/** Thrown by loadConfig; `problems` has one line per variable ("VIRTBOT_TZ: must be ..."). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The variables that choose a port virtbot listens on. */
export type PortVariable = 'SLACK_PORT' | 'VIRTBOT_HEALTH_PORT';

/** A port virtbot could not listen on (EADDRINUSE, EACCES ...), with the variable that chose it, so start-up names only that one. */
export class PortError extends Error {
  /** The listen error's code, e.g. 'EADDRINUSE'. */
  readonly code: string | undefined;
  constructor(
    readonly variable: PortVariable,
    readonly port: number,
    cause: unknown,
  ) {
    super(`${variable}=${port}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'PortError';
    this.code = (cause as NodeJS.ErrnoException)?.code;
  }
}

/** ` (got "value")` after a problem, so the user sees what was read; never for tokens and secrets. */
function shownValue(key: string, env: Record<string, string | undefined>): string {
  const v = env[key];
  if (v === undefined || /TOKEN|SECRET/.test(key)) return '';
  return ` (got ${JSON.stringify(cut(v, 41))})`;
}

/**
 * Reads the configuration from `env` (default process.env). Empty strings count as unset.
 * @throws ConfigError listing every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = EnvSchema.safeParse(cleaned);
  const problems = [...(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}${shownValue(String(i.path[0] ?? ''), cleaned)}`)), ...crossChecks(cleaned)];
  if (problems.length || !r.success) throw new ConfigError(problems);
  return r.data;
}
