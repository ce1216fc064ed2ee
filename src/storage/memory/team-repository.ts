import { DomainError } from '../../domain/errors';
import type { NewTeam, TeamRepository } from '../../domain/ports';
import type { MemberTally } from '../../domain/scoring';
import type { Team, TeamMember } from '../../domain/teams';
import { byKey, copy } from './copy';

/** One challenge's teams and their indexes: the twin of its Teams partition. */
interface ChallengeTeams {
  teams: Map<string, Team & { nameKey: string }>;
  /** Agent id → team id: an agent is in at most one team. */
  members: Map<string, string>;
  /** Folded name → team id: names are unique. */
  names: Map<string, string>;
  /** Join code → team id. */
  codes: Map<string, string>;
}

/** The team as the store gives it: without its name key, and a copy. */
function toTeam(stored: Team & { nameKey: string }): Team {
  const { nameKey: _nameKey, ...team } = stored;
  return copy(team);
}

/**
 * In-memory twin of TableTeamRepository, with its refusals: a taken name (team_name_taken), an agent already in
 * a team (already_in_team), a taken join code or team id (conflict); an emptied team goes with its name and code.
 */
export class MemoryTeamRepository implements TeamRepository {
  private readonly challenges = new Map<string, ChallengeTeams>();

  private of(challengeId: string): ChallengeTeams {
    let teams = this.challenges.get(challengeId);
    if (!teams) {
      teams = { teams: new Map(), members: new Map(), names: new Map(), codes: new Map() };
      this.challenges.set(challengeId, teams);
    }
    return teams;
  }

  async create(
    challengeId: string,
    team: NewTeam,
    founder: TeamMember,
    founderTally: MemberTally,
  ): Promise<Team> {
    const store = this.of(challengeId);
    // Refused in the order of the table's transaction: membership, name, then code and id.
    if (store.members.has(founder.agentId))
      throw new DomainError('already_in_team', 'agent is already in a team');
    if (store.names.has(team.nameKey)) {
      throw new DomainError('team_name_taken', 'team name is taken', { name: team.name });
    }
    if (store.codes.has(team.joinCode) || store.teams.has(team.id)) {
      throw new DomainError('conflict', 'join code or team id already used');
    }
    const created = {
      id: team.id,
      challengeId,
      name: team.name,
      nameKey: team.nameKey,
      joinCode: team.joinCode,
      members: [copy(founder)],
      tallies: founderTally.events > 0 ? { [founder.agentId]: { ...founderTally } } : {},
      createdAt: team.createdAt,
    };
    store.teams.set(team.id, created);
    store.members.set(founder.agentId, team.id);
    store.names.set(team.nameKey, team.id);
    store.codes.set(team.joinCode, team.id);
    return toTeam(created);
  }

  async get(challengeId: string, teamId: string): Promise<Team | null> {
    const team = this.challenges.get(challengeId)?.teams.get(teamId);
    return team ? toTeam(team) : null;
  }

  async findByCode(challengeId: string, joinCode: string): Promise<Team | null> {
    const teamId = this.challenges.get(challengeId)?.codes.get(joinCode);
    return teamId === undefined ? null : this.get(challengeId, teamId);
  }

  async teamOf(challengeId: string, agentId: string): Promise<Team | null> {
    const teamId = await this.teamIdOf(challengeId, agentId);
    return teamId === null ? null : this.get(challengeId, teamId);
  }

  async teamIdOf(challengeId: string, agentId: string): Promise<string | null> {
    return this.teamIdNow(challengeId, agentId);
  }

  /** The agent's team at once: the twin of the ledger's team id, for MemoryEventRepository. */
  teamIdNow(challengeId: string, agentId: string): string | null {
    return this.challenges.get(challengeId)?.members.get(agentId) ?? null;
  }

  async addMember(
    challengeId: string,
    teamId: string,
    member: TeamMember,
    tally: MemberTally,
    check: (team: Team) => void,
  ): Promise<Team> {
    const store = this.of(challengeId);
    const stored = store.teams.get(teamId);
    if (!stored) throw new DomainError('team_code_unknown', 'team no longer exists');
    check(toTeam(stored));
    if (store.members.has(member.agentId))
      throw new DomainError('already_in_team', 'agent is already in a team');
    stored.members = [...stored.members, copy(member)];
    if (tally.events > 0) stored.tallies = { ...stored.tallies, [member.agentId]: { ...tally } };
    store.members.set(member.agentId, teamId);
    return toTeam(stored);
  }

  async removeMember(challengeId: string, agentId: string): Promise<Team | null> {
    const store = this.challenges.get(challengeId);
    const teamId = store?.members.get(agentId);
    if (!store || teamId === undefined) return null;
    store.members.delete(agentId);
    const stored = store.teams.get(teamId);
    if (!stored) return null;
    stored.members = stored.members.filter((m) => m.agentId !== agentId);
    const tallies = { ...stored.tallies };
    delete tallies[agentId];
    stored.tallies = tallies;
    const left = toTeam(stored);
    if (stored.members.length === 0) {
      // An empty team is not ranked: it goes, and frees its name and code.
      store.teams.delete(teamId);
      store.names.delete(stored.nameKey);
      store.codes.delete(stored.joinCode);
    }
    return left;
  }

  async applyMemberTally(
    challengeId: string,
    teamId: string,
    agentId: string,
    tally: MemberTally,
  ): Promise<void> {
    const stored = this.challenges.get(challengeId)?.teams.get(teamId);
    // As the table: the latest copy is the member's (written unconditionally there); a copy for a team that is
    // gone changes nothing, one for a non-member never counts.
    if (stored?.members.some((m) => m.agentId === agentId)) {
      stored.tallies = { ...stored.tallies, [agentId]: { ...tally } };
    }
  }

  async list(challengeId: string): Promise<Team[]> {
    const teams = [...(this.challenges.get(challengeId)?.teams.values() ?? [])];
    return teams.sort((a, b) => byKey(a.id, b.id)).map(toTeam);
  }
}
