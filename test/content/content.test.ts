/** The knowledge base: schema, cross-references, coverage of the objectives and the seed, and no seed mistakes. */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, DEFAULT_DATA_DIR, loadContent } from '../../src/content/load.js';
import { OBJECTIVE_IDS } from '../../src/content/schema.js';
import { content, tempDir } from '../helpers/app.js';

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Every term or alias in the knowledge base, normalised. */
function names(): Set<string> {
  const out = new Set<string>();
  for (const e of content().entries) for (const n of [e.term, ...e.aliases]) out.add(norm(n));
  return out;
}

describe('knowledge base', () => {
  it('loads with no problems and has at least 150 entries', () => {
    expect(content().entries.length).toBeGreaterThanOrEqual(150);
  });

  it('covers every objective 330.1-330.6', () => {
    for (const o of OBJECTIVE_IDS) expect(content().entries.filter((e) => e.objectives.includes(o)).length, o).toBeGreaterThanOrEqual(8);
  });

  // Terms of 304 v2.0 topic 330 (../shared/content/objectives.md); each must be an entry's term or alias.
  const objectiveTerms: string[][] = [
    ['hypervisor'], ['hvm'], ['pv', 'paravirtualization'], ['container virtualization'], ['emulation'], ['simulation'],
    ['cpu flags'], ['/proc/cpuinfo'], ['p2v'], ['v2v'], ['iaas'], ['paas'], ['saas'],
    ['dom0', 'domain-0', 'domain0'], ['domu', 'domain-u', 'domainu'], ['pv-domu'], ['hvm-domu'], ['/etc/xen/', '/etc/xen'], ['xl'], ['xl.cfg'], ['/etc/xen/xl.conf', 'xl.conf'],
    ['xe'], ['xentop'], ['xapi'], ['xenstore'], ['xm'],
    ['kvm'], ['kvm-intel', 'kvm_intel'], ['kvm-amd', 'kvm_amd'], ['/etc/kvm/', '/etc/kvm'], ['/dev/kvm'], ['qemu monitor', 'kvm monitor'], ['qemu'], ['qemu-img'],
    ['openvz'], ['virtualbox'], ['lxc'], ['docker'], ['packer'], ['vagrant'],
    ['libvirtd'], ['/etc/libvirt/', '/etc/libvirt'], ['virsh'], ['ovirt'],
    ['openstack'], ['cloudstack'], ['eucalyptus'], ['opennebula'],
  ];
  it.each(objectiveTerms.map((t) => [t.join(' | '), t]))('has an entry for the objective term %s', (_l, alts) => {
    const all = names();
    expect((alts as string[]).some((a) => all.has(norm(a)))).toBe(true);
  });

  // Commands, files and keys named in the seed notes (../shared/seeds/), corrected where they were wrong.
  const seedTerms = [
    'xl shutdown', 'xl destroy', 'xl block-list', 'xl create', 'xl list', 'xentop', 'xenstore-ls', 'xenstored', '/etc/xen/auto', 'xendomains', 'dom0_mem', 'builder',
    'qemu-img snapshot', 'loadvm', 'qemu-kvm', '-boot', '-drive', '-append', 'virbr0', 'brctl', 'brctl addbr', 'brctl addif', 'brctl show', 'tunctl',
    'vzpkg', 'vzctl', 'vzctl exec', 'vzctl exec2', 'lxc-console', 'lxc-create', 'lxc-destroy', 'lxc-start', 'lxc-stop', '/usr/share/lxc/templates',
    'vboxmanage', 'vagrantfile', '/etc/libvirt/libvirtd.conf', 'virt-clone', 'virt-image', 'virt-install', 'virt-manager', 'virt-viewer',
    'virsh list', 'virsh start', 'virsh console', 'virsh migrate', 'virsh net-list', 'virsh net-start', 'virsh net-autostart', 'virsh net-edit',
    'virsh vcpuinfo', 'virsh vcpupin', 'virsh vol-list', 'virsh restore', '/dev/kvm', 'libvirtd',
  ];
  it.each(seedTerms)('covers the seed term %s', (term) => {
    const all = names();
    const n = norm(term);
    const found = all.has(n) || [...all].some((x) => x.endsWith(' ' + n) || x.startsWith(n + ' ') || x === `qemu ${n}` || x === `qemu-system-x86_64 ${n}`);
    expect(found).toBe(true);
  });
});

