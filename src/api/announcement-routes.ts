import type { HttpRoute } from '../server';
import type { ApiContext } from './api-context';

export function announcementRoutes(_api: ApiContext): HttpRoute[] {
  return [];
}
