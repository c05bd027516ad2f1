/** A click the core refuses (another console user's button) leaves the numbered buttons of the last reply as they were. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/model.js';
import { testApp, textOf, type TestApp } from '../helpers/app.js';
import { seeded } from '../quiz/helpers.js';

let app: TestApp;
afterEach(() => app?.cleanup());

/** The 1-based number the console gives the button whose id starts with `prefix`. */
function numberOf(r: Reply[], prefix: string): number {
  const ids = r.flatMap((x) => x.message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((y) => y.id) : [])));
  const i = ids.findIndex((id) => id.startsWith(prefix));
  if (i < 0) throw new Error(`no ${prefix} button in ${textOf(r)}`);
  return i + 1;
}

describe('console: a refused click', () => {
  it("another user's press of a forget-me confirm is refused and the owner's numbers still work", async () => {
    app = testApp({ defaultLang: 'en' });
    await app.chat('/virt config lang en');
    const n = numberOf(await app.chat('/virt forget-me'), 'privacy.forget:');
    await app.chat(':user bob');
    const refused = await app.chat(String(n));
    expect(textOf(refused)).toContain('This confirm button belongs to someone else');
    expect(refused[0]!.error).toBe(true);
    await app.chat(':user you');
    expect(textOf(await app.chat(String(n)))).toContain('Your data has been deleted');
  });

  it("another user's press of an exam button is refused; the exam's owner can still press it by number", async () => {
    app = testApp({ defaultLang: 'en', rng: seeded(31) });
    const n = numberOf(await app.chat('/virt exam 2 5'), 'exam.f:');
    await app.chat(':user bob');
    expect(textOf(await app.chat(String(n)))).toContain('That exam does not exist');
    await app.chat(':user you');
    expect(textOf(await app.chat(String(n)))).toContain('Mock exam result');
  });

  it('a reply that is not a refusal still replaces the numbers (the result of a press)', async () => {
    app = testApp({ defaultLang: 'en' });
    const n = numberOf(await app.chat('/virt forget-me'), 'privacy.cancel');
    const done = await app.chat(String(n));
    expect(textOf(done)).toContain('Nothing was deleted');
    expect(done[0]!.error).toBeUndefined();
    expect(textOf(await app.chat(String(n)))).toContain(`there is no button ${n}`);
  });
});
