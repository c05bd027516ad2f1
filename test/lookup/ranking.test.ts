/** Ranking rules of the lookup engine, on a small made-up knowledge base. */
import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../src/content/schema.js';
import { createLookup } from '../../src/core/lookup/engine.js';

interface Spec {
  id: string;
  term: string;
  kind?: KbEntry['kind'];
  aliases?: string[];
  ja?: string[];
  en?: string[];
  summary?: [string, string];
  objectives?: KbEntry['objectives'];
}

function entry(s: Spec): KbEntry {
  const [ja, en] = s.summary ?? [`${s.term} の説明。`, `About ${s.term}.`];
  return {
    id: s.id,
    term: s.term,
    kind: s.kind ?? 'subcommand',
    objectives: s.objectives ?? ['330.5'],
    objectives305: [],
    summary: { ja, en },
    detail: { ja: '詳細。', en: 'Details.' },
    examples: [],
    aliases: s.aliases ?? [],
    keywords: { ja: s.ja ?? [], en: s.en ?? [] },
    related: [],
    equivalents: [],
  };
}

const KB: KbEntry[] = [
  entry({ id: 'virsh', term: 'virsh', kind: 'command', en: ['libvirt shell'] }),
  entry({ id: 'virsh-list', term: 'virsh list', ja: ['一覧', '仮想マシン一覧'], en: ['list', 'domains'] }),
  entry({ id: 'virsh-snapshot-list', term: 'virsh snapshot-list', ja: ['スナップショット一覧'], en: ['snapshots'] }),
  entry({ id: 'virsh-snapshot-create-as', term: 'virsh snapshot-create-as', ja: ['スナップショット', '作成'] }),
  entry({ id: 'xl', term: 'xl', kind: 'command' }),
  entry({ id: 'xl-list', term: 'xl list', aliases: ['xm list'], ja: ['一覧'] }),
  entry({ id: 'xl-create', term: 'xl create', aliases: ['xm create'], ja: ['起動', 'コンソール'] }),
  entry({ id: 'xl-console', term: 'xl console', ja: ['コンソール'], summary: ['ドメインのコンソールに接続する。', 'Attaches to the console.'] }),
  entry({ id: 'qemu', term: 'QEMU', kind: 'product' }),
  entry({ id: 'qemu-system-x86-64', term: 'qemu-system-x86_64', kind: 'command', aliases: ['qemu x86_64'] }),
  entry({ id: 'qemu-m', term: '-m', kind: 'option', ja: ['メモリ量'], en: ['memory'] }),
  entry({ id: 'qemu-monitor-option', term: '-monitor', kind: 'option', en: ['monitor'] }),
  entry({ id: 'qemu-monitor', term: 'QEMU monitor', kind: 'concept', en: ['console'] }),
  entry({ id: 'qemu-img', term: 'qemu-img', kind: 'command' }),
  entry({ id: 'qemu-img-snapshot', term: 'qemu-img snapshot', ja: ['スナップショット', '一覧'], en: ['snapshot', 'list'] }),
  entry({ id: 'dom0', term: 'dom0', kind: 'concept', aliases: ['Domain-0'], summary: ['管理ドメイン。', 'The management domain; it has its own memory.'] }),
  entry({ id: 'dom0-mem', term: 'dom0_mem', kind: 'option', en: ['dom0 memory', 'boot parameter'] }),
  entry({ id: 'hypervisor', term: 'hypervisor', kind: 'concept', aliases: ['VMM'], ja: ['ハイパーバイザー'] }),
  entry({ id: 'live-migration', term: 'live migration', kind: 'concept', aliases: ['ライブマイグレーション'] }),
  entry({ id: 'keyword-only', term: 'zzz-tool', kind: 'command', en: ['frobnicate'] }),
  entry({ id: 'summary-only', term: 'yyy-tool', kind: 'command', summary: ['何かする。', 'It will frobnicate things.'] }),
  entry({ id: 'alias-holder', term: 'www-tool', kind: 'command', aliases: ['frobnicate'] }),
];

const lookup = createLookup(KB, {
  onError: (e) => {
    throw e;
  },
});
const first = (q: string) => lookup.search(q).hits[0]?.entry.id;
const ids = (q: string, n = 5) => lookup.search(q, n).hits.map((h) => h.entry.id);

describe('names', () => {
  it('an exact term is first and confident', () => {
    const r = lookup.search('virsh list');
    expect(r.hits[0]?.entry.id).toBe('virsh-list');
    expect(r.confident).toBe(true);
  });

  it('term > alias > keyword > summary for the same word', () => {
    expect(ids('frobnicate', 3)).toEqual(['alias-holder', 'keyword-only', 'summary-only']);
  });

  it('an alias finds its entry', () => {
    expect(first('xm list')).toBe('xl-list');
    expect(first('Domain-0')).toBe('dom0');
  });

  it('ignores case, width and separators', () => {
    expect(first('ＶＩＲＳＨ　ＬＩＳＴ')).toBe('virsh-list');
    expect(first('virsh-list')).toBe('virsh-list');
    expect(first('virshlist')).toBe('virsh-list');
    expect(first('QEMU_IMG')).toBe('qemu-img');
  });

  it('an option is not the word it is spelled with', () => {
    expect(first('-monitor')).toBe('qemu-monitor-option');
    expect(first('monitor')).not.toBe('qemu-monitor-option');
  });
});

