import type { Lang, Translate } from '../i18n';

/** What every page view receives from the shell. */
export interface PageContext {
  lang: Lang;
  t: Translate;
  /** Registers work to undo when the page's content is replaced (observers, listeners). */
  cleanup(fn: () => void): void;
  /** Runs once the page's nodes are in the document (to measure them). */
  attached(fn: () => void): void;
  /** Reader choices that survive a refresh of the data (an opened disclosure). */
  ui: { rulesOpen: boolean };
}
