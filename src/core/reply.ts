/** Small builders for replies and messages. */
import type { Block, Message, Reply } from './model.js';

/** Plain text of blocks, for `Message.fallback`. */
export function fallbackOf(title: string | undefined, blocks: readonly Block[]): string {
  const parts: string[] = title ? [title] : [];
  for (const b of blocks) {
    if (b.type === 'text' || b.type === 'code') parts.push(b.text);
    else if (b.type === 'fields') parts.push(b.fields.map((f) => `${f.label}: ${f.value}`).join('\n'));
    else if (b.type === 'buttons') parts.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
    // The options repeat what a text block above already lists (the choices); the placeholder says what to do.
    else if (b.type === 'select') parts.push(`[${b.placeholder}]`);
  }
  return parts.join('\n');
}

/** A message with its fallback computed. */
export function message(title: string | undefined, blocks: Block[]): Message {
  return { ...(title ? { title } : {}), blocks, fallback: fallbackOf(title, blocks) };
}

/** `s` cut to at most `max` characters (code points), the last one a visible "…" when it was cut. */
export function cut(s: string, max: number): string {
  return [...s].length <= max ? s : [...s].slice(0, max - 1).join('') + '…';
}

export function privateText(text: string): Reply {
  return { visibility: 'private', message: message(undefined, [{ type: 'text', text }]) };
}

export function reply(visibility: Reply['visibility'], title: string | undefined, blocks: Block[]): Reply {
  return { visibility, message: message(title, blocks) };
}
