import type { Locale } from './agents';
import type { WorkshopFormat } from './workshops';

/**
 * The name of each workshop format as agents read it, French first with English beside it: one list for the bot's
 * messages and the tab (the API sends the names, the tab imports no domain code).
 */
export const WORKSHOP_FORMAT_NAMES: Readonly<
  Record<WorkshopFormat, Readonly<Record<Locale, string>>>
> = Object.freeze({
  conference: { fr: 'Conférence', en: 'Talk' },
  atelier: { fr: 'Atelier', en: 'Workshop' },
  projection: { fr: 'Projection', en: 'Screening' },
  debat: { fr: 'Débat', en: 'Debate' },
  exposition: { fr: 'Exposition', en: 'Exhibition' },
  visite: { fr: 'Visite', en: 'Visit' },
  autre: { fr: 'Animation', en: 'Event' },
});

/** The format's name in the reader's language. */
export function workshopFormatName(format: WorkshopFormat, locale: Locale): string {
  return WORKSHOP_FORMAT_NAMES[format][locale];
}
