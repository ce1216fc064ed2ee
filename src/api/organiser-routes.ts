import type { HttpRoute } from '../server';
import type { ApiContext } from './api-context';

export function organiserRoutes(_api: ApiContext): HttpRoute[] {
  return [];
}
