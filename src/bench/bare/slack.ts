/**
 * The bare Bolt app of the Slack benchmark: acks every `/virt` and responds with a
 * constant. Run as its own process, like virtbot's `npm start`, so each app has a heap
 * of its own. Env: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, SLACK_PORT.
 * Prints "bare ready" once listening; exits on SIGTERM.
 */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL!, retryConfig: { retries: 0 } },
});
app.command('/virt', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'ok' });
});
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
await app.start({ port: Number(process.env.SLACK_PORT), host: '127.0.0.1' });
process.stdout.write('bare ready\n');
