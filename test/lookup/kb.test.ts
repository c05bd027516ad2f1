/**
 * The lookup engine on the real knowledge base (data/kb): every query in queries.yaml must
 * put its expected entry first. A case marked `gap` needs KB data that is not there yet and
 * is skipped (the bench still counts it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { createLookup } from '../../src/core/lookup/engine.js';

interface QueryCase {
  q: string;
  id: string;
  tag: string;
  gap?: string;
}

const cases = parse(readFileSync(new URL('./queries.yaml', import.meta.url), 'utf8')) as QueryCase[];
const { entries, entryById } = loadContent();
const errors: unknown[] = [];
const lookup = createLookup(entries, { onError: (e) => errors.push(e) });

describe('query set', () => {
  it('has at least 200 queries, 80 of them runnable, over every tag', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.filter((c) => !c.gap).length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.tag))).toEqual(new Set(['exact', 'alias', 'cmdline', 'option', 'typo', 'ja', 'width', 'concept', 'case']));
  });
});

describe('first hit on the real knowledge base', () => {
  for (const c of cases) {
    it.skipIf(Boolean(c.gap))(`[${c.tag}] ${c.q} -> ${c.id}`, () => {
      expect(entryById.has(c.id), `entry ${c.id} is not in data/kb`).toBe(true);
      const r = lookup.search(c.q);
      const got = r.hits.map((h) => `${h.entry.id} (${h.score})`).join(', ');
      expect(r.hits[0]?.entry.id, `got: ${got}`).toBe(c.id);
    });
  }

  it('swallowed no internal error', () => {
    expect(errors).toEqual([]);
  });
});

describe('on the real knowledge base', () => {
  it('an exact term is confident', () => {
    for (const q of ['xl list', 'virsh list --all', 'qemu-img', 'hypervisor']) expect(lookup.search(q).confident, q).toBe(true);
  });

  it('newcomer misses: コンテナ, a bare list, options alone', () => {
    const container = lookup.search('コンテナ');
    expect(container.confident).toBe(true);
    expect(container.hits[0]?.entry.id).toBe('container-virtualization');
    expect(lookup.search('list').hits.slice(0, 3).map((h) => h.entry.id)).toContain('virsh-list');
    // An option alone counts only for entries that write it: --help matched qemu-bridge-helper as text.
    for (const q of ['--help', '--version', '--usage', '-h', '--']) expect(lookup.search(q).hits, q).toEqual([]);
    expect(lookup.search('--all').hits[0]?.entry.id).toBe('virsh-list');
    expect(lookup.search('--os-variant').hits[0]?.entry.id).toBe('virt-install');
  });

  it('VBoxHeadless is a separate binary, not an alias of VBoxManage startvm, and still leads there', () => {
    const startvm = entryById.get('vboxmanage-startvm')!;
    expect(startvm.aliases).not.toContain('VBoxHeadless');
    expect(startvm.detail.en).toMatch(/VBoxHeadless is not another name/);
    expect(lookup.search('VBoxHeadless').hits[0]?.entry.id).toBe('vboxmanage-startvm');
  });

  it('builds in well under a second', () => {
    const start = performance.now();
    createLookup(entries);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('suggests terms for autocomplete', () => {
    const ids = lookup.suggest('virsh sn', 25).map((h) => h.entry.id);
    expect(ids).toContain('virsh-snapshot-list');
    expect(ids.every((id) => id.startsWith('virsh-sn'))).toBe(true);
    expect(lookup.suggest('xl', 25)).toHaveLength(25);
  });
});
