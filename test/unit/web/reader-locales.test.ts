import { afterEach, describe, expect, it } from 'vitest';
import { readerLocales } from '../../../web/src/lib/datetime.ts';

const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
  else Reflect.deleteProperty(globalThis, 'navigator');
});

function browserReporting(languages: string[]): void {
  Object.defineProperty(globalThis, 'navigator', { value: { languages, language: languages[0] }, configurable: true });
}

describe("the reader's locales", () => {
  it('drop a tag Intl refuses, so dates still format instead of the page going blank', () => {
    browserReporting(['en-US@posix', 'de-AT']);
    const locales = readerLocales();
    expect(locales).toEqual(['de-AT']);
    expect(() => new Intl.DateTimeFormat(locales).format(new Date(0))).not.toThrow();
  });

  it('keep every tag the browser prefers, in its order', () => {
    browserReporting(['ru-RU', 'en-GB']);
    expect(readerLocales()).toEqual(['ru-RU', 'en-GB']);
  });
});
