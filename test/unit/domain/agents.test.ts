import { localeOf } from '../../../src/domain/agents';

describe('the language the bot answers in', () => {
  it.each([
    ['en-GB', 'en'],
    ['en-US', 'en'],
    ['fr-FR', 'fr'],
    ['fr-CA', 'fr'],
  ] as const)('given a client in %s, then it answers in %s', (tag, locale) => {
    expect(localeOf(tag)).toBe(locale);
  });

  it.each(['de-DE', 'es', '', undefined])(
    'given a client in a language we do not have (%s), then the challenge’s wins',
    (tag) => {
      expect(localeOf(tag)).toBe('fr');
      expect(localeOf(tag, { fallback: 'en' })).toBe('en');
    },
  );

  it('given local mode, then the challenge’s language wins whatever the client says (the Playground says en-US)', () => {
    expect(localeOf('en-US', { localMode: true })).toBe('fr');
    expect(localeOf('fr-FR', { localMode: true, fallback: 'en' })).toBe('en');
  });
});
