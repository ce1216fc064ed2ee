import { DomainError } from './errors';
import type { MemberTally } from './scoring';
import { foldText } from './text';

export interface TeamMember {
  agentId: string;
  name: string;
}

/** A team (équipe) as the app keeps it: members with their tallies, so the ranking reads one row per team. */
export interface Team {
  id: string;
  challengeId: string;
  name: string;
  joinCode: string;
  members: TeamMember[];
  /** Each member's counted points, events and latest event, copied from their own tally (idempotent max). */
  tallies: Record<string, MemberTally>;
  createdAt: string;
}

export const TEAM_NAME_MIN = 3;
export const TEAM_NAME_MAX = 40;

/** Letters, digits, spaces and everyday punctuation: no markup, no mentions, no links. */
const TEAM_NAME_CHARS = /^[\p{L}\p{N} '’\-.,!?&()]+$/u;

/** A team name tidied for display (trimmed, single spaces), or a team_name_invalid error saying why. */
export function validateTeamName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const length = [...name].length;
  if (length < TEAM_NAME_MIN || length > TEAM_NAME_MAX) {
    throw new DomainError(
      'team_name_invalid',
      `team name must be ${TEAM_NAME_MIN}–${TEAM_NAME_MAX} characters`,
      {
        reason: 'length',
        min: TEAM_NAME_MIN,
        max: TEAM_NAME_MAX,
      },
    );
  }
  if (!TEAM_NAME_CHARS.test(name)) {
    throw new DomainError('team_name_invalid', 'team name holds characters that are not allowed', {
      reason: 'characters',
    });
  }
  return name;
}

/** The key that makes team names unique within a challenge. */
export function teamNameKey(name: string): string {
  return foldText(name);
}

/** Code alphabet without look-alikes (no 0/O, 1/I/L): easy to read aloud and to type. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** A short join or check-in code; `random` returns numbers in [0, 1). */
export function generateCode(random: () => number, length = CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i += 1) {
    code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  }
  return code;
}

/** A code as typed by a person: case, spaces and dashes forgiven; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}

/** Checks that `agentId` may join `team` now. */
export function assertCanJoin(team: Team, agentId: string, maxTeamSize: number): void {
  if (team.members.some((m) => m.agentId === agentId)) {
    throw new DomainError('already_in_team', 'agent is already in this team', { team: team.name });
  }
  if (team.members.length >= maxTeamSize) {
    throw new DomainError('team_full', 'team is full', { team: team.name, max: maxTeamSize });
  }
}
