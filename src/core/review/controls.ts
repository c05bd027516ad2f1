/**
 * Reuses the quiz's question and result messages for review and exam: the quiz
 * renders them (buttons / "choose N" select / typed input); these helpers only
 * re-address their component ids so the answers reach the review or exam actions
 * (which then call the quiz to check and record), and swap the quiz's "next
 * question" button for the review's own.
 */
import type { Block, Button, Message } from '../model.js';
import { message } from '../reply.js';
import { QUIZ_IDS } from '../quiz/render.js';

/** Prefixes that replace the quiz's answer ids: `quiz.a:<rest>` becomes `<answer>:<rest>`, and so on. */
export interface AnswerIds {
  answer: string;
  multi: string;
  typed: string;
}

function swapPrefix(id: string, ids: AnswerIds): string {
  for (const [from, to] of [
    [QUIZ_IDS.answer, ids.answer],
    [QUIZ_IDS.multi, ids.multi],
    [QUIZ_IDS.typed, ids.typed],
  ] as const) {
    if (id.startsWith(from + ':')) return to + id.slice(from.length);
  }
  return id;
}

/**
 * The quiz's question message with its answer controls re-addressed to `ids`, and
 * `before` / `after` blocks added around the quiz's blocks. Ids stay within
 * Discord's 100-character custom_id limit as long as each prefix is at most 12 characters longer than the quiz's.
 */
export function readdress(m: Message, ids: AnswerIds, extra: { title?: string; before?: Block[]; after?: Block[] } = {}): Message {
  const blocks = m.blocks.map((b): Block => {
    if (b.type === 'buttons') return { ...b, buttons: b.buttons.map((x) => ({ ...x, id: swapPrefix(x.id, ids) })) };
    if (b.type === 'select' || b.type === 'input') return { ...b, id: swapPrefix(b.id, ids) };
    return b;
  });
  return message(extra.title ?? m.title, [...(extra.before ?? []), ...blocks, ...(extra.after ?? [])]);
}

/**
 * The quiz's result message with its "next question" button replaced by `next`
 * (other buttons, such as knowledge-base links, kept) and `after` blocks added
 * before the buttons.
 */
export function withNext(m: Message, next: Button, after: Block[] = []): Message {
  const blocks: Block[] = [];
  let placed = false;
  for (const b of m.blocks) {
    if (b.type === 'buttons' && !placed) {
      blocks.push(...after);
      const rest = b.buttons.filter((x) => !x.id.startsWith(QUIZ_IDS.next + ':'));
      blocks.push({ type: 'buttons', buttons: [next, ...rest] });
      placed = true;
    } else blocks.push(b);
  }
  if (!placed) blocks.push(...after, { type: 'buttons', buttons: [next] });
  return message(m.title, blocks);
}
