/**
 * Renders the core's Message into Discord message payloads (embeds + components)
 * and modals, inside every Discord limit. Over-long text is split across embeds
 * and messages, and cut with a visible "…" past MAX_PAGES; nothing is rejected.
 * Output is plain API JSON, usable by interaction replies and REST alike.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
} from 'discord.js';
import type { Block, Button, Message } from '../../core/model.js';

// Limits. Message: https://discord.com/developers/docs/resources/message#create-message
/** Message content (characters). */
export const CONTENT_MAX = 2000;
/** Embeds in one message. */
export const EMBEDS_PER_MESSAGE = 10;
// Embeds: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
/** Title + description + field names/values + footer + author of all embeds of one message. */
export const EMBED_TOTAL_MAX = 6000;
// Components: https://discord.com/developers/docs/components/reference#action-row, #button, #string-select
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW = 5;
export const BUTTON_LABEL_MAX = 80;
export const CUSTOM_ID_MAX = 100;
export const SELECT_OPTIONS_MAX = 25;
export const SELECT_OPTION_LABEL_MAX = 100;
export const SELECT_OPTION_VALUE_MAX = 100;
export const SELECT_PLACEHOLDER_MAX = 150;
// Modals: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
// and https://discord.com/developers/docs/components/reference#label, #text-input
export const MODAL_TITLE_MAX = 45;
export const LABEL_MAX = 45;
export const TEXT_INPUT_VALUE_MAX = 4000;
// Autocomplete: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;

/** At most this many messages for one Message; the rest is cut with "…" (a reply that needs more is unreadable anyway). */
export const MAX_PAGES = 3;
export const ELLIPSIS = '…';

/**
 * Prefix of the custom_id of a button that opens a modal for an 'input' block:
 * `~modal:<maxLength>:<input id>`. '~' never starts a core action id.
 */
export const MODAL_OPENER_PREFIX = '~modal:';
/** custom_id of the text input inside the modal; the submission's value comes back under it. */
export const MODAL_INPUT_ID = 'value';

/** One Discord message body, API JSON. Visibility (flags) is added by the sender. */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: { parse: [] };
}

