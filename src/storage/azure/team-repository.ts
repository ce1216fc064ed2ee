import { createHash } from 'node:crypto';
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
  withOptimisticRetry,
  type TableSet,
} from './tables';
import { eventsPartitionOf, LEDGER, teamMemberKey } from './ledger-keys';
import { mergeEntity, submitBatch } from './table-wire';

/**
 * Teams table, one partition per challenge (PK = challenge id), so that a team and its indexes change together
 * in one entity-group transaction:
 *   RK 'team:<id>'       the team: name, join code, members (JSON), members' tallies (JSON) — ETag-updated by joins
 *                        and leaves — and one column per member, `m_<agent>`, their latest tally as each event
 *                        copies it (merged unconditionally: team mates answering together never race)
 *   RK 'member:<agent>'  which team an agent is in (at most one: created once, 409 = already in a team)
 *   RK 'name:<key>'      name uniqueness (case and accents folded)
 *   RK 'code:<code>'     join code lookup
 * A member's tally is the newer (more events) of the JSON's and their column's; a join or a leave folds the
 * columns into the JSON and drops the others (a Replace), so a column of someone who is not a member is never
 * counted. The agent's team id is also written to their ledger in the Events table (see event-repository.ts), so
 * that an answer knows which team to credit without reading here: before the membership when joining (a crash in
 * between leaves a ledger naming a team that does not count its copies: harmless), after it when leaving.
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
const memberKey = teamMemberKey;
const nameKey = (key: string) => `name:${Buffer.from(key, 'utf8').toString('base64url')}`;
const codeKey = (code: string) => `code:${code}`;

/**
 * The team row's column for one member's copied tally. Column names are letters, digits and '_': other characters
 * (and '_' itself) are written `_xx` in hex, so two agent ids never share a column and the id reads back.
 */
export function memberColumn(agentId: string): string {
  let column = columns.get(agentId);
  if (column === undefined) {
    column = `m_${agentId.replace(/[^A-Za-z0-9]/g, escapeColumnChar)}`;
    // A name is at most 255 characters: a longer id is named by its hash (no agent id comes near).
    if (column.length > 255) {
      column = `m_h${createHash('sha256').update(agentId).digest('hex')}`;
    }
    if (columns.size >= 20_000) columns.clear();
    columns.set(agentId, column);
  }
  return column;
}
/** Column names already worked out: a ranking reads every member of 500 teams. */
const columns = new Map<string, string>();
function escapeColumnChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 256
    ? `_${code.toString(16).padStart(2, '0')}`
    : `_u${code.toString(16).padStart(4, '0')}`;
}

/** A copied tally as its column holds it: "points|events|lastAt" (cheaper to read back than JSON, 500 teams a time). */
function tallyColumn(tally: MemberTally): string {
  return `${tally.points}|${tally.events}|${tally.lastAt ?? ''}`;
}
function readTallyColumn(value: unknown): MemberTally | undefined {
  if (typeof value !== 'string') return undefined;
  const [points, events, lastAt] = value.split('|');
  return { points: Number(points), events: Number(events), lastAt: lastAt ? Number(lastAt) : null };
}

/** The team a row holds; `members` when the caller already has them parsed from the same text. */
function toTeam(challengeId: string, row: TeamRow, members?: TeamMember[]): Team {
  members ??= JSON.parse(row.members) as TeamMember[];
  const tallies: Record<string, MemberTally> = JSON.parse(row.tallies);
  const columns = row as unknown as Record<string, unknown>;
  for (const member of members) {
    const copied = readTallyColumn(columns[memberColumn(member.agentId)]);
    if (copied) tallies[member.agentId] = newerTally(tallies[member.agentId], copied);
  }
  return {
    id: row.teamId,
    challengeId,
    name: row.name,
    joinCode: row.joinCode,
    members,
    tallies,
    createdAt: row.createdAt,
  };
}

