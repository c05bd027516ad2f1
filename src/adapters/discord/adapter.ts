/**
 * The Discord adapter: a discord.js Client whose interactionCreate listener turns
 * interactions into Incoming (inbound.ts), asks the core's router, and answers
 * with the rendered Reply list (render.ts): the first reply through the
 * interaction response, the rest as follow-ups. Proactive posts go through
 * DiscordPoster (bot token).
 */
import { randomBytes } from 'node:crypto';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  type Interaction,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { fmt, langFromLocale, t } from '../../core/i18n.js';
import type { Incoming, Reply } from '../../core/model.js';
import type { Router } from '../../core/router.js';
import { TYPED_ANSWER_PLACEHOLDER } from '../../core/quiz/render.js';
import type { ChatAdapter } from '../types.js';
import { toInbound } from './inbound.js';
import { DiscordPoster } from './poster.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX, clip, renderMessage, renderModal, type DiscordPayload } from './render.js';

/** Defer when the core has not answered after this long (ms); Discord wants a first response within 3 s. */
export const DEFER_AFTER_MS = 1000;
/** An interaction token is valid 15 minutes (Discord docs: Receiving and Responding); stop using it a minute early. */
export const TOKEN_USABLE_MS = 14 * 60_000;

export interface DiscordAdapterOptions {
  token: string;
  /** REST base, e.g. http://127.0.0.1:PORT/api (discord.js appends /v10). */
  api?: string;
  /** Override DEFER_AFTER_MS (tests use 0 to force a deferral without waiting). */
  deferAfterMs?: number;
}

/** How the interaction has been acknowledged so far. */
type Ack = 'none' | 'deferred-reply' | 'deferred-update';

