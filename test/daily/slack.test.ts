/**
 * The daily question through the real Bolt App against the local fake Slack: set
 * by slash command, posted with chat.postMessage and the bot token, answered with
 * a button, revealed with chat.update, a late click refused, a channel the bot is
 * not in paused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyRepo } from '../../src/db/daily.js';
import type { ClientMessage } from '../fakes/slack.js';
import { keyOf } from '../quiz/helpers.js';
import { singleChoiceOnly } from './helpers.js';
import { BOT_TOKEN, actor, asClientMessage, blockTexts, buttonsIn, slackRig, type SlackRig } from '../slack/harness.js';

let rig: SlackRig;
const CHANNEL = 'C0DAILY01';

beforeAll(async () => {
  rig = await slackRig({ VIRTBOT_LANG: 'en', SLACK_ADMIN_USERS: 'UADMIN' }, { content: singleChoiceOnly() });
  for (const id of ['UADMIN', 'UD1', 'UD2', 'UD3']) rig.fake.addUser({ id, name: id.toLowerCase(), locale: 'en-US' });
  rig.app.services.daily.attach(rig.adapter.poster, ['slack']);
});
afterAll(async () => {
  await rig?.close();
});

async function slash(text: string, who: string, channel = CHANNEL) {
  const sent = await rig.slack.slashCommand(text, actor(who, channel));
  expect(sent.status).toBe(200);
  return rig.fake.waitForResponse(sent.responseUrl);
}

describe('daily question on Slack', () => {
  it('set → chat.postMessage with the bot token → click → chat.update reveal → late click closed', async () => {
    rig.app.clock.set('2026-11-30T00:00:10Z');
    const set = await slash('daily set 09:01 zone:Asia/Tokyo reveal:09:03', 'UADMIN');
    expect(set.body.response_type).not.toBe('in_channel');
    expect(blockTexts(set.body.blocks)).toMatch(/Daily question set/);
    expect(blockTexts(set.body.blocks)).toMatch(/2026-11-30 09:01 \(Asia\/Tokyo\)/);

    const before = rig.fake.callsTo('chat.postMessage').length;
    rig.app.clock.set('2026-11-30T00:01:00Z');
    expect((await rig.app.services.daily.runDue(rig.app.clock.now())).posted).toBe(1);
    const call = rig.fake.callsTo('chat.postMessage')[before]!;
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.args.channel).toBe(CHANNEL);
    expect(call.response.ok).toBe(true);
    const posted: ClientMessage = { blocks: call.args.blocks as Record<string, unknown>[], text: String(call.args.text), ts: String(call.response.ts) };
    expect(blockTexts(posted.blocks)).toMatch(/Daily question \(2026-11-30\)/);
    const buttons = buttonsIn(posted.blocks).filter((b) => b.action_id.startsWith('quiz.a:'));
    expect(buttons.length).toBeGreaterThanOrEqual(4);
    const key = keyOf(rig.app.db, Number(/^quiz\.a:(\d+)/.exec(buttons[0]!.action_id)![1]));

    rig.app.clock.set('2026-11-30T00:02:00Z');
    const click = await rig.slack.click(posted, `quiz.a:${key.instance.id}:${key.right[0]}`, actor('UD1', CHANNEL));
    const result = await rig.fake.waitForResponse(click.responseUrl);
    expect(result.body.response_type).not.toBe('in_channel');
    expect(blockTexts(result.body.blocks)).toMatch(/Correct/);
    const wrong = await rig.slack.click(posted, `quiz.a:${key.instance.id}:${key.wrong[0]}`, actor('UD2', CHANNEL));
    expect(blockTexts((await rig.fake.waitForResponse(wrong.responseUrl)).body.blocks)).toMatch(/Wrong/);

    rig.app.clock.set('2026-11-30T00:03:00Z');
    const updates = rig.fake.callsTo('chat.update').length;
    expect((await rig.app.services.daily.runDue(rig.app.clock.now())).revealed).toBe(1);
    const update = rig.fake.callsTo('chat.update')[updates]!;
    expect(update.token).toBe(BOT_TOKEN);
    expect(update.args.ts).toBe(posted.ts);
    expect(update.response.ok).toBe(true);
    const stored = rig.fake.messages.get(`${CHANNEL}/${posted.ts}`)!;
    expect(stored.edits).toBe(1);
    expect(blockTexts(stored.blocks)).toMatch(/the answer/);
    expect(blockTexts(stored.blocks)).toMatch(/1 of 2 \(50%\)/);
    expect(buttonsIn(stored.blocks).filter((b) => b.action_id.startsWith('quiz.'))).toHaveLength(0);

    // A client still showing the old buttons: the click is refused privately with the answer.
    const late = await rig.slack.click(posted, `quiz.a:${key.instance.id}:${key.right[0]}`, actor('UD3', CHANNEL));
    const closed = await rig.fake.waitForResponse(late.responseUrl);
    expect(blockTexts(closed.body.blocks)).toMatch(/closed/);
    expect(asClientMessage(closed).ephemeral).toBe(true);

    const status = await slash('daily status', 'UD1');
    expect(blockTexts(status.body.blocks)).toMatch(/Next post\*\n2026-12-01 09:01 \(Asia\/Tokyo\) · 2026-12-01 00:01 UTC/);
  });

  it('a channel link <#C…|name> picks the channel; a channel the bot is not in pauses only itself', async () => {
    rig.fake.channelErrors.set('C0LOCKED01', 'not_in_channel');
    rig.app.clock.set('2026-11-30T10:00:00Z');
    await slash('daily set 20:00 channel:<#C0LOCKED01|locked> zone:Asia/Tokyo', 'UADMIN');
    const repo = new DailyRepo(rig.app.db);
    expect(repo.byChannel('slack', rig.fake.teamId, 'C0LOCKED01')?.localTime).toBe('20:00');
    // A plain #name that Slack did not turn into a link cannot be posted to: said clearly, nothing stored.
    const bad = await slash('daily set 20:00 channel:#random', 'UADMIN');
    expect(blockTexts(bad.body.blocks)).toMatch(/not a channel I can post to/);
    // In a DM there is no channel of a workspace to keep it in.
    expect(blockTexts((await slash('daily set 20:00', 'UADMIN', 'D0DIRECT01')).body.blocks)).toMatch(/server channel/);
    // A non-admin cannot change it.
    expect(blockTexts((await slash('daily off', 'UD1')).body.blocks)).toMatch(/admins/);

    rig.app.clock.set('2026-11-30T11:00:00Z');
    const s = await rig.app.services.daily.runDue(rig.app.clock.now());
    expect(s.paused).toBe(1);
    const locked = repo.byChannel('slack', rig.fake.teamId, 'C0LOCKED01')!;
    expect(locked.status).toBe('paused');
    expect(locked.pauseReason).toBe('forbidden: not_in_channel');
    expect(repo.byChannel('slack', rig.fake.teamId, CHANNEL)!.status).toBe('active');
    expect(blockTexts((await slash('daily status channel:<#C0LOCKED01|locked>', 'UD1')).body.blocks)).toMatch(/not_in_channel/);
    // The other channel still posts the next day.
    rig.app.clock.set('2026-12-01T00:01:00Z');
    expect((await rig.app.services.daily.runDue(rig.app.clock.now())).posted).toBe(1);
  });
});
