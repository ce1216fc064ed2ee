/**
 * Domain errors carry a stable code and the values the edge needs to explain them. They are mapped to chat text
 * or HTTP statuses at the edge only (bot/messages.ts, api/http.ts), never here.
 */
export type DomainErrorCode =
  | 'invalid_snapshot'
  | 'invalid_import'
  | 'team_name_invalid'
  | 'team_name_taken'
  | 'team_code_unknown'
  | 'team_full'
  | 'already_in_team'
  | 'not_in_team'
  | 'teams_closed'
  | 'not_organiser'
  | 'agent_unknown'
  | 'challenge_missing'
  | 'quiz_unknown'
  | 'quiz_not_open'
  | 'quiz_closed'
  | 'question_unknown'
  | 'choice_invalid'
  | 'already_answered'
  | 'workshop_unknown'
  | 'workshop_code_unknown'
  | 'workshop_full'
  | 'signup_closed'
  | 'already_signed_up'
  | 'not_signed_up'
  | 'checkin_not_open'
  | 'checkin_closed'
  | 'checkin_locked'
  | 'already_checked_in'
  | 'announcement_invalid'
  | 'announcement_unknown'
  | 'audience_unknown'
  | 'audience_empty'
  | 'send_finished'
  | 'podium_empty'
  | 'not_host'
  | 'attendance_invalid'
  | 'material_invalid'
  | 'materials_full'
  | 'conflict';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Readonly<Record<string, string | number>>;

  constructor(
    code: DomainErrorCode,
    message: string,
    details: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Whether `error` is a domain error (of that code, when one is given). */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** Reads one field of a thrown value, whatever it is. */
function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

/**
 * The HTTP status a thrown error carries, if any: `statusCode` (Azure SDKs, botbuilder's connector), else
 * `response.status` or `status` (fetch-style errors). Storage reads it for 404/409/412, the fan-out to classify a
 * failed send.
 */
export function statusOf(error: unknown): number | undefined {
  const status =
    fieldOf(error, 'statusCode') ??
    fieldOf(fieldOf(error, 'response'), 'status') ??
    fieldOf(error, 'status');
  return typeof status === 'number' ? status : undefined;
}
