/**
 * Renders the core's Message into Slack Block Kit within Slack's limits, always
 * with a top-level `text` fallback. Over-long text is split into more sections or
 * cut with a visible "…", never rejected; user text is escaped (& < >) and sent
 * with `verbatim: true` so it cannot mention @channel or turn into links.
 */
import type { types } from '@slack/bolt';
import type { Lang, LocalText } from '../../content/schema.js';
import { t } from '../../core/i18n.js';
import type { Block, Button, Message } from '../../core/model.js';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ActionsBlock = types.ActionsBlock;
type ButtonElement = types.Button;
type PlainText = types.PlainTextElement;

// Limits, from the Block Kit reference (https://docs.slack.dev/reference/block-kit/...).
/** Blocks per message (…/block-kit/blocks). */
export const MAX_BLOCKS = 50;
/** Section `text` (…/blocks/section-block). */
export const MAX_SECTION_TEXT = 3000;
/** Section `fields`: items per section and characters per item (…/blocks/section-block). */
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
/** Header text (…/blocks/header-block). */
export const MAX_HEADER_TEXT = 150;
/** Elements per actions block (…/blocks/actions-block). */
export const MAX_ACTIONS_ELEMENTS = 25;
/** Button text, action_id and value (…/block-elements/button-element). */
export const MAX_BUTTON_TEXT = 75;
export const MAX_ACTION_ID = 255;
export const MAX_BUTTON_VALUE = 2000;
/** Option text and value (…/composition-objects/option-object). */
export const MAX_OPTION_TEXT = 75;
export const MAX_OPTION_VALUE = 150;
/** Options in a checkbox group (…/block-elements/checkboxes-element). */
export const MAX_CHECKBOX_OPTIONS = 10;
/** Options and placeholder of a multi-select menu (…/block-elements/multi-select-menu-element). */
export const MAX_SELECT_OPTIONS = 100;
export const MAX_PLACEHOLDER = 150;
/** Modal title, submit and close texts, private_metadata (https://docs.slack.dev/reference/views/modal-views). */
export const MAX_MODAL_TITLE = 24;
export const MAX_MODAL_BUTTON = 24;
export const MAX_PRIVATE_METADATA = 3000;
/** Input block label (…/blocks/input-block) and plain-text input max_length (…/block-elements/plain-text-input-element). */
export const MAX_INPUT_LABEL = 2000;
export const MAX_TEXT_INPUT = 3000;
/** Top-level `text`: chat.postMessage advises staying under 4,000 characters (https://docs.slack.dev/reference/methods/chat.postMessage). */
export const MAX_FALLBACK_TEXT = 4000;

/** Marks text that was cut. */
export const ELLIPSIS = '…';
/** callback_id of the typed-answer modal. */
export const INPUT_CALLBACK_ID = 'virt.input';
/** block_id / action_id of the text input inside that modal. */
export const INPUT_BLOCK_ID = 'answer';
export const INPUT_ACTION_ID = 'value';

const LABELS = {
  submit: { ja: '回答を送信', en: 'Submit' },
  answer: { ja: '回答を入力', en: 'Answer' },
  modalTitle: { ja: '回答', en: 'Your answer' },
  modalSubmit: { ja: '送信', en: 'Submit' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
} satisfies Record<string, LocalText>;

/** Escapes Slack's control characters & < > (https://docs.slack.dev/messaging/formatting-message-text#escaping). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapedLength(ch: string): number {
  return ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
}

/** Escapes `raw` and cuts it to at most `max` UTF-16 units, ending in "…" when cut (never inside an entity or a surrogate pair). */
export function fitEscaped(raw: string, max: number): string {
  const full = escapeText(raw);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of raw) {
    if (out.length + escapedLength(ch) + ELLIPSIS.length > max) break;
    out += escapeText(ch);
  }
  return out + ELLIPSIS;
}

/**
 * Escapes `raw` and splits it into chunks of at most `max` UTF-16 units, breaking at
 * a newline or space in the second half of a chunk when there is one.
 */