describe('command lines', () => {
  it('strips options and arguments after the longest known command', () => {
    expect(first('virsh list --all')).toBe('virsh-list');
    expect(first('qemu-img snapshot -l disk.qcow2')).toBe('qemu-img-snapshot');
    expect(first('xl create -c /etc/xen/vm1.cfg')).toBe('xl-create');
    expect(lookup.search('virsh list --all').confident).toBe(true);
  });

  it('finds the option of the command (under the qemu family name)', () => {
    expect(first('qemu-system-x86_64 -m 2048')).toBe('qemu-m');
    expect(ids('qemu-system-x86_64 -m 2048', 2)).toEqual(['qemu-m', 'qemu-system-x86-64']);
    expect(first('qemu -monitor stdio')).toBe('qemu-monitor-option');
  });

  it('reads name=value as the name', () => {
    expect(first('dom0_mem=1024M,max:1024M')).toBe('dom0-mem');
  });

  it('offers the subcommands a partial word starts, unconfident', () => {
    const r = lookup.search('virsh snapshot');
    expect(r.confident).toBe(false);
    expect(r.hits.map((h) => h.entry.id).slice(0, 2).sort()).toEqual(['virsh-snapshot-create-as', 'virsh-snapshot-list']);
  });

  it('completes a unique partial subcommand confidently', () => {
    const r = lookup.search('qemu-img snap');
    expect(r.hits[0]?.entry.id).toBe('qemu-img-snapshot');
  });

  it('does not read Japanese after a command as its argument', () => {
    expect(first('xl コンソール')).toBe('xl-console');
  });
});

describe('typos', () => {
  it('corrects a misspelt subcommand', () => {
    expect(first('xl lst')).toBe('xl-list');
    expect(first('virsh lsit')).toBe('virsh-list');
    expect(first('virsh lsit --all')).toBe('virsh-list');
    expect(first('vrish list')).toBe('virsh-list');
  });

  it('corrects a misspelt single word', () => {
    expect(first('hypervisr')).toBe('hypervisor');
  });
});

describe('Japanese', () => {
  it('a keyword phrase matches with or without spaces', () => {
    expect(first('スナップショット 一覧')).toBe('virsh-snapshot-list');
    expect(first('スナップショット一覧')).toBe('virsh-snapshot-list');
  });

  it('half-width katakana is read as full-width', () => {
    expect(first('ﾗｲﾌﾞﾏｲｸﾞﾚｰｼｮﾝ')).toBe('live-migration');
  });

  it('a Japanese word meets the English term through the glossary', () => {
    expect(first('スナップショット 作成')).toBe('virsh-snapshot-create-as');
  });
});

describe('concepts', () => {
  it('words spread over term and keywords', () => {
    expect(first('dom0 memory')).toBe('dom0-mem');
  });
});

describe('confidence and limits', () => {
  it('nonsense finds nothing', () => {
    const r = lookup.search('qwpzxkjv');
    expect(r.hits).toEqual([]);
    expect(r.confident).toBe(false);
  });

  it('an empty or blank query finds nothing', () => {
    for (const q of ['', '   ', '\u3000\t\n']) expect(lookup.search(q)).toEqual({ normalized: '', hits: [], confident: false });
  });

  it('an unconfident answer shows at most 3 hits', () => {
    const r = lookup.search('一覧', 10);
    expect(r.confident).toBe(false);
    expect(r.hits.length).toBeLessThanOrEqual(3);
  });

  it('respects the limit', () => {
    expect(lookup.search('virsh list', 2).hits.length).toBeLessThanOrEqual(2);
    expect(lookup.search('virsh list', 0).hits).toEqual([]);
  });

  it('reports the normalised query', () => {
    expect(lookup.search('  ＸＬ　ｌｉｓｔ ').normalized).toBe('xl list');
  });
});

describe('suggest', () => {
  it('prefers terms that start with the text, then word starts, then aliases', () => {
    expect(lookup.suggest('virsh s', 5).map((h) => h.entry.id)).toEqual(['virsh-snapshot-list', 'virsh-snapshot-create-as']);
    // Word starts, shorter terms first.
    expect(lookup.suggest('snap', 5).map((h) => h.entry.id)).toEqual(['qemu-img-snapshot', 'virsh-snapshot-list', 'virsh-snapshot-create-as']);
    expect(lookup.suggest('xm', 5).map((h) => h.entry.id)).toEqual(['xl-list', 'xl-create']);
  });

  it('caps at 25 and at the limit', () => {
    expect(lookup.suggest('', 25)).toEqual([]);
    expect(lookup.suggest('x', 1)).toHaveLength(1);
    expect(lookup.suggest('x', 100).length).toBeLessThanOrEqual(25);
  });

  it('falls back to ranked search for typos and Japanese', () => {
    expect(lookup.suggest('hypervisr', 5)[0]?.entry.id).toBe('hypervisor');
    expect(lookup.suggest('ハイパーバイザー', 5)[0]?.entry.id).toBe('hypervisor');
  });
});
