import { DomainError } from '../domain/errors';
import type { HttpRoute } from '../server';
import {
  attendanceCandidates,
  MAX_AGENTS_PER_RECORD,
  recordAttendance,
} from '../usecases/record-attendance';
import type { ApiContext } from './api-context';
import type { AttendanceCandidatesView, AttendanceRecordView } from './views';

/** The ids of `body.agentIds`, or attendance_invalid when it is not a list of ids. */
function agentIdsIn(body: unknown): string[] {
  const ids: unknown =
    typeof body === 'object' && body !== null ? Reflect.get(body, 'agentIds') : undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new DomainError('attendance_invalid', 'agentIds must be a list of agent ids', {
      max: MAX_AGENTS_PER_RECORD,
      count: Array.isArray(ids) ? ids.length : 0,
    });
  }
  return ids;
}

/**
 * Attendance by hand, for a workshop's host direction and organisers (the use case checks who calls): search
 * agents to pick, then record the picked ones as checked in.
 */
export function attendanceRoutes(api: ApiContext): HttpRoute[] {
  const { deps, get, post } = api;
  return [
    get('/api/workshops/:id/attendance/candidates', async (caller, req) => {
      const search: unknown = req.query?.search;
      const agents = await attendanceCandidates(deps, {
        callerId: caller.agentId,
        workshopId: String(req.params?.id ?? ''),
        search: typeof search === 'string' ? search : '',
      });
      return { body: { agents } satisfies AttendanceCandidatesView };
    }),
    post('/api/workshops/:id/attendance', async (caller, req) => {
      const record = await recordAttendance(deps, {
        callerId: caller.agentId,
        workshopId: String(req.params?.id ?? ''),
        agentIds: agentIdsIn(req.body),
      });
      return { body: record satisfies AttendanceRecordView };
    }),
  ];
}
