import type { ReportView } from '../../../src/api/views';
import { h } from '../dom';
import type { PageContext } from './page';

/** Placeholder until the page is written. */
export function bilanView(view: ReportView, _ctx: PageContext): Node[] {
  return [h('p', null, view.generatedAt)];
}
