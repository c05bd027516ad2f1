/** No input makes search or suggest throw, and answers keep their shape. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { createLookup } from '../../src/core/lookup/engine.js';
import type { LookupResult } from '../../src/core/lookup/types.js';

const errors: unknown[] = [];
const lookup = createLookup(loadContent().entries, { onError: (e) => errors.push(e) });

const NASTY: string[] = [
  'x'.repeat(5000),
  'virsh list '.repeat(500),
  'スナップショット'.repeat(700),
  '\u0000\u0001\u0007\b\t\n\r\u001b[31m\u007f',
  '\u200b\u200d\u2060\ufeff\u202e',
  '😀🔥💻 virsh 🚀 list 👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\ud800',
  'a\udc00b',
  'Привет мир κόσμος مرحبا שלום 你好 한국어',
  'ｘｌ　ｌｉｓｔ　ﾃｽﾄ ①②③ ㍻',
  '"',
  '""',
  '"virsh',
  '*',
  'virsh*',
  'NEAR(',
  'NEAR(a b, 5)',
  'a OR b',
  'OR',
  'AND NOT',
  '-',
  '--',
  '---all',
  '- - -',
  '^virsh',
  'col:virsh',
  '{name}: virsh',
  "'; DROP TABLE doc; --",
  '%',
  '_',
  '\\',
  '$(rm -rf /)',
  '<script>alert(1)</script>',
  '((((((((((',
  '[[[[',
  '.*+?^${}()|[]\\',
  '=',
  'a=',
  '=b',
  '/',
  '/////',
  '.',
  '　',
  '\u3000\u3000',
  'を',
  'の',
  'ー',
  '々',
  '1',
  '0x00',
  'NaN',
  'undefined',
  'null',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
];

function checkShape(r: LookupResult, limit = 5): void {
  expect(typeof r.normalized).toBe('string');
  expect(Array.isArray(r.hits)).toBe(true);
  expect(r.hits.length).toBeLessThanOrEqual(r.confident ? limit : 3);
  for (const h of r.hits) {
    expect(typeof h.entry.id).toBe('string');
    expect(Number.isFinite(h.score)).toBe(true);
  }
  const scores = r.hits.map((h) => h.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe('bad input', () => {
  it.each(NASTY.map((q) => [JSON.stringify(q).slice(0, 60), q]))('search(%s) does not throw', (_name, q) => {
    checkShape(lookup.search(q));
    expect(lookup.suggest(q, 25).length).toBeLessThanOrEqual(25);
  });

  it('values that are not strings do not throw', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol('s'), () => 1] as unknown[]) {
      checkShape(lookup.search(v as string));
      expect(Array.isArray(lookup.suggest(v as string))).toBe(true);
    }
  });

  it('odd limits do not throw', () => {
    for (const limit of [0, -1, 1.5, NaN, Infinity, 1e9, -Infinity]) {
      const r = lookup.search('virsh list', limit);
      expect(r.hits.length).toBeLessThanOrEqual(50);
      expect(lookup.suggest('virsh', limit).length).toBeLessThanOrEqual(25);
    }
    expect(lookup.search('virsh list', 0).hits).toEqual([]);
  });

  it('a long query is cut and stays fast', () => {
    const start = performance.now();
    const r = lookup.search('virsh list --all '.repeat(300));
    expect(performance.now() - start).toBeLessThan(200);
    expect(r.normalized.length).toBeLessThanOrEqual(200);
  });

  it('random strings of every script never throw', () => {
    // Deterministic: a fixed-seed generator over a mix of ASCII, kana, kanji, emoji, controls.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pools = [' -_./=:"*()', 'abcdefghijklmnopqrstuvwxyz0123456789', 'あいうえおかきくけこをのー', 'アイウエオスナップショット', '一覧作成仮想削除起動', 'ａｂｃ１２３－＿', '\u0000\u001f\u200b\ud83d\ude00\ud800'];
    for (let n = 0; n < 500; n++) {
      let q = '';
      const len = Math.floor(rand() * 40);
      for (let k = 0; k < len; k++) {
        const pool = pools[Math.floor(rand() * pools.length)]!;
        q += pool[Math.floor(rand() * pool.length)];
      }
      checkShape(lookup.search(q));
      lookup.suggest(q, 25);
    }
  });

  it('swallowed no internal error', () => {
    expect(errors).toEqual([]);
  });
});

describe('content authors\' CLI (npm run virtbot -- ask --json)', () => {
  it('prints one JSON line per input line, an empty line included, so scripts can pair them', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', '--json'], { cwd: root, input: 'xl list\n\nvirsh start\n', encoding: 'utf8', timeout: 60_000 });
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; results: { id: string }[] });
    expect(lines.map((l) => l.query)).toEqual(['xl list', '', 'virsh start']);
    expect(lines[0]!.results[0]!.id).toBe('xl-list');
    expect(lines[1]!.results).toEqual([]);
  });
});
