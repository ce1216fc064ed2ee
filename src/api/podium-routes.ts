import type { HttpRoute } from '../server';
import type { ApiContext } from './api-context';

export function podiumRoutes(_api: ApiContext): HttpRoute[] {
  return [];
}
