/**
 * Slash commands, buttons and autocomplete through the real discord.js Client
 * against the local fake Discord: what reaches Discord's REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/core/commands/index.js';
import { bodyText, componentsOf, limitViolations, messageOf, startHarness, type Harness } from './harness.js';

const EPHEMERAL = 64;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('slash commands', () => {
  it('/virt ask xl list → a public embed with the entry and related-entry buttons', async () => {
    const cb = await h.fake.callback(h.fake.slash('ask', { query: 'xl list' }));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(cb.body.data.embeds[0].title).toBe('xl list');
    expect(bodyText(cb.body)).toMatch(/Lists domains/);
    const buttons = componentsOf(cb.body);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every((b) => b.type === 2 && b.custom_id.startsWith('ask.entry:'))).toBe(true);
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(limitViolations(cb.body)).toEqual([]);
  });

  it('/virt help → private (ephemeral) help generated from the declarations', async () => {
    const cb = await h.fake.callback(h.fake.slash('help'));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    for (const c of commands) expect(bodyText(cb.body)).toContain(`/virt ${c.name}`);
  });

  it('answers in Japanese for a ja locale and in English for en-US', async () => {
    const ja = await h.fake.callback(h.fake.slash('help', {}, { locale: 'ja', userId: '100000000000000201' }));
    expect(bodyText(ja.body)).toContain('コマンド一覧');
    const en = await h.fake.callback(h.fake.slash('help', {}, { locale: 'en-US', userId: '100000000000000202' }));
    expect(bodyText(en.body)).toContain('Commands:');
  });

  it('an unknown subcommand gets a private, friendly answer', async () => {
    const cb = await h.fake.callback(h.fake.slash('dance'));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(cb.body)).toContain('There is no command "dance"');
  });

  it('a 3,000-character query is refused privately as too long, within every limit', async () => {
    const cb = await h.fake.callback(h.fake.slash('ask', { query: 'xl list '.repeat(375) }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(cb.body)).toMatch(/too long \(at most 200 characters\)/);
    expect(limitViolations(cb.body)).toEqual([]);
  });

  it('echoed user text cannot ping: allowed_mentions is empty and <@id> is escaped', async () => {
    const cb = await h.fake.callback(h.fake.slash('ask', { query: '@everyone <@100000000000000001> zzqqxx' }));
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(bodyText(cb.body)).toContain('@everyone <@100000000000000001>');
    const raw = JSON.stringify(cb.body.data);
    expect(raw).toContain('\\\\<@100000000000000001>');
    expect(raw).not.toMatch(/[^\\]<@1/);
  });

  it('/virt mydata attaches the JSON file privately', async () => {
    await h.fake.callback(h.fake.slash('quiz', { objective: '330.2' }, { userId: '100000000000000301' }));
    const cb = await h.fake.callback(h.fake.slash('mydata', {}, { userId: '100000000000000301' }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.name).toBe('virtbot-mydata.json');
    const data = JSON.parse(cb.files[0]!.content);
    expect(data.user).toMatchObject({ platform: 'discord', workspaceId: h.fake.guildId, userId: '100000000000000301' });
  });
});

describe('buttons', () => {
  it('a related-entry button answers privately with that entry', async () => {
    const ask = await h.fake.callback(h.fake.slash('ask', { query: 'xl list' }));
    const button = componentsOf(ask.body)[0];
    const cb = await h.fake.callback(h.fake.button(button.custom_id, messageOf(ask)));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.embeds[0].title).toBe(button.label);
  });

  it('a button whose reply replaces the original → update (type 7) of that message', async () => {
    const actor = { userId: '100000000000000401' };
    const confirm = await h.fake.callback(h.fake.slash('forget-me', {}, actor));
    expect(confirm.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const cancel = componentsOf(confirm.body).find((b) => b.custom_id === 'privacy.cancel');
    expect(cancel).toBeDefined();
    const msg = messageOf(confirm);
    const cb = await h.fake.callback(h.fake.button(cancel.custom_id, msg, actor));
    expect(cb.body.type).toBe(7);
    expect(bodyText(cb.body)).toContain('Nothing was deleted.');
    // The update replaced the embed and removed the buttons of that same message.
    const after = h.fake.messages.get(msg.id)!;
    expect(after.content).toContain('Nothing was deleted.');
    expect(after.embeds).toEqual([]);
    expect(after.components).toEqual([]);
  });

  it('a button id the core does not know gets a private "no longer active"', async () => {
    const ask = await h.fake.callback(h.fake.slash('ask', { query: 'xl list' }));
    const cb = await h.fake.callback(h.fake.button('gone.feature:1', messageOf(ask)));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(cb.body)).toContain('no longer active');
  });
});

describe('autocomplete', () => {
  it('answers type 8 with at most 25 choices, each within 100 characters', async () => {
    const cb = await h.fake.callback(h.fake.autocomplete('ask', { query: 'x' }, 'query'));
    expect(cb.body.type).toBe(8);
    const choices = cb.body.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('suggests entries for an English and a Japanese partial', async () => {
    const en = await h.fake.callback(h.fake.autocomplete('ask', { query: 'virsh li' }, 'query'));
    expect(en.body.data.choices.map((c: any) => c.value)).toContain('virsh list');
    const ja = await h.fake.callback(h.fake.autocomplete('ask', { query: 'スナップショット' }, 'query', { locale: 'ja' }));
    expect(ja.body.data.choices.length).toBeGreaterThan(0);
    expect(ja.body.data.choices.length).toBeLessThanOrEqual(25);
  });
});

describe('DMs and admin rights', () => {
  it('works in a DM (no member): the reply goes back on the interaction', async () => {
    const cb = await h.fake.callback(h.fake.slash('ask', { query: 'xl list' }, { dm: true, userId: '100000000000000501' }));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.embeds[0].title).toBe('xl list');
  });

  it('a quiz answered in a DM is keyed to the user with an empty workspace id', async () => {
    const actor = { dm: true, userId: '100000000000000502' };
    const q = await h.fake.callback(h.fake.slash('quiz', { objective: '330.1' }, actor));
    expect(q.body.type).toBe(4);
    const data = await h.fake.callback(h.fake.slash('mydata', {}, actor));
    expect(JSON.parse(data.files[0]!.content).user).toMatchObject({ workspaceId: '', userId: actor.userId });
  });

  it('a non-admin setting the server language is refused privately and nothing changes; an admin can', async () => {
    const refused = await h.fake.callback(h.fake.slash('config lang', { lang: 'en', scope: 'server' }, { userId: '100000000000000601', locale: 'en-US' }));
    expect(refused.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(refused.body)).toContain('Only admins can change the server default language.');
    // A user whose locale says nothing (fr) still gets the default (Japanese).
    const before = await h.fake.callback(h.fake.slash('help', {}, { userId: '100000000000000602', locale: 'fr' }));
    expect(bodyText(before.body)).toContain('コマンド一覧');

    const done = await h.fake.callback(h.fake.slash('config lang', { lang: 'en', scope: 'server' }, { userId: '100000000000000603', admin: true, locale: 'en-US' }));
    expect(bodyText(done.body)).toContain('The server default language is now English.');
    const after = await h.fake.callback(h.fake.slash('help', {}, { userId: '100000000000000602', locale: 'fr' }));
    expect(bodyText(after.body)).toContain('Commands:');
    const ja = await h.fake.callback(h.fake.slash('help', {}, { userId: '100000000000000604', locale: 'ja' }));
    expect(bodyText(ja.body)).toContain('コマンド一覧');
  });

  it('in a DM there is no member, so nobody is admin', async () => {
    const cb = await h.fake.callback(h.fake.slash('config lang', { lang: 'en', scope: 'server' }, { dm: true, admin: true, locale: 'en-US' }));
    expect(bodyText(cb.body)).toContain('Only admins can change the server default language.');
  });

  it.each(commands.filter((c) => c.adminOnly).map((c) => c.name))('admin-only /virt %s is refused privately for a non-admin', async (name) => {
    const cb = await h.fake.callback(h.fake.slash(name, {}, { locale: 'en-US', userId: '100000000000000701' }));
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodyText(cb.body)).toContain('Only server or workspace admins can use this command.');
  });
});

describe('every message sent', () => {
  it('carries allowed_mentions { parse: [] } and fits the limits', async () => {
    await h.adapter.idle();
    const bodies = h.fake.calls
      .filter((c) => c.status < 300 && ((c.path.endsWith('/callback') && [4, 7].includes(c.body?.type)) || (c.path.startsWith('/webhooks/') && c.method !== 'DELETE') || c.path.startsWith('/channels/')))
      .map((c) => (c.path.endsWith('/callback') ? c.body.data : c.body));
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) {
      expect(b.allowed_mentions).toEqual({ parse: [] });
      expect(limitViolations(b)).toEqual([]);
    }
  });
});
