import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import type { NewTeam, TeamRepository } from '../../domain/ports';
import type { MemberTally } from '../../domain/scoring';
import type { Team, TeamMember } from '../../domain/teams';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  listPartition,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';

/**
 * Teams table, one partition per challenge (PK = challenge id), so that a team and its indexes change together
 * in one entity-group transaction:
 *   RK 'team:<id>'       the team: name, join code, members (JSON), members' tallies (JSON)   — ETag-updated
 *   RK 'member:<agent>'  which team an agent is in (at most one: created once, 409 = already in a team)
 *   RK 'name:<key>'      name uniqueness (case and accents folded)
 *   RK 'code:<code>'     join code lookup
 */
interface TeamRow {
  teamId: string;
  name: string;
  nameKey: string;
  joinCode: string;
  members: string;
  tallies: string;
  createdAt: string;
}

const teamKey = (teamId: string) => `team:${teamId}`;
const memberKey = (agentId: string) => `member:${safeKey(agentId)}`;
const nameKey = (key: string) => `name:${Buffer.from(key, 'utf8').toString('base64url')}`;
const codeKey = (code: string) => `code:${code}`;

function toTeam(challengeId: string, row: TeamRow): Team {
  return {
    id: row.teamId,
    challengeId,
    name: row.name,
    joinCode: row.joinCode,
    members: JSON.parse(row.members),
    tallies: JSON.parse(row.tallies),
    createdAt: row.createdAt,
  };
}

/** The tally that has seen more events is the newer one: tallies only grow. */
export function newerTally(a: MemberTally | undefined, b: MemberTally): MemberTally {
  return a && a.events >= b.events ? a : b;
}

