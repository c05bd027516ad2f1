/** Renders the core's Reply as terminal text (buttons numbered) or as one JSON line. */
import type { Button, Reply } from '../../core/model.js';

/** Text for a terminal; `buttons` collects the numbered buttons in order (number = index + 1). */
export function renderText(reply: Reply, buttons: Button[]): string {
  const m = reply.message;
  const out: string[] = [];
  const tag = reply.visibility === 'private' ? '(非公開 / private) ' : '';
  if (m.title) out.push(`== ${tag}${m.title} ==`);
  else if (tag) out.push(tag.trim());
  for (const b of m.blocks) {
    switch (b.type) {
      case 'text':
        out.push(b.text);
        break;
      case 'code':
        out.push(b.text.split('\n').map((l) => `    ${l}`).join('\n'));
        break;
      case 'fields':
        out.push(b.fields.map((f) => `${f.label}: ${f.value}`).join('\n'));
        break;
      case 'buttons':
        out.push(
          b.buttons
            .map((x) => {
              buttons.push(x);
              return `[${buttons.length}] ${x.label}`;
            })
            .join('  '),
        );
        break;
      case 'select':
        out.push(`${b.placeholder}  (pick ${b.min === b.max ? b.min : `${b.min}-${b.max}`}: e.g. "pick ${b.options.slice(0, b.max).map((o) => o.value).join(' ')}")`);
        // Quiz choices are already in the text above as "A. …"; list only options the text does not show.
        if (!b.options.every((o) => o.label.startsWith(`${o.value}. `))) out.push(b.options.map((o) => `  ${o.value}) ${o.label}`).join('\n'));
        break;
      case 'input':
        out.push(`${b.label}  (type: answer <text>)`);
        break;
      case 'divider':
        out.push('---');
        break;
    }
  }
  if (reply.file) out.push(`--- ${reply.file.name} ---\n${reply.file.content}\n--- end of ${reply.file.name} ---`);
  return out.join('\n');
}

/** One JSON line: {"visibility", "message", ...}. */
export function renderJson(reply: Reply): string {
  return JSON.stringify(reply);
}
