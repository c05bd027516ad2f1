/** The renderer keeps every Discord limit: over-long text is split or cut with "…", never rejected. */
import { describe, expect, it } from 'vitest';
import { MAX_PAGES, buildComponents, modalOpenerId, parseModalOpenerId, renderMessage, renderModal } from '../../src/adapters/discord/render.js';
import type { Block, Message } from '../../src/core/model.js';
import { message } from '../../src/core/reply.js';
import { limitViolations } from './harness.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

function allText(pages: ReturnType<typeof renderMessage>): string {
  return pages.flatMap((p) => [p.content ?? '', ...p.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])]).join('\n');
}

describe('renderMessage', () => {
  it('a short private text goes as plain content', () => {
    const [p, ...rest] = renderMessage(message(undefined, [{ type: 'text', text: 'hello *world*' }]));
    expect(rest).toEqual([]);
    expect(p!.content).toBe('hello \\*world\\*');
    expect(p!.embeds).toEqual([]);
    expect(p!.allowedMentions).toEqual({ parse: [] });
  });

  it('splits a 10,000-character explanation over embeds of at most 4,096 characters, losing nothing', () => {
    const long = words(1100); // ~ 9,900 characters
    expect(long.length).toBeGreaterThan(4096 * 2);
    const pages = renderMessage(message('Explanation', [{ type: 'text', text: long }]));
    for (const p of pages) expect(limitViolations(p)).toEqual([]);
    const descriptions = pages.flatMap((p) => p.embeds.map((e) => e.description ?? ''));
    expect(descriptions.length).toBeGreaterThanOrEqual(3);
    // Every word survives, in order.
    expect(descriptions.join(' ').replace(/\s+/g, ' ')).toBe(long);
    expect(pages[0]!.embeds[0]!.title).toBe('Explanation');
  });

  it('cuts text past MAX_PAGES messages with a visible "…"', () => {
    const huge = 'x'.repeat(60_000);
    const pages = renderMessage(message('t', [{ type: 'text', text: huge }]));
    expect(pages).toHaveLength(MAX_PAGES);
    for (const p of pages) expect(limitViolations(p)).toEqual([]);
    const last = pages.at(-1)!.embeds.at(-1)!;
    expect(last.description!.endsWith('…')).toBe(true);
  });

  it('a one-page render (edits) of a long message fits and ends in "…"', () => {
    const pages = renderMessage(message('t', [{ type: 'text', text: words(2000) }]), 1);
    expect(pages).toHaveLength(1);
    expect(limitViolations(pages[0])).toEqual([]);
    expect(allText(pages).endsWith('…')).toBe(true);
  });

  it('cuts long titles, field names and values; splits 60 fields over embeds', () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ label: `L${i} ${'n'.repeat(300)}`, value: 'v'.repeat(2000) }));
    const pages = renderMessage(message('T'.repeat(300), [{ type: 'fields', fields }]), 50);
    for (const p of pages) expect(limitViolations(p)).toEqual([]);
    const first = pages[0]!.embeds[0]!;
    expect(first.title).toHaveLength(256);
    expect(first.title!.endsWith('…')).toBe(true);
    expect(first.fields![0]!.value).toHaveLength(1024);
    expect(first.fields![0]!.value.endsWith('…')).toBe(true);
    expect(pages.flatMap((p) => p.embeds.flatMap((e) => e.fields ?? []))).toHaveLength(60);
  });

  it('keeps a code block closed when it is split, and breaks ``` inside it', () => {
    const code = Array.from({ length: 400 }, (_, i) => `line ${i} \`\`\` $ xl list`).join('\n');
    const pages = renderMessage(message('c', [{ type: 'code', text: code }]));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBeLessThanOrEqual(MAX_PAGES);
    for (const p of pages) expect(limitViolations(p)).toEqual([]);
    for (const e of pages.flatMap((p) => p.embeds)) {
      const fences = (e.description!.match(/^```$|^```\n|\n```$/gm) ?? []).length;
      expect(e.description!.startsWith('```\n')).toBe(true);
      expect(e.description!.endsWith('\n```')).toBe(true);
      expect(fences % 2).toBe(0);
    }
  });

  it('escapes markdown and masked links in user text, and never lets mentions ping', () => {
    const [p] = renderMessage(message('t', [{ type: 'text', text: '@everyone **bold** [click](https://example.invalid) # head' }]));
    const d = p!.embeds[0]!.description!;
    expect(d).toContain('\\*\\*bold\\*\\*');
    expect(d).not.toMatch(/(?<!\\)\[click\]\(/);
    expect(p!.allowedMentions).toEqual({ parse: [] });
  });
});

describe('components', () => {
  it('puts 5 buttons a row, at most 5 rows, labels <= 80, drops ids over 100', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ id: `b:${i}`, label: `label ${i} ${'x'.repeat(100)}` }));
    const blocks: Block[] = [{ type: 'buttons', buttons: [{ id: 'x'.repeat(101), label: 'too long id' }, ...buttons] }];
    const rows = buildComponents(blocks);
    expect(rows).toHaveLength(5);
    expect(limitViolations({ content: 'x', components: rows })).toEqual([]);
    const ids = rows.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).not.toContain('x'.repeat(101));
    expect(ids[0]).toBe('b:0');
  });

  it('renders a "choose two" select with min = max = 2 and an input block as a modal-opening button', () => {
    const blocks: Block[] = [
      { type: 'select', id: 'quiz.m:7', placeholder: 'Choose 2', min: 2, max: 2, options: ['A', 'B', 'C', 'D', 'E'].map((l) => ({ value: l, label: `${l}. choice` })) },
      { type: 'input', id: 'quiz.t:8', label: 'Answer', maxLength: 200 },
    ];
    const rows = buildComponents(blocks);
    const select = rows[0]!.components[0] as any;
    expect(select).toMatchObject({ type: 3, custom_id: 'quiz.m:7', min_values: 2, max_values: 2 });
    expect(select.options).toHaveLength(5);
    const opener = rows[1]!.components[0] as any;
    expect(opener.type).toBe(2);
    expect(parseModalOpenerId(opener.custom_id)).toEqual({ inputId: 'quiz.t:8', maxLength: 200 });
  });

  it('an opener id that would pass 100 characters is not rendered; core ids are not mistaken for openers', () => {
    expect(modalOpenerId('q'.repeat(95), 200)).toBeUndefined();
    expect(parseModalOpenerId('quiz.a:1:B')).toBeUndefined();
  });

  it('a modal: title and label cut to 45, one required text input in a Label', () => {
    const m = renderModal('quiz.t:8', 'Q'.repeat(60), 'L'.repeat(60), 200);
    expect(m.title).toHaveLength(45);
    const label = m.components[0] as any;
    expect(label.type).toBe(18);
    expect(label.label).toHaveLength(45);
    expect(label.component).toMatchObject({ type: 4, custom_id: 'value', required: true, max_length: 200 });
  });

  it('a message with only buttons still has content', () => {
    const m: Message = message(undefined, [{ type: 'buttons', buttons: [{ id: 'a:1', label: 'A' }] }]);
    const [p] = renderMessage(m);
    expect(limitViolations(p)).toEqual([]);
    expect(p!.content).toBeTruthy();
  });
});