/** The team row as a join or a leave writes it whole: the members' columns folded into the JSON, no others. */
function wholeRow(challengeId: string, row: TeamRow, team: Pick<Team, 'members' | 'tallies'>) {
  return {
    partitionKey: challengeId,
    rowKey: teamKey(row.teamId),
    teamId: row.teamId,
    name: row.name,
    nameKey: row.nameKey,
    joinCode: row.joinCode,
    members: JSON.stringify(team.members),
    tallies: JSON.stringify(team.tallies),
    createdAt: row.createdAt,
  };
}

/** The tally that has seen more events is the newer one: tallies only grow. */
export function newerTally(a: MemberTally | undefined, b: MemberTally): MemberTally {
  return a && a.events >= b.events ? a : b;
}

/** How many agents' latest team copies this instance remembers (see applyMemberTally). */
const LATEST_COPIES_KEPT = 10_000;

export class TableTeamRepository implements TeamRepository {
  /** By challenge, team and agent: the events count of the latest copy made here, and its write. */
  private readonly latestCopies = new Map<string, { events: number; written: Promise<void> }>();

  /**
   * The teams as last listed, by team id, with the ETag and members' text they were built from. The ranking lists
   * every team once a second while answers flow; most rows have not changed since the last list, and building
   * them again (10,000 members parsed, then kept: old-space garbage) was most of that list's CPU. Only the current
   * challenge's teams are kept. Teams given out by `list` are shared: nobody may change them (none does).
   */
  private listed?: {
    challengeId: string;
    rows: Map<string, { etag: string; membersText: string; team: Team }>;
  };

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

  /** Writes the agent's team id ('' for none) to their ledger, where an answer reads it. */
  private async noteLedgerTeam(
    challengeId: string,
    agentId: string,
    teamId: string,
  ): Promise<void> {
    await this.tables.Events.upsertEntity(
      { partitionKey: eventsPartitionOf(challengeId, agentId), rowKey: LEDGER, agentId, teamId },
      'Merge',
    );
  }

