import type { HttpRoute } from '../server';
import type { ApiContext } from './api-context';

export function reportRoutes(_api: ApiContext): HttpRoute[] {
  return [];
}