export class TableTeamRepository implements TeamRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.Teams;
  }

  private async readTeam(
    challengeId: string,
    teamId: string,
  ): Promise<TableEntityResult<TeamRow> | null> {
    return getEntityOrNull<TeamRow>(this.client, challengeId, teamKey(teamId));
  }

  async create(
    challengeId: string,
    team: NewTeam,
    founder: TeamMember,
    founderTally: MemberTally,
  ): Promise<Team> {
    const row: TeamRow = {
      teamId: team.id,
      name: team.name,
      nameKey: team.nameKey,
      joinCode: team.joinCode,
      members: JSON.stringify([founder]),
      tallies: JSON.stringify(founderTally.events > 0 ? { [founder.agentId]: founderTally } : {}),
      createdAt: team.createdAt,
    };
    const pk = challengeId;
    try {
      await this.client.submitTransaction([
        ['create', { partitionKey: pk, rowKey: memberKey(founder.agentId), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: nameKey(team.nameKey), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: codeKey(team.joinCode), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: teamKey(team.id), ...row }],
      ]);
    } catch (error) {
      if (!isConflict(error)) throw error;
      // The failing action's index starts the message ("0:…"): member, name, then code.
      const index = Number(/^(\d+):/.exec((error as Error).message)?.[1] ?? -1);
      if (index === 0 || (index < 0 && (await this.teamOf(challengeId, founder.agentId)))) {
        throw new DomainError(
          'already_in_team',
          'agent is already in a team',
          {},
          { cause: error },
        );
      }
      if (
        index === 1 ||
        (index < 0 && (await getEntityOrNull(this.client, pk, nameKey(team.nameKey))))
      ) {
        throw new DomainError(
          'team_name_taken',
          'team name is taken',
          { name: team.name },
          { cause: error },
        );
      }
      throw new DomainError('conflict', 'join code or team id already used', {}, { cause: error });
    }
    return toTeam(challengeId, row);
  }

  async get(challengeId: string, teamId: string): Promise<Team | null> {
    const row = await this.readTeam(challengeId, teamId);
    return row ? toTeam(challengeId, row) : null;
  }

  async findByCode(challengeId: string, joinCode: string): Promise<Team | null> {
    const pointer = await getEntityOrNull<{ teamId: string }>(
      this.client,
      challengeId,
      codeKey(joinCode),
    );
    return pointer ? this.get(challengeId, pointer.teamId) : null;
  }

  async teamOf(challengeId: string, agentId: string): Promise<Team | null> {
    const teamId = await this.teamIdOf(challengeId, agentId);
    return teamId ? this.get(challengeId, teamId) : null;
  }

  async teamIdOf(challengeId: string, agentId: string): Promise<string | null> {
    const pointer = await getEntityOrNull<{ teamId: string }>(
      this.client,
      challengeId,
      memberKey(agentId),
    );
    return pointer?.teamId ?? null;
  }

  async addMember(
    challengeId: string,
    teamId: string,
    member: TeamMember,
    tally: MemberTally,
    check: (team: Team) => void,
  ): Promise<Team> {
    return withOptimisticRetry(async () => {
      const row = await this.readTeam(challengeId, teamId);
      const team = row && toTeam(challengeId, row);
      // A row without members is a team its last member just left (its name and code are already freed, its row
      // is about to go): joining it would leave the joiner in a team that no longer exists.
      if (!row || !team || team.members.length === 0) {
        throw new DomainError('team_code_unknown', 'team no longer exists');
      }
      check(team);
      const members = [...team.members, member];
      const tallies =
        tally.events > 0 ? { ...team.tallies, [member.agentId]: tally } : team.tallies;
      try {
        await this.client.submitTransaction([
          ['create', { partitionKey: challengeId, rowKey: memberKey(member.agentId), teamId }],
          [
            'update',
            {
              partitionKey: challengeId,
              rowKey: teamKey(teamId),
              members: JSON.stringify(members),
              tallies: JSON.stringify(tallies),
            },
            'Merge',
            { etag: row.etag },
          ],
        ]);
      } catch (error) {
        if (isConflict(error)) {
          throw new DomainError(
            'already_in_team',
            'agent is already in a team',
            {},
            { cause: error },
          );
        }
        // The last member left between our read and this write: the team row is gone (not a stale version).
        if (isNotFound(error)) {
          throw new DomainError('team_code_unknown', 'team no longer exists', {}, { cause: error });
        }
        throw error;
      }
      return { ...team, members, tallies };
    });
  }

  async removeMember(challengeId: string, agentId: string): Promise<Team | null> {
    return withOptimisticRetry(async () => {
      const pointer = await getEntityOrNull<{ teamId: string }>(
        this.client,
        challengeId,
        memberKey(agentId),
      );
      if (!pointer) return null;
      const row = await this.readTeam(challengeId, pointer.teamId);
      const actions: TransactionAction[] = [
        ['delete', { partitionKey: challengeId, rowKey: memberKey(agentId) }],
      ];
      if (!row) {
        await this.client.submitTransaction(actions);
        return null;
      }
      const team = toTeam(challengeId, row);
      const members = team.members.filter((m) => m.agentId !== agentId);
      const tallies = { ...team.tallies };
      delete tallies[agentId];
      if (members.length === 0) {
        // An empty team is not ranked: it goes, and frees its name and code. The ETag guards a concurrent join.
        actions.push(
          [
            'update',
            { partitionKey: challengeId, rowKey: teamKey(team.id), members: '[]' },
            'Merge',
            { etag: row.etag },
          ],
          ['delete', { partitionKey: challengeId, rowKey: nameKey(row.nameKey) }],
          ['delete', { partitionKey: challengeId, rowKey: codeKey(row.joinCode) }],
        );
        await this.client.submitTransaction(actions);
        // The leave has landed: the row now says no members, so `list` skips it, and its membership, name and code
        // rows are gone. Deleting it is tidying only: a failure leaves a row nothing lists, and must not turn a
        // leave that is done into an error.
        await this.client.deleteEntity(challengeId, teamKey(team.id)).catch(() => undefined);
      } else {
        actions.push([
          'update',
          {
            partitionKey: challengeId,
            rowKey: teamKey(team.id),
            members: JSON.stringify(members),
            tallies: JSON.stringify(tallies),
          },
          'Merge',
          { etag: row.etag },
        ]);
        await this.client.submitTransaction(actions);
      }
      return { ...team, members, tallies };
    });
  }

  async applyMemberTally(
    challengeId: string,
    teamId: string,
    agentId: string,
    tally: MemberTally,
  ): Promise<Team | null> {
    return withOptimisticRetry(async () => {
      const row = await this.readTeam(challengeId, teamId);
      if (!row) return null;
      const team = toTeam(challengeId, row);
      if (!team.members.some((m) => m.agentId === agentId)) return team;
      const current = team.tallies[agentId];
      const next = newerTally(current, tally);
      if (next === current) return team;
      const tallies = { ...team.tallies, [agentId]: next };
      await this.client.updateEntity(
        { partitionKey: challengeId, rowKey: teamKey(teamId), tallies: JSON.stringify(tallies) },
        'Merge',
        { etag: row.etag },
      );
      return { ...team, tallies };
    });
  }

  async list(challengeId: string): Promise<Team[]> {
    const rows = await listPartition<TeamRow>(this.client, challengeId, 'team:');
    return rows.filter((row) => row.members !== '[]').map((row) => toTeam(challengeId, row));
  }
}
