/**
 * Block Kit rendering within Slack's limits. Validity is judged by the fake's own
 * limit table (test/fakes/slack.ts), written from the Slack docs independently of the
 * renderer's constants; the end-to-end cases go through chat.postMessage on the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue, renderInputModal, renderMessage } from '../../src/adapters/slack/render.js';
import type { Block, Message } from '../../src/core/model.js';
import { message } from '../../src/core/reply.js';
import { blockProblems, messageProblems, viewProblems } from '../fakes/slack.js';
import { slackRig, type SlackRig, buttonsIn } from './harness.js';

type J = Record<string, any>;

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const sectionTexts = (blocks: J[]) => blocks.filter((b) => b.type === 'section' && b.text).map((b) => String(b.text.text));
const valid = (m: Message) => {
  const r = renderMessage(m, 'en');
  expect(messageProblems(r as unknown as J)).toEqual([]);
  return r as unknown as { text: string; blocks: J[] };
};

function explanation(n: number): string {
  const words: string[] = [];
  for (let i = 0; words.join(' ').length < n; i++) words.push(`word${i}${i % 7 === 0 ? ' & <virsh>' : ''}`);
  return words.join(' ').slice(0, n);
}

describe('text', () => {
  it('a 3,500-character explanation is split into sections of at most 3,000 characters, losing nothing', () => {
    const text = explanation(3500);
    const r = valid(message('Explanation', [{ type: 'text', text }]));
    const parts = sectionTexts(r.blocks);
    expect(parts.length).toBe(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3000);
      // No entity was cut in half.
      expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(unescape(parts.join(''))).toBe(text);
  });

  it('a text of 3,000 ampersands still fits (the limit counts the escaped text)', () => {
    const text = '&'.repeat(3000);
    const r = valid(message(undefined, [{ type: 'text', text }]));
    expect(unescape(sectionTexts(r.blocks).join(''))).toBe(text);
  });

  it('cuts a 200-character title to the 150-character header with a visible "…"', () => {
    const r = valid(message('T'.repeat(200), [{ type: 'text', text: 'body' }]));
    const header = r.blocks[0]!;
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair when cutting', () => {
    const r = valid(message('🐧'.repeat(100), [{ type: 'text', text: '🐧'.repeat(2000) }]));
    const all = JSON.stringify(r.blocks);
    expect(all).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
    expect(r.blocks[0]!.text.text.endsWith('…')).toBe(true);
  });

  it('always sends a top-level text fallback, escaped and cut to 4,000 characters', () => {
    const empty = renderMessage({ blocks: [{ type: 'divider' }], fallback: '' }, 'en');
    expect(empty.text.length).toBeGreaterThan(0);
    const long = renderMessage({ blocks: [{ type: 'text', text: 'x' }], fallback: '<!here> ' + 'y'.repeat(10_000) }, 'en');
    expect(long.text.length).toBeLessThanOrEqual(4000);
    expect(long.text.startsWith('&lt;!here&gt;')).toBe(true);
    expect(long.text.endsWith('…')).toBe(true);
  });

  it('skips empty text blocks instead of sending empty sections', () => {
    const r = valid(message(undefined, [{ type: 'text', text: '' }, { type: 'text', text: '   ' }, { type: 'text', text: 'real' }]));
    expect(r.blocks).toHaveLength(1);
  });

  it('escapes code blocks and keeps them fenced within the limit', () => {
    const code = Array.from({ length: 200 }, (_, i) => `$ virsh list --all <${i}> && echo ok`).join('\n');
    const r = valid(message(undefined, [{ type: 'code', text: code }]));
    const parts = sectionTexts(r.blocks);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.startsWith('```\n') && p.endsWith('\n```')).toBe(true);
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).not.toMatch(/<\d+>/);
    }
  });
});

describe('a 60-row list', () => {
  const rows = Array.from({ length: 60 }, (_, i) => `${i + 1}. user-${i} — ${100 - i} points & a long enough tail to make the row realistic`);

  it('as one text block: split into sections, every row kept', () => {
    const r = valid(message('Leaderboard', [{ type: 'text', text: rows.join('\n') }]));
    const joined = unescape(sectionTexts(r.blocks).join(''));
    for (const row of rows) expect(joined).toContain(row);
  });

  it('as 60 text blocks: packed under 50 blocks, every row kept', () => {
    const r = valid(message('Leaderboard', rows.map((text): Block => ({ type: 'text', text }))));
    expect(r.blocks.length).toBeLessThanOrEqual(50);
    const joined = unescape(sectionTexts(r.blocks).join('\n'));
    for (const row of rows) expect(joined).toContain(row);
  });

  it('as 60 fields: sections of at most 10 fields', () => {
    const r = valid(message(undefined, [{ type: 'fields', fields: rows.map((v, i) => ({ label: `#${i + 1}`, value: v })) }]));
    expect(r.blocks).toHaveLength(6);
    expect(r.blocks.every((b) => b.fields.length <= 10)).toBe(true);
  });

  it('as 60 buttons: actions blocks of at most 25, action_ids unique', () => {
    const r = valid(message(undefined, [{ type: 'buttons', buttons: rows.map((label, i) => ({ id: `ask.entry:e${i}`, label })) }]));
    expect(r.blocks.filter((b) => b.type === 'actions').map((b) => b.elements.length)).toEqual([25, 25, 10]);
  });

  it('as 60 code blocks with dividers and buttons: cut to 50 blocks with a visible "… (+N)", buttons kept', () => {
    const blocks: Block[] = [];
    for (const row of rows) blocks.push({ type: 'code', text: row }, { type: 'divider' });
    blocks.push({ type: 'buttons', buttons: [{ id: 'quiz.n:1', label: 'Next' }] });
    const r = valid(message('Many', blocks));
    expect(r.blocks.length).toBe(50);
    expect(buttonsIn(r.blocks).map((b) => b.action_id)).toEqual(['quiz.n:1']);
    const marker = r.blocks.at(-1)!;
    expect(marker.text.text).toMatch(/^… \(\+\d+\)$/);
  });
});

describe('controls', () => {
  it('cuts long button labels to 75 characters, maps styles, keeps action_ids unique and carries the core id in the value', () => {
    const long = 'L'.repeat(100);
    const id300 = 'ask.entry:' + 'x'.repeat(290);
    const r = valid(
      message(undefined, [
        {
          type: 'buttons',
          buttons: [
            { id: 'ask.entry:a', label: long, style: 'success' },
            { id: 'ask.entry:a', label: 'again', style: 'secondary' },
            { id: id300, label: 'long id', style: 'danger' },
          ],
        },
      ]),
    );
    const els = r.blocks[0]!.elements as J[];
    expect(els[0]!.text.text.length).toBeLessThanOrEqual(75);
    expect(els[0]!.text.text.endsWith('…')).toBe(true);
    expect(els.map((e) => e.style)).toEqual(['primary', undefined, 'danger']);
    expect(els[0]!.action_id).toBe('ask.entry:a');
    expect(els[1]!.action_id).not.toBe('ask.entry:a');
    expect(els.map((e) => decodeValue(e.value))).toEqual([
      { k: 'b', id: 'ask.entry:a' },
      { k: 'b', id: 'ask.entry:a' },
      { k: 'b', id: id300 },
    ]);
    expect(els[2]!.action_id.length).toBeLessThanOrEqual(255);
  });

  it('"choose two" becomes checkboxes plus a submit button in one actions block', () => {
    const r = valid(
      message(undefined, [{ type: 'select', id: 'quiz.m:7', placeholder: 'Choose two', min: 2, max: 2, options: ['A', 'B', 'C', 'D', 'E'].map((v) => ({ value: v, label: `${v}) option ${v}` })) }]),
    );
    const actions = r.blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements.map((e: J) => e.type)).toEqual(['checkboxes', 'button']);
    expect(actions.elements[0].options.map((o: J) => o.value)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(decodeValue(actions.elements[1].value)).toEqual({ k: 's', id: 'quiz.m:7' });
    expect(actions.elements[1].text.text).toBe('Submit');
  });

  it('more than 10 options become a multi-select with max_selected_items; long option labels are listed in full above', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ value: String.fromCharCode(65 + i), label: `${i}: ${'long label '.repeat(10)}` }));
    const r = valid(message(undefined, [{ type: 'select', id: 'quiz.m:8', placeholder: 'Pick three', min: 3, max: 3, options }]));
    const select = r.blocks.find((b) => b.type === 'actions')!.elements[0];
    expect(select.type).toBe('multi_static_select');
    expect(select.max_selected_items).toBe(3);
    expect(select.options.every((o: J) => o.text.text.length <= 75)).toBe(true);
    const listed = sectionTexts(r.blocks).join('\n');
    for (const o of options) expect(listed).toContain(o.label.trim());
  });

  it('a typed answer becomes a section with an "Answer" button whose value describes the modal', () => {
    const r = renderMessage(message(undefined, [{ type: 'input', id: 'quiz.t:9', label: 'Type the command', placeholder: 'virsh …', maxLength: 100 }]), 'ja');
    expect(messageProblems(r as unknown as J)).toEqual([]);
    const section = r.blocks[0] as J;
    expect(section.accessory.text.text).toBe('回答を入力');
    expect(decodeValue(section.accessory.value)).toEqual({ k: 'i', id: 'quiz.t:9', l: 'Type the command', p: 'virsh …', m: 100 });
  });

  it('the modal stays within the view limits even for a huge label and length', () => {
    const view = renderInputModal({ id: 'quiz.t:9', label: 'q'.repeat(2500), placeholder: 'p'.repeat(300), maxLength: 5000 }, '{"id":"quiz.t:9","c":"C1"}', 'en');
    expect(viewProblems(view as unknown as J)).toEqual([]);
    expect((view.blocks[0] as J).element.max_length).toBe(3000);
  });

  it('the fake refuses what Slack refuses (the validator itself has teeth)', () => {
    expect(blockProblems(Array.from({ length: 51 }, () => ({ type: 'divider' })))).not.toEqual([]);
    expect(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).not.toEqual([]);
    expect(blockProblems([{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'y' } }] }])).not.toEqual([]);
    expect(messageProblems({ blocks: [] })).toContain('missing top-level text fallback');
  });
});

describe('through chat.postMessage on the fake', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await slackRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a 3,500-character explanation and a 60-row list are accepted as valid blocks', async () => {
    const rows = Array.from({ length: 60 }, (_, i): Block => ({ type: 'text', text: `${i + 1}. row ${i}` }));
    const m = message('Explanation', [{ type: 'text', text: explanation(3500) }, ...rows, { type: 'buttons', buttons: [{ id: 'quiz.n:1', label: 'Next' }] }]);
    const r = await rig.adapter.poster.post({ platform: 'slack', workspaceId: rig.fake.teamId, channelId: 'C0LIMITS' }, m);
    expect(r.status).toBe('ok');
    const call = rig.fake.callsTo('chat.postMessage').at(-1)!;
    expect(call.response.ok).toBe(true);
    expect((call.args.blocks as J[]).length).toBeLessThanOrEqual(50);
  });
});