export function splitEscaped(raw: string, max: number): string[] {
  const out: string[] = [];
  let rest = raw;
  while (escapeText(rest).length > max) {
    let len = 0;
    let cut = 0;
    for (const ch of rest) {
      const e = escapedLength(ch);
      if (len + e > max) break;
      len += e;
      cut += ch.length;
    }
    const head = rest.slice(0, cut);
    const nl = head.lastIndexOf('\n');
    const sp = head.lastIndexOf(' ');
    const brk = nl > cut / 2 ? nl + 1 : sp > cut / 2 ? sp + 1 : cut;
    out.push(escapeText(rest.slice(0, brk)));
    rest = rest.slice(brk);
  }
  if (rest) out.push(escapeText(rest));
  return out.filter((c) => c.trim() !== '');
}

/**
 * What a control's `value` carries back to the adapter: the core's component id and,
 * for a typed answer, what the modal shows. (action_id must be unique in a message
 * and holds at most 255 characters, so the id travels here too.)
 */
export type ControlValue =
  | { k: 'b'; id: string }
  | { k: 's'; id: string }
  | { k: 'i'; id: string; l: string; p?: string; m: number };

/** JSON of `v`, at most MAX_BUTTON_VALUE characters (a modal's placeholder, then its label, are cut first). */
export function encodeValue(v: ControlValue): string {
  const s = JSON.stringify(v);
  if (s.length <= MAX_BUTTON_VALUE || v.k !== 'i') return s;
  const { p: _placeholder, ...rest } = v;
  let out = JSON.stringify(rest);
  // JSON escaping can lengthen the label, so cut by the measured excess and measure again.
  let label = rest.l;
  while (out.length > MAX_BUTTON_VALUE && label.length) {
    label = label.slice(0, Math.max(0, label.length - (out.length - MAX_BUTTON_VALUE) - ELLIPSIS.length));
    out = JSON.stringify({ ...rest, l: label + ELLIPSIS });
  }
  return out;
}

/** Parses a control's value; undefined when it is not one of ours. */
export function decodeValue(raw: unknown): ControlValue | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<{ k: string; id: unknown; l: unknown; p: unknown; m: unknown }>;
    if (typeof v.id !== 'string' || !v.id) return undefined;
    if (v.k === 'b' || v.k === 's') return { k: v.k, id: v.id };
    if (v.k === 'i') {
      const m = typeof v.m === 'number' && v.m > 0 ? Math.min(v.m, MAX_TEXT_INPUT) : MAX_TEXT_INPUT;
      return { k: 'i', id: v.id, l: typeof v.l === 'string' ? v.l : '', ...(typeof v.p === 'string' && v.p ? { p: v.p } : {}), m };
    }
  } catch {
    /* not ours */
  }
  return undefined;
}

/** Keeps action_ids unique within one message (Slack refuses duplicates). */
class ActionIds {
  private readonly used = new Set<string>();
  take(base: string): string {
    let id = base.slice(0, MAX_ACTION_ID);
    for (let n = 2; this.used.has(id); n++) {
      const suffix = `~${n}`;
      id = base.slice(0, MAX_ACTION_ID - suffix.length) + suffix;
    }
    this.used.add(id);
    return id;
  }
}

function plain(raw: string, max: number): PlainText {
  return { type: 'plain_text', text: fitEscaped(raw.trim() ? raw : ELLIPSIS, max), emoji: true };
}

function sectionOf(escaped: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: escaped, verbatim: true } };
}

function textSections(raw: string): SectionBlock[] {
  return splitEscaped(raw, MAX_SECTION_TEXT).map(sectionOf);
}

function codeSections(raw: string): SectionBlock[] {
  const fence = '```';
  return splitEscaped(raw, MAX_SECTION_TEXT - 2 * (fence.length + 1)).map((c) => sectionOf(`${fence}\n${c}\n${fence}`));
}