/** Where a cut at `i` would break an escape ("\\x") or a surrogate pair, move it left. */
function safeCut(s: string, i: number): number {
  let cut = Math.max(0, Math.min(i, s.length));
  if (cut > 0 && cut < s.length && /[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut--;
  let slashes = 0;
  while (cut - slashes > 0 && s[cut - slashes - 1] === '\\') slashes++;
  if (slashes % 2 === 1) cut--;
  return cut;
}

/** Cuts `s` to `max` characters, ending in "…" when cut. Never splits a surrogate pair or an escape. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, safeCut(s, max - ELLIPSIS.length)) + ELLIPSIS;
}

/**
 * Plain text → Discord markdown that shows exactly that text (Discord drops a
 * backslash before punctuation). Linear and context free (discord.js
 * escapeMarkdown is far too slow on long text): a backslash before \ * _ ~ ` | [ ]
 * (so no bold, code, spoiler or masked link), before `<` (so `<@id>` shows as text,
 * not a mention), and before #, >, - or + starting a line (headings, quotes, lists).
 */
export function escapeText(s: string): string {
  return s.replace(/[\\*_~`|[\]<]/g, '\\$&').replace(/^([ \t]*)([#>+-])/gm, '$1\\$2');
}

/**
 * Splits already-rendered text into pieces of at most `limit` characters, cutting
 * at a line break, else a space, in the second half of a piece; never inside an
 * escape or a surrogate pair.
 */
export function splitText(s: string, limit: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > limit) {
    let cut = safeCut(rest, limit);
    const nl = rest.lastIndexOf('\n', cut - 1);
    const sp = rest.lastIndexOf(' ', cut - 1);
    if (nl >= limit / 2) cut = nl + 1;
    else if (sp >= limit / 2) cut = safeCut(rest, sp + 1);
    if (cut <= 0) cut = limit;
    out.push(rest.slice(0, cut).replace(/\n$/, ''));
    rest = rest.slice(cut);
  }
  if (rest.length || !out.length) out.push(rest);
  return out;
}

/** Plain text as description pieces of at most `limit`; a piece that now starts a line with # > - + is escaped again. */
function textPieces(raw: string, limit: number): string[] {
  return splitText(escapeText(raw), limit - 1).map((p) => p.replace(/^([ \t]*)([#>+-])/, '$1\\$2'));
}

/** Code as code blocks of at most `limit` each; a ``` inside is broken with a zero-width space so it cannot close the fence. */
function codePieces(raw: string, limit: number): string[] {
  const fence = '```\n\n```'.length;
  return splitText(raw.replace(/```/g, '`\u200b``'), limit - fence).map((p) => '```\n' + p + '\n```');
}

function embedSize(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) + (e.footer?.text.length ?? 0);
}

/** Builds the embeds of a message, each within the per-embed limits and each <= EMBED_TOTAL_MAX. */
function buildEmbeds(m: Message): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let current: APIEmbed = m.title ? { title: clip(m.title, EMBED_TITLE_MAX) } : {};
  let segments: string[] = [];
  const flush = () => {
    if (segments.length) {
      for (const d of packSegments(segments, EMBED_DESCRIPTION_MAX, '\n')) {
        if (current.description !== undefined || current.fields?.length) {
          embeds.push(current);
          current = {};
        }
        current.description = d;
      }
      segments = [];
    }
  };
  const addText = (s: string) => {
    // Text after fields starts a new embed so the reading order stays as the core gave it.
    if (current.fields?.length) {
      embeds.push(current);
      current = {};
    }
    segments.push(s);
  };
  for (const b of m.blocks) {
    switch (b.type) {
      case 'text':
        if (b.text) for (const piece of textPieces(b.text, EMBED_DESCRIPTION_MAX)) addText(piece);
        break;
      case 'code':
        for (const piece of codePieces(b.text, EMBED_DESCRIPTION_MAX)) addText(piece);
        break;
      case 'divider':
        addText('\u2500'.repeat(12));
        break;
      case 'fields': {
        flush();
        for (const f of b.fields) {
          const field: APIEmbedField = { name: clip(escapeText(f.label), EMBED_FIELD_NAME_MAX) || '\u200b', value: clip(escapeText(f.value), EMBED_FIELD_VALUE_MAX) || '\u200b', inline: f.value.length <= 40 };
          const fields = current.fields ?? [];
          if (fields.length >= EMBED_FIELDS_MAX || embedSize(current) + field.name.length + field.value.length > EMBED_TOTAL_MAX) {
            embeds.push(current);
            current = {};
          }
          (current.fields ??= []).push(field);
        }
        break;
      }
      default:
        break;
    }
  }
  flush();
  if (current.title !== undefined || current.description !== undefined || current.fields?.length) embeds.push(current);
  return embeds;
}

/** Joins rendered segments with `sep` into strings of at most `limit` characters (each segment already fits). */
function packSegments(segments: string[], limit: number, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of segments) {
    if (!cur) cur = s;
    else if (cur.length + sep.length + s.length <= limit) cur += sep + s;
    else {
      out.push(cur);
      cur = s;
    }
  }
  if (cur) out.push(cur);
  return out;
}

const STYLE: Record<NonNullable<Button['style']>, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

function button(b: Button): APIButtonComponent | undefined {
  // An id the core issued longer than Discord allows cannot be shortened without breaking it: drop the button.
  if (!b.id || b.id.length > CUSTOM_ID_MAX) return undefined;
  return { type: ComponentType.Button, style: STYLE[b.style ?? 'secondary'], label: clip(b.label || '?', BUTTON_LABEL_MAX), custom_id: b.id };
}

/** The custom_id of the button that opens the modal of an input block, or undefined when it would not fit. */
export function modalOpenerId(inputId: string, maxLength: number): string | undefined {
  const id = `${MODAL_OPENER_PREFIX}${Math.max(1, Math.min(TEXT_INPUT_VALUE_MAX, Math.floor(maxLength)))}:${inputId}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

/** Parses a modal opener custom_id; undefined for any other id. */
export function parseModalOpenerId(customId: string): { inputId: string; maxLength: number } | undefined {
  const m = /^~modal:(\d{1,4}):(.+)$/s.exec(customId);
  if (!customId.startsWith(MODAL_OPENER_PREFIX) || !m) return undefined;
  return { inputId: m[2]!, maxLength: Math.max(1, Math.min(TEXT_INPUT_VALUE_MAX, Number(m[1]))) };
}

function select(b: Extract<Block, { type: 'select' }>): APIStringSelectComponent | undefined {
  if (b.id.length > CUSTOM_ID_MAX) return undefined;
  const options = b.options.filter((o) => o.value.length > 0 && o.value.length <= SELECT_OPTION_VALUE_MAX).slice(0, SELECT_OPTIONS_MAX);
  if (!options.length) return undefined;
  const max = Math.max(1, Math.min(b.max, options.length));
  const min = Math.max(0, Math.min(b.min, max));
  return {
    type: ComponentType.StringSelect,
    custom_id: b.id,
    placeholder: clip(b.placeholder, SELECT_PLACEHOLDER_MAX),
    min_values: min,
    max_values: max,
    options: options.map((o) => ({ label: clip(o.label || o.value, SELECT_OPTION_LABEL_MAX), value: o.value })),
  };
}

/** Action rows for the interactive blocks, in block order: buttons 5 a row, a select or an input opener on a row of its own; at most 5 rows. */
export function buildComponents(blocks: readonly Block[]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIComponentInMessageActionRow[][] = [];
  for (const b of blocks) {
    if (b.type === 'buttons') {
      const list = b.buttons.map(button).filter((x): x is APIButtonComponent => !!x);
      for (let i = 0; i < list.length; i += BUTTONS_PER_ROW) rows.push(list.slice(i, i + BUTTONS_PER_ROW));
    } else if (b.type === 'select') {
      const s = select(b);
      if (s) rows.push([s]);
    } else if (b.type === 'input') {
      const id = modalOpenerId(b.id, b.maxLength);
      if (id) rows.push([{ type: ComponentType.Button, style: ButtonStyle.Primary, label: clip(b.label || '?', BUTTON_LABEL_MAX), custom_id: id }]);
    }
  }
  return rows.slice(0, ACTION_ROWS_MAX).map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** A message that is only short text (no title, fields or code) goes as plain content: it reads better than an embed. */
function asContent(m: Message): string | undefined {
  if (m.title || !m.blocks.every((b) => b.type === 'text' || b.type === 'buttons' || b.type === 'select' || b.type === 'input')) return undefined;
  const text = m.blocks.flatMap((b) => (b.type === 'text' && b.text ? [escapeText(b.text)] : [])).join('\n');
  return text && text.length <= CONTENT_MAX ? text : undefined;
}

/**
 * Renders `m` into one or more payloads (pages), each within Discord's limits.
 * Components go on the last page. With more than `maxPages` pages the output is
 * cut and the last description ends in "…".
 * @param maxPages default MAX_PAGES; 1 for an edit of a single message.
 */
export function renderMessage(m: Message, maxPages: number = MAX_PAGES): DiscordPayload[] {
  const components = buildComponents(m.blocks);
  const content = asContent(m);
  if (content !== undefined) return [{ content, embeds: [], components, allowedMentions: { parse: [] } }];
  const embeds = buildEmbeds(m);
  const pages: APIEmbed[][] = [];
  let page: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (page.length && (page.length >= EMBEDS_PER_MESSAGE || size + s > EMBED_TOTAL_MAX)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(e);
    size += s;
  }
  if (page.length) pages.push(page);
  if (pages.length > maxPages) {
    pages.length = maxPages;
    markCut(pages[maxPages - 1]!);
  }
  if (!pages.length) {
    // Only components (or nothing): Discord needs some content.
    return [{ content: clip(escapeText(m.fallback || '\u200b'), CONTENT_MAX) || '\u200b', embeds: [], components, allowedMentions: { parse: [] } }];
  }
  return pages.map((embeds, i) => ({ embeds, components: i === pages.length - 1 ? components : [], allowedMentions: { parse: [] } }));
}

/** Ends the page with a visible "…" without growing any embed or the page past a limit. */
function markCut(page: APIEmbed[]): void {
  const last = page[page.length - 1]!;
  const room = EMBED_TOTAL_MAX - page.reduce((n, e) => n + embedSize(e), 0);
  const mark = (s: string, max: number) => {
    if (s.length + 2 <= max && room >= 2) return s + '\n' + ELLIPSIS;
    // No room left: replace the last character instead of growing.
    const keep = /[\uD800-\uDBFF]/.test(s[s.length - 2] ?? '') ? s.length - 2 : s.length - 1;
    return s.slice(0, Math.max(0, keep)) + ELLIPSIS;
  };
  if (last.fields?.length) {
    const f = last.fields[last.fields.length - 1]!;
    f.value = mark(f.value, EMBED_FIELD_VALUE_MAX);
  } else {
    last.description = mark(last.description ?? '', EMBED_DESCRIPTION_MAX);
  }
}

/**
 * The modal for a typed answer: one required text input in a Label (type 18),
 * the current modal layout. Title and label are cut to 45 characters.
 */
export function renderModal(inputId: string, title: string, label: string, maxLength: number, placeholder?: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: inputId,
    title: clip(title || 'virtbot', MODAL_TITLE_MAX),
    components: [
      {
        type: ComponentType.Label,
        label: clip(label || '?', LABEL_MAX),
        component: {
          type: ComponentType.TextInput,
          custom_id: MODAL_INPUT_ID,
          style: maxLength > 200 ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: true,
          max_length: Math.max(1, Math.min(TEXT_INPUT_VALUE_MAX, maxLength)),
          ...(placeholder ? { placeholder: clip(placeholder, 100) } : {}),
        },
      },
    ],
  };
}