// Mistakes of the seed notes (../shared/content/seed-errata.md) that must not appear anywhere in data/.
const ERRATA: [string, RegExp][] = [
  ['xl.comf', /xl\.comf/i],
  ['qemu+ssh://ds/sys', /qemu\+ssh:\/\/[\w.-]+\/sys(?!tem)/],
  ['RUN/TAP', /RUN\/TAP/],
  ['VMwreESXi', /VMwre/i],
  ['Kernal', /Kernal/],
  ['Vanrant', /Vanrant/i],
  ['プロビジョング', /プロビジョング/],
  ['VirtualBoxManager', /VirtualBoxManager/],
  ['物理亭', /物理亭/],
  ['完全仮想化度名', /完全仮想化度名/],
  ['あタッチ', /あタッチ/],
  ['KVデバイス', /KVデバイス/],
  ['defaultとう', /defaultとう/],
  ['Volume,Poolのいう', /Poolのいう/],
];

function dataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? dataFiles(join(dir, d.name)) : d.name.endsWith('.yaml') ? [join(dir, d.name)] : []));
}

describe('seed errata', () => {
  const files = dataFiles(DEFAULT_DATA_DIR).map((f) => [f, readFileSync(f, 'utf8')] as const);
  it.each(ERRATA)('no data file contains the seed mistake %s', (_label, re) => {
    expect(files.filter(([, text]) => re.test(text)).map(([f]) => f)).toEqual([]);
  });
  it('the corrected forms are taught', () => {
    const all = files.map(([, t]) => t).join('\n');
    expect(all).toContain('/etc/xen/xl.conf');
    expect(all).toMatch(/qemu\+ssh:\/\/[\w.-]+\/system/);
    expect(all).toMatch(/TUN\/TAP/);
  });
});

describe('loader errors name the file, the entry and the reason', () => {
  it('reports a broken entry and a dangling reference', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'kb'));
      writeFileSync(
        join(dir, 'kb', 'broken.yaml'),
        `- id: good\n  term: good\n  kind: concept\n  objectives: ["330.1"]\n  summary: {ja: あ, en: a}\n  detail: {ja: あ, en: a}\n  related: [missing-one]\n- id: bad\n  term: bad\n  kind: nonsense\n  objectives: ["330.1"]\n  summary: {ja: あ, en: a}\n  detail: {ja: あ, en: a}\n`,
      );
      writeFileSync(join(dir, 'kb', 'notyaml.yaml'), 'key: [unclosed\n');
      let err: ContentError | undefined;
      try {
        loadContent(dir);
      } catch (e) {
        err = e as ContentError;
      }
      expect(err).toBeInstanceOf(ContentError);
      const text = err!.problems.join('\n');
      expect(text).toMatch(/broken\.yaml: entry bad: kind: /);
      expect(text).toMatch(/broken\.yaml: entry good: related\.0: unknown entry id "missing-one"/);
      expect(text).toMatch(/notyaml\.yaml.*not valid YAML/);
    } finally {
      cleanup();
    }
  });
});

describe('Japanese text', () => {
  /** Every `ja` string in the content, with where it is. */
  function jaTexts(): { where: string; text: string }[] {
    const out: { where: string; text: string }[] = [];
    const walk = (v: unknown, where: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (k === 'ja' && typeof x === 'string') out.push({ where: `${where}.ja`, text: x });
          else walk(x, `${where}.${k}`);
        }
      }
    };
    const c = content();
    for (const e of c.entries) walk(e, e.id);
    for (const q of c.questions) walk(q, q.id);
    return out;
  }

  it('a line with no Japanese in it (command output, code) keeps ASCII punctuation', () => {
    const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;
    const bad = jaTexts().flatMap(({ where, text }) => text.split('\n').filter((l) => !japanese.test(l) && /[（）：、。]/.test(l)).map((l) => `${where}: ${l}`));
    expect(bad).toEqual([]);
  });

  it('has no する-verb cut to 〜す by the style pass (表示す。)', () => {
    const bad = jaTexts().filter(({ text }) => /(表示|実行|作成|使用|指定|起動|管理|保存|設定|削除)す[。、]/.test(text)).map((x) => x.where);
    expect(bad).toEqual([]);
  });
});