function fieldSections(fields: { label: string; value: string }[]): SectionBlock[] {
  const texts: string[] = [];
  for (const f of fields) {
    const label = f.label.trim() ? `*${fitEscaped(f.label, 200)}*` : '';
    const room = MAX_FIELD_TEXT - label.length - 1;
    const value = f.value.trim() ? fitEscaped(f.value, room) : '';
    const text = [label, value].filter(Boolean).join('\n');
    if (text) texts.push(text);
  }
  const out: SectionBlock[] = [];
  for (let i = 0; i < texts.length; i += MAX_SECTION_FIELDS) {
    out.push({ type: 'section', fields: texts.slice(i, i + MAX_SECTION_FIELDS).map((text) => ({ type: 'mrkdwn', text, verbatim: true })) });
  }
  return out;
}

function styleOf(s: Button['style']): ButtonElement['style'] | undefined {
  return s === 'primary' || s === 'success' ? 'primary' : s === 'danger' ? 'danger' : undefined;
}

function buttonsBlocks(buttons: Button[], ids: ActionIds): ActionsBlock[] {
  const elements: ButtonElement[] = buttons.map((b) => {
    const el: ButtonElement = { type: 'button', text: plain(b.label, MAX_BUTTON_TEXT), action_id: ids.take(b.id), value: encodeValue({ k: 'b', id: b.id }) };
    const style = styleOf(b.style);
    if (style) el.style = style;
    return el;
  });
  const out: ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += MAX_ACTIONS_ELEMENTS) out.push({ type: 'actions', elements: elements.slice(i, i + MAX_ACTIONS_ELEMENTS) });
  return out;
}

type SelectBlock = Extract<Block, { type: 'select' }>;

function selectBlocks(b: SelectBlock, ids: ActionIds, lang: Lang): KnownBlock[] {
  const out: KnownBlock[] = [];
  if (b.placeholder.trim()) out.push(...textSections(b.placeholder));
  const options = b.options.slice(0, MAX_SELECT_OPTIONS).map((o) => ({
    text: plain(o.label, MAX_OPTION_TEXT),
    value: o.value.slice(0, MAX_OPTION_VALUE),
  }));
  // A cut option label would hide part of an answer: list the full labels above.
  if (b.options.some((o) => escapeText(o.label).length > MAX_OPTION_TEXT) || b.options.length > MAX_SELECT_OPTIONS) {
    out.push(...textSections(b.options.map((o) => `• ${o.label}`).join('\n')));
  }
  const max = Math.max(1, Math.min(b.max, options.length));
  const pick: types.Checkboxes | types.MultiStaticSelect =
    options.length <= MAX_CHECKBOX_OPTIONS
      ? { type: 'checkboxes', action_id: ids.take(`${b.id}#pick`), options }
      : { type: 'multi_static_select', action_id: ids.take(`${b.id}#pick`), placeholder: plain(b.placeholder || ELLIPSIS, MAX_PLACEHOLDER), options, max_selected_items: max };
  const submit: ButtonElement = { type: 'button', style: 'primary', text: plain(t(LABELS.submit, lang), MAX_BUTTON_TEXT), action_id: ids.take(b.id), value: encodeValue({ k: 's', id: b.id }) };
  out.push({ type: 'actions', elements: [pick, submit] });
  return out;
}

type InputBlock = Extract<Block, { type: 'input' }>;

function inputBlocks(b: InputBlock, ids: ActionIds, lang: Lang): KnownBlock[] {
  const value = encodeValue({ k: 'i', id: b.id, l: b.label, ...(b.placeholder ? { p: b.placeholder } : {}), m: b.maxLength });
  const button: ButtonElement = { type: 'button', style: 'primary', text: plain(t(LABELS.answer, lang), MAX_BUTTON_TEXT), action_id: ids.take(b.id), value };
  const sections = textSections(b.label.trim() ? b.label : ELLIPSIS);
  const last = sections[sections.length - 1]!;
  last.accessory = button;
  return sections;
}

function renderBlock(b: Block, ids: ActionIds, lang: Lang): KnownBlock[] {
  switch (b.type) {
    case 'text':
      return textSections(b.text);
    case 'code':
      return codeSections(b.text);
    case 'fields':
      return fieldSections(b.fields);
    case 'buttons':
      return buttonsBlocks(b.buttons, ids);
    case 'select':
      return selectBlocks(b, ids, lang);
    case 'input':
      return inputBlocks(b, ids, lang);
    case 'divider':
      return [{ type: 'divider' }];
  }
}