export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly client: Client;
  readonly poster: DiscordPoster;
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deferAfterMs: number;

  constructor(
    private readonly app: Pick<App, 'router' | 'services'>,
    private readonly opts: DiscordAdapterOptions,
  ) {
    this.log = app.services.log.child({ adapter: 'discord' });
    this.deferAfterMs = opts.deferAfterMs ?? DEFER_AFTER_MS;
    this.client = new Client({
      // Interactions arrive without any intent; Guilds keeps the guild/channel cache filled.
      intents: [GatewayIntentBits.Guilds],
      ...(opts.api ? { rest: { api: opts.api } } : {}),
      allowedMentions: { parse: [] },
      // The bot never reads history, and an interaction carries its user and member, so
      // none is cached (only the bot's own): memory stays flat in big servers, and the
      // cached users no longer survive into the old generation, which made each minor
      // GC 5-10 ms instead of 2-3 ms in the Discord bench (a pause on the event loop).
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        MessageManager: 0,
        UserManager: { maxSize: 0, keepOverLimit: (u) => u.id === u.client.user.id },
        GuildMemberManager: { maxSize: 0, keepOverLimit: (m) => m.id === m.client.user.id },
      }),
    });
    this.poster = new DiscordPoster(this.client.rest, this.log);
    this.client.on(Events.InteractionCreate, (i) => this.track(this.onInteraction(i)));
    this.client.on(Events.Error, (err) => this.log.error({ err }, 'discord client error'));
    this.client.on(Events.ShardDisconnect, (ev, shard) => this.log.warn({ code: ev.code, shard }, 'discord gateway disconnected'));
    this.client.on(Events.ShardReconnecting, (shard) => this.log.info({ shard }, 'discord gateway reconnecting'));
  }

  private get router(): Router {
    return this.app.router;
  }

  /** Logs in and resolves once the gateway is ready. @throws on a bad token or an unreachable API. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.opts.token);
    await ready;
    this.log.info({ user: this.client.user?.tag, guilds: this.client.guilds.cache.size }, 'discord connected');
  }

  /** Waits for in-flight interactions, then disconnects. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.client.destroy();
  }

  isConnected(): boolean {
    return this.client.isReady();
  }

  /** Resolves when every interaction received so far has been answered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** The listener: never throws (discord.js does not catch listener errors). */
  private async onInteraction(interaction: Interaction): Promise<void> {
    let incoming: Incoming | undefined;
    try {
      const inbound = toInbound(interaction, this.app.services.clock.now());
      if (inbound.type === 'ignored') {
        this.log.debug({ reason: inbound.reason }, 'interaction ignored');
        return;
      }
      if (inbound.type === 'open-modal') {
        if (interaction.isButton()) await interaction.showModal(renderModal(inbound.inputId, inbound.title, inbound.label, inbound.maxLength, this.placeholderFor(inbound.incoming)));
        return;
      }
      incoming = inbound.incoming;
      if (incoming.kind === 'autocomplete') {
        if (!interaction.isAutocomplete()) return;
        const choices = this.router.autocomplete(incoming).slice(0, AUTOCOMPLETE_CHOICES_MAX);
        await interaction.respond(choices.map((c) => ({ name: clip(c.name, CHOICE_NAME_MAX), value: c.value.slice(0, CHOICE_VALUE_MAX) })));
        return;
      }
      if (interaction.isRepliable()) await this.answer(interaction, incoming);
    } catch (err) {
      await this.failPrivately(interaction, err, incoming);
    }
  }

  /** The typed-answer placeholder in the clicker's language; none if the language cannot be read (the modal works without). */
  private placeholderFor(incoming: Incoming): string | undefined {
    try {
      return t(TYPED_ANSWER_PLACEHOLDER, this.router.langFor(incoming));
    } catch (err) {
      this.log.warn({ err }, 'no language for the modal placeholder');
      return undefined;
    }
  }

  /** Runs the core, deferring if it is slow, then sends its replies. */
  private async answer(interaction: RepliableInteraction, incoming: Incoming): Promise<void> {
    let deferring: Promise<Ack> | undefined;
    const timer = setTimeout(() => {
      deferring = this.defer(interaction);
    }, this.deferAfterMs);
    let replies: Reply[];
    try {
      replies = await this.router.handle(incoming);
    } finally {
      clearTimeout(timer);
    }
    const ack = deferring ? await deferring : 'none';
    await this.send(interaction, replies, ack);
  }

  /** Never rejects (it runs from a timer; a rejection nobody awaits yet would kill the process). */
  private async defer(interaction: RepliableInteraction): Promise<Ack> {
    if (!this.tokenUsable(interaction)) return 'none';
    try {
      if (interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())) {
        await interaction.deferUpdate();
        return 'deferred-update';
      }
      // Visibility is not known yet: defer publicly; a private result then goes as an ephemeral follow-up.
      await interaction.deferReply();
      return 'deferred-reply';
    } catch (err) {
      this.log.warn({ err, interactionId: interaction.id }, 'could not defer the interaction');
      return 'none';
    }
  }

  private tokenUsable(interaction: RepliableInteraction): boolean {
    return Date.now() - interaction.createdTimestamp < TOKEN_USABLE_MS;
  }

  /** Sends the reply list: the first through the interaction response (reply / update / editReply), the rest as follow-ups. */
  private async send(interaction: RepliableInteraction, replies: Reply[], ack: Ack): Promise<void> {
    if (!this.tokenUsable(interaction)) {
      await this.sendWithoutToken(interaction, replies);
      return;
    }
    let first = true;
    for (const r of replies) {
      const pages = renderMessage(r.message);
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i]!;
        const files = r.file && i === pages.length - 1 ? [{ attachment: Buffer.from(r.file.content, 'utf8'), name: r.file.name }] : undefined;
        const ephemeral = r.visibility === 'private';
        const body = { ...toOptions(page), ...(files ? { files } : {}) };
        const replyOpts: InteractionReplyOptions = { ...body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
        if (!first) {
          await interaction.followUp(replyOpts);
          continue;
        }
        first = false;
        const fromMessage = interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
        const replaces = r.replaces === 'original' && i === 0 && fromMessage;
        if (ack === 'none') {
          if (replaces && (interaction.isMessageComponent() || interaction.isModalSubmit())) await interaction.update(body as InteractionUpdateOptions);
          else await interaction.reply(replyOpts);
        } else if (ack === 'deferred-update') {
          if (replaces) await interaction.editReply(body);
          else await interaction.followUp(replyOpts);
        } else if (ephemeral) {
          // The deferral was public; an ephemeral answer cannot edit it, so replace it.
          await interaction.followUp(replyOpts);
          await interaction.deleteReply().catch((err: unknown) => this.log.warn({ err }, 'could not delete the deferred reply'));
        } else {
          await interaction.editReply(body);
        }
      }
    }
    if (first && ack === 'none' && interaction.isMessageComponent()) {
      // The core answered nothing: acknowledge anyway so the user does not see "interaction failed".
      await interaction.deferUpdate();
    }
  }

  /**
   * The token is too old: public replies go to the channel with the bot token (a
   * reply that replaces a public message edits it); private ones cannot be delivered.
   */
  private async sendWithoutToken(interaction: RepliableInteraction, replies: Reply[]): Promise<void> {
    for (const r of replies) {
      if (r.visibility === 'public' && interaction.channelId) {
        const to = { platform: 'discord' as const, workspaceId: interaction.guildId ?? '', channelId: interaction.channelId };
        const source = interaction.isMessageComponent() ? interaction.message : undefined;
        if (r.replaces === 'original' && source && !source.flags.has(MessageFlags.Ephemeral)) await this.poster.edit(to, source.id, r.message);
        else await this.poster.post(to, r.message);
      } else {
        this.log.warn({ interactionId: interaction.id }, 'private reply dropped: interaction token expired');
      }
    }
  }

  /** Logs an adapter failure with an error id and tells the user privately, however far the response got. */
  private async failPrivately(interaction: Interaction, err: unknown, incoming: Incoming | undefined): Promise<void> {
    const errorId = randomBytes(4).toString('hex');
    this.log.error({ err, errorId, interactionId: interaction.id, name: incoming?.name }, 'discord interaction failed');
    if (!interaction.isRepliable() || !this.tokenUsable(interaction)) return;
    let lang = langFromLocale(interaction.locale) ?? this.app.services.config.defaultLang;
    try {
      if (incoming) lang = this.router.langFor(incoming);
    } catch {
      /* keep the locale's language */
    }
    const content = t(fmt({ ja: '内部エラーが発生しました（エラー ID: {id}）。時間をおいて試してください。', en: 'Something went wrong on our side (error id: {id}). Please try again later.' }, { id: errorId }), lang);
    try {
      const opts = { content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
      if (interaction.replied || interaction.deferred) await interaction.followUp(opts);
      else await interaction.reply(opts);
    } catch (e2) {
      this.log.warn({ err: e2, errorId }, 'could not tell the user about the failure');
    }
  }
}

/** discord.js message options from a rendered page (content always set so an edit clears old text). */
function toOptions(p: DiscordPayload) {
  // Embeds and rows go as JSONEncodable: given plain objects, discord.js 14 copies each one
  // through the client's jsonTransformer (toSnakeCase: a recursive copy, lodash.snakeCase per
  // key), ~28 µs and a burst of garbage per reply (measured). render.ts already emits API
  // JSON in snake_case, within Discord's limits (tested).
  const encodable = <T>(x: T) => ({ toJSON: () => x });
  return { content: p.content ?? '', embeds: p.embeds?.map(encodable), components: p.components?.map(encodable), allowedMentions: { parse: [] as [] } };
}

/**
 * Builds the Discord adapter from the configuration (DISCORD_TOKEN, DISCORD_API_URL).
 * @throws Error when DISCORD_TOKEN is missing (main.ts only calls this when it is set).
 */
export function createDiscordAdapter(config: Config, app: App): ChatAdapter {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  return new DiscordAdapter(app, { token: config.DISCORD_TOKEN, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) });
}
