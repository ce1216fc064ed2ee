import type { HttpRoute } from '../server';
import type { ApiContext } from './api-context';

export function attendanceRoutes(_api: ApiContext): HttpRoute[] {
  return [];
}
