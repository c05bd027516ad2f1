/** Review and exam test helpers: find the question a reply shows and build the console line that answers it. */
import type { Reply } from '../../src/core/model.js';
import type { Db } from '../../src/db/open.js';
import { keyOf, type Key } from '../quiz/helpers.js';

/** The quiz instance behind the answer controls of a reply whose ids start with `prefix` ('review.a:d', 'exam.a', 'quiz.a'), and the control prefix family. */
export function shown(r: Reply[], family: 'review' | 'exam' | 'quiz'): { id: number; answerPrefix: string } {
  for (const x of r) {
    for (const b of x.message.blocks) {
      const ids = b.type === 'buttons' ? b.buttons.map((y) => y.id) : b.type === 'select' || b.type === 'input' ? [b.id] : [];
      for (const id of ids) {
        const m = new RegExp(`^(${family.replace('.', '\\.')}\\.[amt](?::[dc])?):(\\d+)`).exec(id);
        if (m) return { id: Number(m[2]), answerPrefix: m[1]!.replace(/\.[amt]/, '') };
      }
    }
  }
  throw new Error(`no ${family} question in reply: ${JSON.stringify(r).slice(0, 500)}`);
}

/**
 * The console line that answers instance `id` right or wrong, through the controls
 * of `prefix` ('exam', 'review' + ':d' …): a click, a pick or a typed answer.
 */
export function answerLine(db: Db, id: number, prefix: string, right: boolean): { line: string; key: Key } {
  const key = keyOf(db, id);
  const [family, mode] = prefix.split(':');
  const p = (kind: string) => `${family}.${kind}${mode ? ':' + mode : ''}:${id}`;
  const q = key.question;
  if (q.kind === 'typed') return { key, line: `answer --id ${p('t')} ${right ? q.answers[0] : 'definitely-not-the-answer'}` };
  if (q.kind === 'single') return { key, line: `click ${p('a')}:${right ? key.right[0] : key.wrong[0]}` };
  const picks = right ? key.right : [...key.wrong.slice(0, 1), ...key.right.slice(1)];
  return { key, line: `pick --id ${p('m')} ${picks.join(' ')}` };
}
