/**
 * The organisers' pages with their styles and words: one module (tab/build.mjs), loaded by the shell when an
 * organiser first opens one of them. Agents never download it; an organiser pays one request, once.
 */
import css from '../organiser.css';
import { organiserEn, organiserFr } from '../organiser-i18n';

// The pages' own styles come with them.
const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

/** The pages' words, handed to the shell's translator when the module loads (tab/src/main.ts). */
export const messages = { fr: organiserFr, en: organiserEn };

export { bilanView } from './bilan';
export { enseignementsView } from './enseignements';
export { organisationView } from './organisation';
export { papierView } from './papier';