  /**
   * After a refused or failed join: the ledger names the team the membership row names, whatever the write before
   * the refusal said. A failure here leaves a ledger naming a team that does not count the agent: harmless.
   */
  private async settleLedgerTeam(challengeId: string, agentId: string): Promise<void> {
    const pointer = await getEntityOrNull<{ teamId: string }>(
      this.client,
      challengeId,
      memberKey(agentId),
    ).catch(() => undefined);
    if (pointer === undefined) return;
    await this.noteLedgerTeam(challengeId, agentId, pointer?.teamId ?? '').catch(() => undefined);
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
    // The ledger first: an answer given while the team is being founded already credits it.
    await this.noteLedgerTeam(challengeId, founder.agentId, team.id);
    try {
      await submitBatch(this.client, [
        ['create', { partitionKey: pk, rowKey: memberKey(founder.agentId), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: nameKey(team.nameKey), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: codeKey(team.joinCode), teamId: team.id }],
        ['create', { partitionKey: pk, rowKey: teamKey(team.id), ...row }],
      ]);
    } catch (error) {
      await this.settleLedgerTeam(challengeId, founder.agentId);
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
    let ledgerNoted = false;
    try {
      return await withOptimisticRetry(async () => {
        const row = await this.readTeam(challengeId, teamId);
        const team = row && toTeam(challengeId, row);
        // A row without members is a team its last member just left (its name and code are already freed, its
        // row is about to go): joining it would leave the joiner in a team that no longer exists.
        if (!row || !team || team.members.length === 0) {
          throw new DomainError('team_code_unknown', 'team no longer exists');
        }
        check(team);
        if (!ledgerNoted) {
          // The ledger first (see the top of this file), once the join looks possible.
          await this.noteLedgerTeam(challengeId, member.agentId, teamId);
          ledgerNoted = true;
        }
        const members = [...team.members, member];
        // The joiner's tally as given, or as an answer given meanwhile already copied it here.
        const copied = readTallyColumn(
          (row as unknown as Record<string, unknown>)[memberColumn(member.agentId)],
        );
        const joining = copied ? newerTally(copied, tally) : tally;
        const tallies =
          joining.events > 0 ? { ...team.tallies, [member.agentId]: joining } : team.tallies;
        try {
          await submitBatch(this.client, [
            ['create', { partitionKey: challengeId, rowKey: memberKey(member.agentId), teamId }],
            [
              'update',
              wholeRow(challengeId, row, { members, tallies }),
              'Replace',
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
            throw new DomainError(
              'team_code_unknown',
              'team no longer exists',
              {},
              { cause: error },
            );
          }
          throw error;
        }
        return { ...team, members, tallies };
      });
    } catch (error) {
      if (ledgerNoted) await this.settleLedgerTeam(challengeId, member.agentId);
      throw error;
    }
  }

  async removeMember(challengeId: string, agentId: string): Promise<Team | null> {
    const left = await withOptimisticRetry(async () => {
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
        await submitBatch(this.client, actions);
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
        await submitBatch(this.client, actions);
        // The leave has landed: the row now says no members, so `list` skips it, and its membership, name and code
        // rows are gone. Deleting it is tidying only: a failure leaves a row nothing lists, and must not turn a
        // leave that is done into an error.
        await this.client.deleteEntity(challengeId, teamKey(team.id)).catch(() => undefined);
      } else {
        // Whole: the leaver's column goes with them (a Replace), so it cannot count if they ever come back.
        actions.push([
          'update',
          wholeRow(challengeId, row, { members, tallies }),
          'Replace',
          { etag: row.etag },
        ]);
        await submitBatch(this.client, actions);
      }
      return { ...team, members, tallies };
    });
    // After the membership: a crash before this leaves a ledger naming the team left, whose copies no longer count.
    await this.noteLedgerTeam(challengeId, agentId, '');
    // Back in a team, after an erasure say, their tally starts again: the copies remembered no longer rule.
    if (left) this.latestCopies.delete(`${challengeId}\u0000${left.id}\u0000${agentId}`);
    return left;
  }

  async applyMemberTally(
    challengeId: string,
    teamId: string,
    agentId: string,
    tally: MemberTally,
  ): Promise<void> {
    // One agent's copies go one after the other, and one older than a copy already made is dropped: the write is
    // unconditional, so its order is the only thing that keeps the newer tally (two events of one agent at once:
    // the second waited for the first at the ledger, its copy must land last).
    const key = `${challengeId}\u0000${teamId}\u0000${agentId}`;
    const previous = this.latestCopies.get(key);
    if (previous && previous.events >= tally.events) return previous.written;
    const written = (previous?.written ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.writeMemberColumn(challengeId, teamId, agentId, tally));
    this.latestCopies.delete(key);
    this.latestCopies.set(key, { events: tally.events, written });
    // Bounded: the oldest entries go first (a copy is seconds old when the next event of that agent comes).
    if (this.latestCopies.size > LATEST_COPIES_KEPT) {
      this.latestCopies.delete(this.latestCopies.keys().next().value!);
    }
    return written;
  }

  private async writeMemberColumn(
    challengeId: string,
    teamId: string,
    agentId: string,
    tally: MemberTally,
  ): Promise<void> {
    try {
      // Unconditional: it writes this member's column only, which no one else writes.
      await mergeEntity(this.client, {
        partitionKey: challengeId,
        rowKey: teamKey(teamId),
        [memberColumn(agentId)]: tallyColumn(tally),
      });
    } catch (error) {
      // The team is gone (its last member left): nothing to credit.
      if (!isNotFound(error)) throw error;
    }
  }

  async list(challengeId: string): Promise<Team[]> {
    const rows = await listPartition<TeamRow>(this.client, challengeId, 'team:');
    const before = this.listed?.challengeId === challengeId ? this.listed.rows : undefined;
    const now = new Map<string, { etag: string; membersText: string; team: Team }>();
    const teams: Team[] = [];
    for (const row of rows) {
      if (row.members === '[]') continue;
      const known = before?.get(row.teamId);
      // An unchanged row is the same team; a row changed by answers (its members' columns) keeps its members.
      const team =
        known && row.etag && known.etag === row.etag
          ? known.team
          : toTeam(
              challengeId,
              row,
              known?.membersText === row.members ? known.team.members : undefined,
            );
      now.set(row.teamId, { etag: row.etag ?? '', membersText: row.members, team });
      teams.push(team);
    }
    this.listed = { challengeId, rows: now };
    return teams;
  }
}