function isPlainTextSection(b: KnownBlock): b is SectionBlock & { text: types.MrkdwnElement } {
  return b.type === 'section' && !b.fields && !b.accessory && b.text?.type === 'mrkdwn' && !b.text.text.startsWith('```');
}

function isKept(b: KnownBlock): boolean {
  return b.type === 'actions' || b.type === 'header' || (b.type === 'section' && !!b.accessory);
}

/** Joins neighbouring text sections into as few as fit (used only when a message has too many blocks). */
function packSections(blocks: KnownBlock[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (prev && isPlainTextSection(prev) && isPlainTextSection(b) && prev.text.text.length + 1 + b.text.text.length <= MAX_SECTION_TEXT) {
      out[out.length - 1] = sectionOf(`${prev.text.text}\n${b.text.text}`);
    } else out.push(b);
  }
  return out;
}

/**
 * Fits a block list into MAX_BLOCKS: first packs text sections, then keeps the header
 * and every interactive block and as many of the others (in order) as fit, ending
 * with a visible "… (+N)" for what was left out.
 */
export function fitBlockBudget(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const packed = packSections(blocks);
  if (packed.length <= MAX_BLOCKS) return packed;
  const kept = packed.filter(isKept).length;
  let room = Math.max(0, MAX_BLOCKS - 1 - kept);
  let dropped = 0;
  const out: KnownBlock[] = [];
  for (const b of packed) {
    if (isKept(b)) out.push(b);
    else if (room > 0) {
      out.push(b);
      room--;
    } else dropped++;
  }
  const marker = sectionOf(`${ELLIPSIS} (+${dropped})`);
  if (out.length >= MAX_BLOCKS) return [...out.slice(0, MAX_BLOCKS - 1), marker];
  return [...out, marker];
}

/** A Slack message body: fallback `text` plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Renders `m` for chat.postMessage / chat.update / respond. `lang` picks the labels
 * the adapter adds (submit, answer); `notice` (plain text) goes first, e.g. a hint
 * to invite the bot.
 */
export function renderMessage(m: Message, lang: Lang, notice?: string): SlackMessage {
  const ids = new ActionIds();
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(...textSections(notice));
  if (m.title?.trim()) blocks.push({ type: 'header', text: plain(m.title, MAX_HEADER_TEXT) });
  for (const b of m.blocks) blocks.push(...renderBlock(b, ids, lang));
  const fallbackRaw = [notice, m.fallback.trim() ? m.fallback : m.title].filter((x): x is string => !!x && !!x.trim()).join('\n');
  return { text: fitEscaped(fallbackRaw || ELLIPSIS, MAX_FALLBACK_TEXT), blocks: fitBlockBudget(blocks) };
}

/** What the typed-answer modal shows and where its submission goes. */
export interface InputSpec {
  /** The core's component id. */
  id: string;
  label: string;
  placeholder?: string;
  maxLength: number;
}

/** The modal for a typed answer (views.open); `privateMetadata` comes back on view_submission. */
export function renderInputModal(spec: InputSpec, privateMetadata: string, lang: Lang): types.ModalView {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: INPUT_ACTION_ID,
    max_length: Math.max(1, Math.min(spec.maxLength, MAX_TEXT_INPUT)),
    focus_on_load: true,
  };
  if (spec.placeholder?.trim()) element.placeholder = plain(spec.placeholder, MAX_PLACEHOLDER);
  return {
    type: 'modal',
    callback_id: INPUT_CALLBACK_ID,
    private_metadata: privateMetadata.length <= MAX_PRIVATE_METADATA ? privateMetadata : '',
    title: plain(t(LABELS.modalTitle, lang), MAX_MODAL_TITLE),
    submit: plain(t(LABELS.modalSubmit, lang), MAX_MODAL_BUTTON),
    close: plain(t(LABELS.cancel, lang), MAX_MODAL_BUTTON),
    blocks: [{ type: 'input', block_id: INPUT_BLOCK_ID, label: plain(spec.label.trim() ? spec.label : t(LABELS.answer, lang), MAX_INPUT_LABEL), element }],
  };
}
