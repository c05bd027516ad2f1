/**
 * The daily question on Slack: admin-only commands, a post through the adapter's
 * Poster (chat.postMessage), an answer by button, the reveal as chat.update, and a
 * channel the bot is not in (paused, not crashed). Injected clock, no waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, blockTexts, buttonsIn, slackRig, type SlackRig } from './harness.js';
import { seeded } from '../quiz/helpers.js';

let rig: SlackRig;

beforeAll(async () => {
  rig = await slackRig({ VIRTBOT_LANG: 'en' }, { rng: seeded(3) });
  rig.app.services.daily.attach(rig.adapter.poster, ['slack']);
  rig.fake.addUser({ id: 'UADMIN', name: 'admin', isAdmin: true, locale: 'en-US' }).addUser({ id: 'UMEMBER', name: 'member', locale: 'en-US' });
});
afterAll(async () => {
  await rig?.close();
});

async function command(text: string, user: string, channel = 'C0STUDY'): Promise<string> {
  const sent = await rig.slack.slashCommand(text, actor(user, channel));
  const r = await rig.fake.waitForResponse(sent.responseUrl);
  return `${String(r.body.text)}\n${blockTexts(r.body.blocks)}`;
}

describe('daily question on Slack', () => {
  it('a non-admin cannot use an admin-only subcommand, and nothing changes', async () => {
    expect(await command('daily set channel:<#C0DAILY|daily> time:09:00', 'UMEMBER')).toMatch(/Only server or workspace admins/);
    expect(rig.app.services.daily.subscription({ platform: 'slack', workspaceId: rig.fake.teamId, channelId: 'C0DAILY' })).toBeUndefined();
  });

  it('an admin sets it up with a #channel mention; "daily now" posts through chat.postMessage; a click answers; the reveal edits the post', async () => {
    expect(await command('daily set channel:<#C0DAILY|daily> time:09:00 zone:Asia/Tokyo reveal:18:00', 'UADMIN')).toMatch(/C0DAILY/);
    const before = rig.fake.callsTo('chat.postMessage').length;
    expect(await command('daily now channel:<#C0DAILY|daily>', 'UADMIN')).toMatch(/Posted today's question to #C0DAILY/);
    const post = rig.fake.callsTo('chat.postMessage').slice(before).find((c) => c.args.channel === 'C0DAILY')!;
    expect(post.response.ok).toBe(true);
    const message = { blocks: post.args.blocks as Record<string, unknown>[], text: String(post.args.text), ts: String(post.response.ts) };
    const controls = buttonsIn(message.blocks);
    expect(controls.length).toBeGreaterThan(0);

    // Answer with the first control, whatever the kind (a plain button, the submit of a selection, or the modal button).
    const first = controls[0]!;
    const click = await rig.slack.click(message, first.action_id, actor('UMEMBER', 'C0DAILY'));
    expect(click.status).toBe(200);
    if (/^quiz\.t:/.test(first.action_id)) {
      const opened = await rig.fake.waitForCall('views.open');
      await rig.slack.submitView(opened, 'virsh list', actor('UMEMBER', 'C0DAILY'));
    }
    const answered = await rig.fake.waitForResponse(click.responseUrl);
    expect(answered.body.response_type).toBe('ephemeral');

    // At the reveal time the scheduler edits the post with the bot token.
    rig.app.clock.set('2026-11-30T09:30:00Z');
    await rig.app.services.daily.runDue(rig.app.clock.now());
    const edited = rig.fake.messages.get(`C0DAILY/${message.ts}`)!;
    expect(edited.edits).toBe(1);
    expect(rig.fake.callsTo('chat.update').at(-1)!.response.ok).toBe(true);
    expect(buttonsIn(edited.blocks).filter((b) => /^quiz\.[amt]:/.test(b.action_id))).toHaveLength(0);
  });

  it('a channel the bot is not in pauses that subscription with the reason; the process keeps serving', async () => {
    rig.fake.channelErrors.set('C0NOTIN', 'not_in_channel');
    await command('daily set channel:<#C0NOTIN|secret> time:09:00', 'UADMIN');
    expect(await command('daily now channel:<#C0NOTIN|secret>', 'UADMIN')).toMatch(/not_in_channel/);
    expect(await command('daily status channel:<#C0NOTIN|secret>', 'UADMIN')).toMatch(/not_in_channel/);
    expect(await command('help', 'UMEMBER')).toMatch(/\/virt ask/);
  });
});
