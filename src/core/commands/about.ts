/** `/virt about`: version, uptime, content counts and the adapters running. */
import { OBJECTIVE_IDS, type Lang } from '../../content/schema.js';
import type { CommandDecl } from '../command.js';
import { t } from '../i18n.js';
import { reply } from '../reply.js';
import type { Services } from '../services.js';

/** The facts /virt about and GET /healthz show (uptime in whole seconds). */
export function aboutFacts(services: Services) {
  const { content, runtime, clock } = services;
  return {
    version: runtime.version,
    uptimeSeconds: Math.max(0, Math.floor((clock.now().getTime() - runtime.startedAt.getTime()) / 1000)),
    entries: content.entries.length,
    questions: content.questions.length,
    questionsPerObjective: Object.fromEntries(OBJECTIVE_IDS.map((o) => [o, content.questions.filter((q) => q.objective === o).length])),
    adapters: runtime.adapters(),
  };
}

/** Whole days, hours and minutes of `s` seconds in `lang`: '1 日 2 時間 5 分' / '1d 2h 5m'. */
function duration(s: number, lang: Lang): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (lang === 'ja') return `${d ? `${d} 日 ` : ''}${h} 時間 ${m} 分`;
  return `${d ? `${d}d ` : ''}${h}h ${m}m`;
}

export const aboutCommand: CommandDecl = {
  name: 'about',
  description: { ja: 'バージョン・稼働時間・収録数', en: 'Version, uptime and content counts' },
  options: [],
  run({ lang, services }) {
    const f = aboutFacts(services);
    return reply('private', `virtbot ${f.version}`, [
      {
        type: 'fields',
        fields: [
          { label: t({ ja: '稼働時間', en: 'Uptime' }, lang), value: duration(f.uptimeSeconds, lang) },
          { label: t({ ja: '解説項目', en: 'Entries' }, lang), value: String(f.entries) },
          { label: t({ ja: '問題数', en: 'Questions' }, lang), value: `${f.questions} (${Object.entries(f.questionsPerObjective).map(([o, n]) => `${o}: ${n}`).join(', ')})` },
          { label: t({ ja: 'アダプター', en: 'Adapters' }, lang), value: f.adapters.map((a) => `${a.platform}${a.connected ? '' : t({ ja: '（未接続）', en: ' (disconnected)' }, lang)}`).join(', ') || '-' },
        ],
      },
    ]);
  },
};
