import type { OrganiserOverviewView } from '../../../src/api/views';
import { h } from '../dom';
import type { PageContext } from './page';

/** Placeholder until the page is written. */
export function organisationView(view: OrganiserOverviewView, _ctx: PageContext): Node[] {
  return [h('p', null, view.generatedAt)];
}
