/** The lookup engine's building blocks: normalisation, words, typo distance, synthetic KB. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { compactKey, isArgToken, isOptionToken, nameKey, normalize, queryWords } from '../../src/core/lookup/normalize.js';
import { syntheticEntries } from '../../src/core/lookup/synthetic.js';
import { editDistance } from '../../src/core/lookup/typos.js';

describe('normalize', () => {
  it('folds width, case, spaces and dash look-alikes', () => {
    expect(normalize('  ＶＩＲＳＨ　ｌｉｓｔ　－－ａｌｌ ')).toBe('virsh list --all');
    expect(normalize('ﾌﾞﾘｯｼﾞ')).toBe('ブリッジ');
    expect(normalize('virsh list \u2010\u2010all')).toBe('virsh list --all');
    expect(normalize('xl\u200b list\u0000')).toBe('xl list');
  });

  it('takes any value and cuts long input', () => {
    expect(normalize(undefined)).toBe('');
    expect(normalize(42)).toBe('42');
    expect(normalize('a'.repeat(5000)).length).toBe(200);
    expect(normalize('\ud800x')).toBe('x');
  });
});

describe('keys', () => {
  it('follow the KB id rule and keep an option dash', () => {
    expect(nameKey('virsh snapshot-list')).toBe('virsh-snapshot-list');
    expect(nameKey('/etc/xen/xl.conf')).toBe('etc-xen-xl-conf');
    expect(nameKey('dom0_mem')).toBe('dom0-mem');
    expect(nameKey('-monitor')).toBe('-monitor');
    expect(nameKey('--os-variant')).toBe('--os-variant');
    expect(compactKey('qemu-img')).toBe('qemuimg');
  });
});

describe('queryWords', () => {
  it('segments Japanese and drops particles and stop words', () => {
    expect(queryWords('ブリッジを作成する')).toEqual(['ブリッジ', '作成']);
    expect(queryWords('仮想cpuの割り当て')).toEqual(['仮想', 'cpu', '割り当て']);
    expect(queryWords('ライブマイグレーションとは')).toEqual(['ライブマイグレーション']);
    expect(queryWords('how to list the domains')).toEqual(['list', 'domains']);
  });

  it('keeps at most 6 words and drops arguments after the first token', () => {
    expect(queryWords('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toHaveLength(6);
    expect(queryWords('qemu-img create -f qcow2 disk.qcow2 20g')).toEqual(['qemu', 'img', 'create', 'qcow2']);
    expect(queryWords('/proc/cpuinfo')).toEqual(['proc', 'cpuinfo']);
  });
});

describe('command tokens', () => {
  it('tells options and arguments from words', () => {
    expect(['-l', '--all', '--os-variant=rhel9'].every(isOptionToken)).toBe(true);
    expect(['-', '--', 'list'].some(isOptionToken)).toBe(false);
    expect(['/etc/xen/vm1.cfg', 'disk.qcow2', '2048', '4g', 'a=b', 'qemu+ssh://h/system'].every(isArgToken)).toBe(true);
    expect(['list', 'web01'].some(isArgToken)).toBe(false);
  });
});

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('dokcer', 'docker')).toBe(1);
    expect(editDistance('lst', 'list')).toBe(1);
    expect(editDistance('abcd', 'abdf')).toBe(2);
  });
});

describe('syntheticEntries', () => {
  const base = loadContent().entries;

  it('starts with the real entries and is deterministic, with unique ids', () => {
    const a = syntheticEntries(base, 2000);
    const b = syntheticEntries(base, 2000);
    expect(a).toHaveLength(2000);
    expect(a.slice(0, base.length)).toEqual(base);
    expect(a).toEqual(b);
    expect(new Set(a.map((e) => e.id)).size).toBe(2000);
    expect(syntheticEntries([], 10)).toEqual([]);
  });
});
