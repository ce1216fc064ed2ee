import type { ActionResult } from '../api';
import type { Lang, Translate } from '../i18n';

/** What every page view receives from the shell. */
export interface PageContext {
  lang: Lang;
  t: Translate;
  /** Registers work to undo when the page's content is replaced (observers, listeners). */
  cleanup(fn: () => void): void;
  /** Runs once the page's nodes are in the document (to measure them). */
  attached(fn: () => void): void;
  /** Reader choices that survive a refresh of the data (an opened disclosure, a typed code, the last outcome). */
  ui: {
    rulesOpen: boolean;
    /** The check-in code typed, or brought by a workshop's QR code. */
    checkinCode: string;
    /** Whether the code came from a QR code (the page then offers the check-in). */
    checkinFromLink: boolean;
    /** What the last action answered, shown until the next one; `focus` moves the reader to it once. */
    outcome: { text: string; ok: boolean; focus: boolean } | null;
  };
  /** Sends an action to the API, keeps what `describe` makes of its answer as the outcome, and reloads the page. */
  act(
    method: 'POST' | 'DELETE',
    path: string,
    body: unknown,
    describe: (result: ActionResult) => { text: string; ok: boolean },
  ): Promise<void>;
  /** A one-off read (a send's progress, a search): no reload of the page's data; a network failure throws. */
  read(path: string): Promise<ActionResult>;
  /** Draws the page again from the data it has (after a read changed what the page shows). */
  redraw(): void;
}
