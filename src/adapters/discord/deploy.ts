/**
 * `npm run deploy:discord [-- --guild ID]`: registers `/virt` with Discord. A
 * separate step, not done at every start. The JSON is validated first, so a bad
 * field fails here with its name and nothing is sent.
 */
import { REST, Routes } from 'discord.js';
import { loadConfig } from '../../config.js';
import type { CommandDecl } from '../../core/command.js';
import { commands as coreCommands } from '../../core/commands/index.js';
import { explainStartupError } from '../../startup.js';
import { CommandValidationError, slashCommandsFor } from './commands.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in one guild (instant) instead of globally. */
  guild?: string;
  /** REST base (DISCORD_API_URL), default Discord's. */
  api?: string;
  commands?: readonly CommandDecl[];
}

/**
 * Validates and registers (bulk overwrite) the `/virt` command.
 * @returns the registered command names as Discord echoed them.
 * @throws CommandValidationError before any request; DiscordAPIError / HTTPError from Discord.
 */
export async function deployCommands(opts: DeployOptions): Promise<string[]> {
  const body = slashCommandsFor(opts.commands ?? coreCommands);
  const rest = new REST({ ...(opts.api ? { api: opts.api } : {}), retries: 1 }).setToken(opts.token);
  const route = opts.guild ? Routes.applicationGuildCommands(opts.applicationId, opts.guild) : Routes.applicationCommands(opts.applicationId);
  const result = (await rest.put(route, { body })) as { name: string }[];
  return result.map((c) => c.name);
}

/** CLI entry: reads DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL. @returns the exit code. */
export async function deployDiscordCli(guild?: string): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(explainStartupError(e) + '\n');
    return 2;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write('virtbot: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the /virt command\n');
    return 2;
  }
  if (guild !== undefined && !/^\d{1,20}$/.test(guild)) {
    process.stderr.write(`virtbot: --guild must be a numeric guild id, got "${guild.slice(0, 40)}"\n`);
    return 2;
  }
  try {
    const names = await deployCommands({ token: config.DISCORD_TOKEN, applicationId: config.DISCORD_APPLICATION_ID, ...(guild ? { guild } : {}), ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) });
    const where = guild ? `in guild ${guild}` : 'globally';
    process.stdout.write(`registered /${names.join(', /')} ${where}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CommandValidationError) {
      process.stderr.write(`virtbot: nothing was registered: ${e.message}\n`);
      return 1;
    }
    const err = e as { status?: number; code?: number | string; message?: string };
    const hint = err.status === 401 ? ' (DISCORD_TOKEN is wrong)' : err.status === 403 || err.code === 50001 ? ' (DISCORD_APPLICATION_ID does not match the token, or the bot is not in that guild)' : '';
    process.stderr.write(`virtbot: registration failed${hint}: ${err.message ?? String(e)}\n`);
    return 1;
  }
}
