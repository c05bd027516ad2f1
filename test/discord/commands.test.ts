/** `/virt` registration JSON from the core's declarations, validation before any call, and deploy against the fake. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandValidationError, buildSlashCommand, slashCommandsFor, validateSlashCommand } from '../../src/adapters/discord/commands.js';
import { deployCommands, deployDiscordCli } from '../../src/adapters/discord/deploy.js';
import type { CommandDecl } from '../../src/core/command.js';
import { commands } from '../../src/core/commands/index.js';
import { FakeDiscord } from '../fakes/discord.js';

const ask = commands.find((c) => c.name === 'ask')!;

function withDescription(c: CommandDecl, en: string): CommandDecl {
  return { ...c, description: { ...c.description, en } };
}

describe('slash-command JSON', () => {
  const json = buildSlashCommand(commands) as any;

  it('is one /virt command with a subcommand per one-word command and a group per two-word command', () => {
    expect(json.name).toBe('virt');
    expect(json.type).toBe(1);
    const oneWord = commands.filter((c) => !c.name.includes(' ')).map((c) => c.name);
    const subs = json.options.filter((o: any) => o.type === 1).map((o: any) => o.name);
    expect(subs).toEqual(oneWord);
    const config = json.options.find((o: any) => o.name === 'config');
    expect(config.type).toBe(2);
    expect(config.options.map((o: any) => o.name)).toContain('lang');
    expect(validateSlashCommand(json)).toEqual([]);
  });

  it('carries English text with a Japanese localization, choices, limits and autocomplete from the declarations', () => {
    const askJson = json.options.find((o: any) => o.name === 'ask');
    expect(askJson.description).toBe(ask.description.en);
    expect(askJson.description_localizations.ja).toBe(ask.description.ja);
    const query = askJson.options[0];
    expect(query).toMatchObject({ name: 'query', type: 3, required: true, autocomplete: true, max_length: ask.options[0]!.maxLength });
    const lang = json.options.find((o: any) => o.name === 'config').options.find((o: any) => o.name === 'lang').options.find((o: any) => o.name === 'lang');
    expect(lang.choices.map((c: any) => c.value)).toEqual(['ja', 'en']);
    expect(lang.choices[0].name_localizations.ja).toBe('日本語');
  });

  it('lists required options before optional ones (Discord requires it)', () => {
    const decl: CommandDecl = { ...ask, name: 'x', options: [{ name: 'b', type: 'string', description: { ja: 'b', en: 'b' } }, { name: 'a', type: 'integer', required: true, description: { ja: 'a', en: 'a' } }] };
    const x = (buildSlashCommand([decl]) as any).options[0];
    expect(x.options.map((o: any) => o.name)).toEqual(['a', 'b']);
  });
});

describe('validation before registration', () => {
  it('catches a 101-character description and names the field', () => {
    const bad = commands.map((c) => (c === ask ? withDescription(c, 'd'.repeat(101)) : c));
    const err = (() => {
      try {
        slashCommandsFor(bad);
      } catch (e) {
        return e;
      }
    })() as CommandValidationError;
    expect(err).toBeInstanceOf(CommandValidationError);
    expect(err.problems).toEqual(['/virt ask: description is 101 characters (Discord allows 1-100)']);
  });

  it('names bad option names, too many choices, a name used twice and a three-word name', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ value: `v${i}`, label: { ja: `v${i}`, en: `v${i}` } }));
    const bad: CommandDecl[] = [
      { ...ask, options: [{ name: 'Query', type: 'string', description: { ja: 'q', en: 'q' } }] },
      { ...ask, name: 'pick', options: [{ name: 'level', type: 'string', description: { ja: 'l', en: 'l' }, choices }] },
      { ...ask, name: 'config' },
      commands.find((c) => c.name === 'config lang')!,
      { ...ask, name: 'daily set', options: [{ name: 'time', type: 'string', description: { ja: '', en: 'time' } }] },
    ];
    const problems = validateSlashCommand(buildSlashCommand(bad));
    expect(problems).toContain('/virt ask › option "Query": name "Query" must be 1-32 lowercase letters, digits, "-" or "_" (no spaces)');
    expect(problems).toContain('/virt pick › option "level": 26 choices (Discord allows 25)');
    expect(problems).toContain('/virt: option name "config" is used twice');
    expect(problems).toContain('/virt daily set › option "time": description_localizations.ja is 0 characters (Discord allows 1-100)');
    expect(() => slashCommandsFor([{ ...ask, name: 'a b c' }])).toThrow(/a b c: a command name has one or two words/);
  });

  it('counts the 4,000-character total with the longest localization', () => {
    const many: CommandDecl[] = Array.from({ length: 25 }, (_, i) => ({ ...ask, name: `c${i}`, description: { ja: 'j'.repeat(100), en: 'e' }, options: [{ name: 'o', type: 'string', description: { ja: 'j'.repeat(100), en: 'e' } }] }));
    const problems = validateSlashCommand(buildSlashCommand(many));
    expect(problems.some((p) => /add up to \d+ characters \(Discord allows 4000\)/.test(p))).toBe(true);
  });
});

describe('deploy against the fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
  });
  afterAll(async () => fake?.close());

  it('PUTs /virt to the guild route with the bot token', async () => {
    const names = await deployCommands({ token: fake.token, applicationId: fake.applicationId, guild: fake.guildId, api: fake.apiUrl });
    expect(names).toEqual(['virt']);
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put.authorization).toBe(`Bot ${fake.token}`);
    expect(put.body).toEqual(slashCommandsFor(commands));
  });

  it('an invalid command list sends nothing', async () => {
    const before = fake.calls.length;
    const bad = commands.map((c) => (c === ask ? withDescription(c, 'd'.repeat(101)) : c));
    await expect(deployCommands({ token: fake.token, applicationId: fake.applicationId, api: fake.apiUrl, commands: bad })).rejects.toBeInstanceOf(CommandValidationError);
    expect(fake.calls.length).toBe(before);
  });

  it('the CLI registers globally from the environment and reports a wrong application id', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });
      expect(await deployDiscordCli()).toBe(0);
      expect(fake.calls.some((c) => c.method === 'PUT' && c.path === `/applications/${fake.applicationId}/commands`)).toBe(true);
      process.env.DISCORD_APPLICATION_ID = '123456789012345678';
      expect(await deployDiscordCli()).toBe(1);
      expect(await deployDiscordCli('not-a-number')).toBe(2);
    } finally {
      process.env = saved;
    }
  });
});
