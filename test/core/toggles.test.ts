/** Settings that are switched on or off say so when they already were: daily off, config show-names, config lang. */
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, textOf, type TestApp } from '../helpers/app.js';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('idempotent toggles', () => {
  it('daily off twice: the second time says it is already off, and nothing changes', async () => {
    app = testApp({ defaultLang: 'en' });
    await app.chat('/virt daily set time:09:00');
    expect(textOf(await app.chat('/virt daily off'))).toContain('The daily question in #general is off.');
    const updated = app.db.prepare('SELECT updated_at FROM daily_subscriptions').pluck().get();
    app.clock.advance(60_000);
    const again = textOf(await app.chat('/virt daily off'));
    expect(again).toContain('The daily question in #general is already off');
    expect(again).toContain('/virt daily set');
    expect(app.db.prepare('SELECT updated_at FROM daily_subscriptions').pluck().get()).toBe(updated);
    await app.chat(':locale ja');
    await app.chat('/virt config lang ja');
    expect(textOf(await app.chat('/virt daily off'))).toContain('#general の毎日の問題はすでに止まっています');
  });

  it('config show-names: on twice and off twice say "already"; the default is off', async () => {
    app = testApp({ defaultLang: 'en' });
    expect(textOf(await app.chat('/virt config show-names off'))).toContain('already show only how many');
    expect(textOf(await app.chat('/virt config show-names on'))).toBe('Daily reveals will list who answered right.');
    expect(textOf(await app.chat('/virt config show-names on'))).toContain('already list who answered right');
    expect(textOf(await app.chat('/virt config show-names off'))).toBe('Daily reveals will show only how many answered right.');
    await app.chat('/virt config lang ja');
    expect(textOf(await app.chat('/virt config show-names off'))).toContain('すでに');
  });

  it('config lang: choosing the language already chosen says so, for the user and for the server', async () => {
    app = testApp({ defaultLang: 'en' });
    expect(textOf(await app.chat('/virt config lang en'))).toBe('Your language is now English.');
    expect(textOf(await app.chat('/virt config lang en'))).toBe('Your language is already English.');
    expect(textOf(await app.chat('/virt config lang ja'))).toBe('あなたの表示言語を日本語にしました。');
    expect(textOf(await app.chat('/virt config lang ja'))).toBe('あなたの表示言語はすでに日本語です。');
    expect(textOf(await app.chat('/virt config lang ja server'))).toBe('サーバーの既定言語を日本語にしました。');
    expect(textOf(await app.chat('/virt config lang ja server'))).toBe('サーバーの既定言語はすでに日本語です。');
  });
});
