/**
 * The bare discord.js bot of the Discord benchmark: replies to every interaction with a
 * constant, nothing else. Run as its own process, like virtbot's `npm start`, so each
 * bot has a heap of its own. Env: DISCORD_TOKEN, DISCORD_API_URL (the fake's REST base).
 * Prints "bare ready" once connected; exits on SIGTERM.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL! } });
client.on(Events.InteractionCreate, (i) => {
  if (i.isRepliable()) i.reply({ content: 'ok' }).catch(() => undefined);
});
client.once(Events.ClientReady, () => process.stdout.write('bare ready\n'));
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN!);
