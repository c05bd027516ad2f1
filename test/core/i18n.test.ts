import { describe, expect, it } from 'vitest';
import { countEn, fmt, langFromLocale } from '../../src/core/i18n.js';

describe('i18n helpers', () => {
  it('countEn gives the singular for one and the plural otherwise ("1 minute", not "1 minutes")', () => {
    expect(countEn(1, 'minute')).toBe('1 minute');
    expect(countEn(0, 'day')).toBe('0 days');
    expect(countEn(2, 'question')).toBe('2 questions');
    expect(countEn(60, 'question')).toBe('60 questions');
  });

  it('fmt fills both languages; langFromLocale knows ja and en only', () => {
    expect(fmt({ ja: '{n} 問', en: '{q}' }, { n: 1, q: countEn(1, 'question') })).toEqual({ ja: '1 問', en: '1 question' });
    expect(langFromLocale('ja-JP')).toBe('ja');
    expect(langFromLocale('en-GB')).toBe('en');
    expect(langFromLocale('fr')).toBeUndefined();
  });
});
