/**
 * `npm run --silent virtbot -- <command>`:
 *   ask "<query>" [--lang ja|en] [--json]   look up an entry (no query + --json: one query per stdin line)
 *   check-content                           validate data/ and print counts
 *   deploy-discord [--guild ID]             register /virt with Discord
 *   backup FILE                             consistent copy of the live database
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { renderText } from './adapters/console/render.js';
import { loadContent } from './content/load.js';
import { OBJECTIVE_IDS } from './content/schema.js';
import { answerQuery } from './core/commands/ask.js';
import { createLookup } from './core/lookup/engine.js';
import { explainStartupError } from './startup.js';

const USAGE = `usage: virtbot ask "<query>" [--lang ja|en] [--json] | check-content | deploy-discord [--guild ID] | backup FILE`;

function lookupJson(lookup: ReturnType<typeof createLookup>, query: string): string {
  const r = lookup.search(query, 5);
  return JSON.stringify({
    query,
    results: r.hits.map((h) => ({ id: h.entry.id, term: h.entry.term, aliases: h.entry.aliases, objectives: h.entry.objectives, score: Math.round(h.score * 1000) / 1000 })),
  });
}

async function ask(positionals: string[], values: { lang?: string; json?: boolean }): Promise<number> {
  const query = positionals.join(' ');
  if (values.json) {
    const lookup = createLookup(loadContent().entries);
    if (query) {
      process.stdout.write(lookupJson(lookup, query) + '\n');
      return 0;
    }
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    // One output line per input line, an empty one included, so a script can pair them up.
    for await (const line of rl) process.stdout.write((line.trim() ? lookupJson(lookup, line.trim()) : JSON.stringify({ query: '', results: [] })) + '\n');
    return 0;
  }
  if (!query) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const lang = values.lang === undefined ? 'ja' : values.lang.toLowerCase();
  if (lang !== 'ja' && lang !== 'en') {
    process.stderr.write(`virtbot ask: --lang must be ja or en, got "${(values.lang ?? '').slice(0, 40)}"\n`);
    return 2;
  }
  const app = createApp({ dbFile: ':memory:', defaultLang: lang });
  process.stdout.write(renderText(answerQuery(query, lang, app.services), []) + '\n');
  app.close();
  return 0;
}

function checkContent(): number {
  const c = loadContent();
  const rows = OBJECTIVE_IDS.map((o) => {
    const qs = c.questions.filter((q) => q.objective === o);
    const kinds = ['single', 'multiple', 'typed'].map((k) => qs.filter((q) => q.kind === k).length);
    return `${o}: ${c.entries.filter((e) => e.objectives.includes(o)).length} entries, ${qs.length} questions (single ${kinds[0]}, multiple ${kinds[1]}, typed ${kinds[2]})`;
  });
  process.stdout.write(`content ok: ${c.entries.length} entries, ${c.questions.length} questions\n${rows.join('\n')}\n`);
  return 0;
}

const COMMANDS = ['ask', 'check-content', 'deploy-discord', 'backup'];

/** The command named on the command line, for error messages (parseArgs may throw before it is known). */
const commandName = process.argv.slice(2).find((a) => COMMANDS.includes(a));

/** `virtbot <command>:` (or `virtbot:`), the prefix of this CLI's error lines. */
const prefix = `virtbot${commandName ? ` ${commandName}` : ''}:`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { lang: { type: 'string' }, json: { type: 'boolean' }, guild: { type: 'string' } },
    });
  } catch (e) {
    // node:util's ERR_PARSE_ARGS_* (unknown option, missing value): a usage mistake, not a failure.
    process.stderr.write(`${prefix} ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  switch (command) {
    case 'ask':
      return ask(rest, values);
    case 'check-content':
      return checkContent();
    case 'deploy-discord': {
      const { deployDiscordCli } = await import('./adapters/discord/deploy.js');
      return deployDiscordCli(values.guild);
    }
    case 'backup': {
      const { backupCli } = await import('./db/backup.js');
      return backupCli(rest[0]);
    }
    default:
      process.stderr.write(USAGE + '\n');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // The explanations of start-up failures fit here too (environment, content, database), but this is
    // not the bot's start-up: name the command, and say "failed" for anything they do not cover.
    const line = explainStartupError(e);
    const generic = 'virtbot: start-up failed: ';
    process.stderr.write((line.startsWith(generic) ? `${prefix} failed: ${line.slice(generic.length)}` : line.replace(/^virtbot:/, prefix)) + '\n');
    process.exit(1);
  },
);
