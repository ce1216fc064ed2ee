import type { WorkshopDraft } from '../../src/domain/workshops';

/**
 * Builders of the files organisers import (quiz banks, workshop programmes), as text or as the records in them:
 * valid by default, broken where the test says.
 */

/** 1-based line of the `nth` (1-based) line of `text` holding `needle`. */
export function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`"${needle}" #${nth} not found`);
}

/** A valid question of a JSON quiz bank, with two choices and a source. */
export function bankQuestion(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    theme: 'messagerie',
    text: `Question ${id} : quel geste est le plus sobre ?`,
    choices: [
      { id: 'a', text: 'Se désabonner' },
      { id: 'b', text: 'Tout garder' },
    ],
    correct: ['a'],
    explanation: 'Moins de messages, moins de stockage.',
    source: { title: 'ADEME', url: 'https://agirpourlatransition.ademe.fr' },
    ...overrides,
  };
}

/** A JSON quiz bank of these days, one key per line (so that problems have distinct lines). */
export function jsonBank(days: Record<string, unknown>[]): string {
  return JSON.stringify({ title: 'Banque de test', days }, null, 2);
}

/** The header row of a CSV quiz bank, every column in order. */
export const QUIZ_CSV_HEADER =
  'day,sendAt,closeAt,questionId,theme,text,choiceA,choiceB,choiceC,choiceD,choiceE,choiceF,correct,explanation,sourceTitle,sourceUrl';

/** A valid workshop of a JSON programme, in the words organisers use (start and end in Paris time). */
export function programmeEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Fresque du numérique',
    format: 'atelier',
    description: 'Comprendre les impacts du numérique en jouant.',
    host: 'Mission développement durable',
    place: 'Tiers-lieu La Fabrique',
    start: '2026-11-24 14:00',
    end: '2026-11-24 17:00',
    ...overrides,
  };
}

/** A JSON programme of these workshops, one key per line. */
export function jsonProgramme(entries: Record<string, unknown>[]): string {
  return JSON.stringify({ workshops: entries }, null, 2);
}

/** The header row of a CSV programme with French column names, as a French spreadsheet saves it. */
export const PROGRAMME_CSV_HEADER =
  'titre;format;description;direction;lieu;lien;début;fin;capacité;points';

/** A workshop as read from a file (before it has a challenge and a code); its title is its id. */
export function buildWorkshopDraft(
  id: string,
  start: string,
  end: string,
  overrides: Partial<WorkshopDraft> = {},
): WorkshopDraft {
  return {
    id,
    title: id,
    format: 'atelier',
    description: 'd',
    host: 'Direction du numérique',
    place: 'Salle 1',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    ...overrides,
  };
}
