/** The console adapter driven as a chat: JSON-lines sessions through the whole core. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { parseConsoleLine } from '../../src/adapters/console/inbound.js';
import { tempDir, testApp, textOf, type TestApp } from '../helpers/app.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

function buttons(r: Reply[]): string[] {
  return r.flatMap((x) => x.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((y) => y.id) : [])));
}

describe('console session', () => {
  it('/virt ask xl list answers publicly in Japanese by default', async () => {
    const r = await app.chat('/virt ask xl list');
    expect(r).toHaveLength(1);
    expect(r[0]!.visibility).toBe('public');
    expect(r[0]!.message.title).toBe('xl list');
    expect(textOf(r)).toMatch(JAPANESE);
    expect(textOf(r)).toContain('330.2');
  });

  it('a per-user language choice switches to English and stays per user', async () => {
    await app.chat('/virt config lang en');
    const en = await app.chat('/virt ask xl list');
    expect(en[0]!.message.title).toBe('xl list');
    expect(en[0]!.message.blocks[0]).toMatchObject({ type: 'text' });
    expect(textOf(en).split('\n')[1]).not.toMatch(JAPANESE);
    await app.chat(':user someone-else');
    expect(textOf(await app.chat('/virt ask xl list'))).toMatch(JAPANESE);
  });

  it('ask --help and an option alone: the usage privately, never an unrelated entry in public', async () => {
    for (const q of ['ask --help', 'ask -h', '/virt ask help']) {
      const r = await app.chat(q);
      expect(r[0]!.visibility, q).toBe('private');
      expect(textOf(r), q).toMatch(/使い方: \/virt ask/);
      expect(textOf(r), q).not.toMatch(/qemu-ifup/);
    }
    const version = await app.chat('ask --version');
    expect(version[0]!.visibility).toBe('private');
    expect(textOf(version)).toMatch(/見つかりませんでした/);
  });

  it('related-entry buttons open the entry, by id and by number', async () => {
    const r = await app.chat('ask xl list');
    const ids = buttons(r);
    expect(ids.length).toBeGreaterThan(0);
    const byId = await app.chat(`click ${ids[0]}`);
    expect(byId[0]!.visibility).toBe('private');
    expect(byId[0]!.message.title).toBeTruthy();
    await app.chat('ask xl list');
    const byNumber = await app.chat('1');
    expect(byNumber[0]!.message.title).toBe(byId[0]!.message.title);
  });

  it('help lists the commands; an unknown command gets help', async () => {
    const help = textOf(await app.chat('/virt help'));
    expect(help).toContain('/virt ask');
    const unknown = await app.chat('/virt frobnicate now');
    expect(unknown[0]!.visibility).toBe('private');
    expect(textOf(unknown)).toMatch(/frobnicate/);
  });

  it('bad input gets a clear answer and the console keeps going', async () => {
    expect(textOf(await app.chat('/virt ask'))).toMatch(/query/);
    const long = await app.chat('/virt ask ' + 'x'.repeat(5000));
    expect(long[0]!.visibility).toBe('private');
    expect(textOf(long)).toMatch(/長すぎ|too long/);
    expect(await app.chat('   ')).toEqual([]);
    for (const line of ['/virt ask \u0007\u001b[31mxl\u0000 list', '/virt ask 🐧🐧 xl', '/virt ask ｘｌ ｌｉｓｔ 仮想 mix', 'click nope:123', 'click 99', 'answer hello', 'pick 1 2', ':bogus', '/virt ask "NEAR(*) OR']) {
      const r = await app.chat(line);
      expect(r.length, line).toBeGreaterThan(0);
    }
    expect((await app.chat('/virt ask xl list'))[0]!.message.title).toBe('xl list');
  });

  it('answer and pick go to the question of the channel you are in, not to one left in another channel', async () => {
    await app.chat(':locale en');
    await app.chat(':channel study');
    let typed: Reply[] = [];
    for (let i = 0; i < 200 && !typed.some((r) => r.message.blocks.some((b) => b.type === 'input')); i++) typed = await app.chat('/virt quiz 330.3');
    expect(typed.some((r) => r.message.blocks.some((b) => b.type === 'input'))).toBe(true);
    await app.chat(':channel general');
    expect(textOf(await app.chat('answer xl list'))).toContain('nothing in this channel is waiting for a typed answer');
    expect(textOf(await app.chat('pick 1 2'))).toContain('nothing in this channel is waiting for a selection');
    await app.chat(':channel study');
    expect(textOf(await app.chat('answer xl list'))).toMatch(/Wrong|不正解|Close|惜しい/);
  });

  it('a pasted coloured command line is read without its escape codes', async () => {
    const r = await app.chat('/virt ask \u001b[31mxl list\u001b[0m');
    expect(r[0]!.message.title).toBe('xl list');
    expect(textOf(r)).not.toContain('\u001b');
  });

  it('text arguments: a number where an objective goes is a count, names are checked, nothing silently wins', async () => {
    await app.chat(':locale en');
    const five = textOf(await app.chat('/virt quiz 5'));
    expect(five).toMatch(/1\/5/);
    expect(textOf(await app.chat('/virt quiz foo:bar'))).toContain('There is no option "foo" (options: objective, count)');
    // A word that belongs to a later option fills it: the objective board.
    expect(textOf(await app.chat('/virt leaderboard 330.2'))).toMatch(/330\.2/);
    expect(textOf(await app.chat('/virt leaderboard 330.2'))).not.toMatch(/must be one of/);
    expect(textOf(await app.chat('/virt quiz 330.2 count:2 count:3'))).toContain('count is given twice');
    expect(textOf(await app.chat('/virt quiz count:'))).toContain('count has no value (write count:VALUE).');
    // A word after a later option was filled is extra, not a bad value for the option skipped.
    expect(textOf(await app.chat('/virt exam stop now'))).toContain('Unexpected argument "now"');
    expect(textOf(await app.chat('/virt exam abc'))).toContain('Invalid value "abc" for questions');
    expect((await app.chat('/virt ask query:xl list'))[0]!.message.title).toBe('xl list');
    expect(textOf(await app.chat('/virt ask'))).toContain('Please give the query.');
    // Where only 304 objectives go (the leaderboard), an exam 305 objective id is pointed to the 304
    // objectives holding its topics (from the entries' tags); the quiz takes it (test/quiz/objective305.test.ts).
    const ids305 = textOf(await app.chat('/virt leaderboard objective:351.2'));
    expect(ids305).toContain('351.2 is an exam 305 objective');
    expect(ids305).toContain('the topics of 351.2 are in 330.2 (most entries first)');
    expect(textOf(await app.chat('/virt leaderboard objective:999.9'))).not.toContain('exam 305');
    expect(textOf(await app.chat('/virt quiz 999.9'))).toContain('objective must be one of');
    await app.chat(':locale ja');
  });

  it('a number presses only the buttons of the latest reply; bare answer/pick/click explain themselves', async () => {
    await app.chat('/virt ask xl list');
    const q = await app.chat('/virt help');
    expect(buttons(q)).toEqual([]);
    expect(textOf(await app.chat('1'))).toMatch(/ボタン 1 はありません|no button 1/);
    // A typo is not an old button: it is named, not called "no longer active".
    expect(textOf(await app.chat('click nope'))).toMatch(/ボタン nope はありません|no button nope/);
    expect(textOf(await app.chat('click nope:123'))).toMatch(/ボタン nope:123 はありません|no button nope:123/);
    const pasted = textOf(await app.chat('click ' + 'z'.repeat(5000)));
    expect(pasted).toMatch(/^(ボタン z{40}… はありません|there is no button z{40}…)$/);
    expect(pasted.length).toBeLessThan(200);
    expect(textOf(await app.chat('answer'))).toMatch(/answer virsh list --all/);
    expect(textOf(await app.chat('pick'))).toMatch(/pick A C/);
    expect(textOf(await app.chat('/virt config'))).toMatch(/サブコマンド|subcommand/);
  });

  it('full-width input is understood', async () => {
    const r = await app.chat('／ｖｉｒｔ　ａｓｋ　ｘｌ　ｌｉｓｔ');
    expect(r[0]!.message.title).toBe('xl list');
  });
});

describe(':locale', () => {
  it('says when a locale has no texts of its own (it gets the default language), and answers in it', async () => {
    const app = testApp();
    try {
      // Console notes come in the language the core answers in: the default (ja here) for fr.
      expect(textOf(await app.chat(':locale fr'))).toBe('ロケール: fr（日本語と英語以外なので、既定の言語で答えます）');
      expect(textOf(await app.chat(':locale en-US'))).toBe('locale: en-US');
      expect(textOf(await app.chat('/virt help'))).toMatch(/ask/);
    } finally {
      app.cleanup();
    }
  });
});

describe('console line parser', () => {
  it('parses console-only commands', () => {
    expect(parseConsoleLine('click quiz.answer:1:2')).toEqual({ type: 'click', target: 'quiz.answer:1:2' });
    expect(parseConsoleLine('３')).toEqual({ type: 'click', target: '3' });
    expect(parseConsoleLine('pick 1,3')).toEqual({ type: 'pick', values: ['1', '3'] });
    expect(parseConsoleLine('answer virsh list --all')).toEqual({ type: 'answer', text: 'virsh list --all' });
    expect(parseConsoleLine(':user alice')).toEqual({ type: 'user', name: 'alice' });
    expect(parseConsoleLine(':channel #study')).toEqual({ type: 'channel', name: 'study' });
    expect(parseConsoleLine('/virt ask xl list')).toEqual({ type: 'command', text: '/virt ask xl list' });
    expect(parseConsoleLine(':help')).toEqual({ type: 'meta-help' });
    expect(parseConsoleLine(':admin maybe')).toEqual({ type: 'meta-help', unknown: ':admin maybe' });
    expect(parseConsoleLine(':bogus')).toEqual({ type: 'meta-help', unknown: ':bogus' });
    expect(parseConsoleLine(`:locale ${'x'.repeat(5000)}`)).toEqual({ type: 'locale', locale: 'x'.repeat(35) });
  });
});

describe('npm start with piped stdin (the real entry point)', () => {
  it('reads lines and prints one JSON reply per line, then exits 0', () => {
    const { dir, cleanup } = tempDir();
    try {
      const root = new URL('../../', import.meta.url).pathname;
      const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--json'], {
        cwd: root,
        input: '/virt ask xl list\n/virt nope\n',
        env: { PATH: process.env.PATH, VIRTBOT_DB: join(dir, 'bot.db'), LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Reply);
      expect(lines[0]!.message.title).toBe('xl list');
      expect(lines[1]!.visibility).toBe('private');
    } finally {
      cleanup();
    }
  });

  it('a broken configuration stops start-up with one clear line', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
      cwd: root,
      input: '',
      env: { PATH: process.env.PATH, VIRTBOT_TZ: 'Nowhere/City' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/VIRTBOT_TZ/);
  });
});
