/** Text as agents type it and as French readers sort it. */

/** Folds case, accents and spacing, so "Les Économes" and "les economes" are the same name. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// Built once: a collator is costly to create, and every list a French reader sees is sorted the same way.
const frenchCollator = new Intl.Collator('fr', { sensitivity: 'base' });

/** Compares two names as a French reader sorts them (case and accents aside: "Écran" before "Zoom"). */
export function compareFrench(a: string, b: string): number {
  return frenchCollator.compare(a, b);
}
