import type { Challenge } from '../../domain/challenge';
import type { ChallengeRepository } from '../../domain/ports';
import { getEntityOrNull, type TableSet } from './tables';
import { TtlCache } from './ttl-cache';
import { submitBatch } from './table-wire';

interface ChallengeRow {
  title: string;
  startDate: string;
  days: number;
  timeZone: string;
  scoring: string;
  maxTeamSize: number;
  teamsLockAt?: string;
  /** JSON of the check-in window rule; empty for the default. */
  checkinWindow?: string;
  /** JSON of the training links by quiz theme; empty for the defaults. */
  trainingLinks?: string;
}

const PARTITION = 'challenge';
const CURRENT = '_current';

function toChallenge(id: string, row: ChallengeRow): Challenge {
  return {
    id,
    title: row.title,
    startDate: row.startDate,
    days: row.days,
    timeZone: row.timeZone,
    scoring: JSON.parse(row.scoring),
    maxTeamSize: row.maxTeamSize,
    ...(row.teamsLockAt ? { teamsLockAt: row.teamsLockAt } : {}),
    ...(row.checkinWindow ? { checkinWindow: JSON.parse(row.checkinWindow) } : {}),
    ...(row.trainingLinks ? { trainingLinks: JSON.parse(row.trainingLinks) } : {}),
  };
}

/** Challenges table: PK 'challenge', RK = challenge id; RK '_current' points at the running one. */
export class TableChallengeRepository implements ChallengeRepository {
  private readonly cache = new TtlCache<Challenge | null>(5000);

  constructor(private readonly tables: TableSet) {}

  async current(): Promise<Challenge | null> {
    return this.cache.get(CURRENT, async () => {
      const pointer = await getEntityOrNull<{ challengeId: string }>(
        this.tables.Challenges,
        PARTITION,
        CURRENT,
      );
      return pointer ? this.get(pointer.challengeId) : null;
    });
  }

  async get(challengeId: string): Promise<Challenge | null> {
    const row = await getEntityOrNull<ChallengeRow>(this.tables.Challenges, PARTITION, challengeId);
    return row ? toChallenge(challengeId, row) : null;
  }

  async saveAsCurrent(challenge: Challenge): Promise<void> {
    const row: ChallengeRow = {
      title: challenge.title,
      startDate: challenge.startDate,
      days: challenge.days,
      timeZone: challenge.timeZone,
      scoring: JSON.stringify(challenge.scoring),
      maxTeamSize: challenge.maxTeamSize,
      teamsLockAt: challenge.teamsLockAt ?? '',
      checkinWindow: challenge.checkinWindow ? JSON.stringify(challenge.checkinWindow) : '',
      trainingLinks: challenge.trainingLinks ? JSON.stringify(challenge.trainingLinks) : '',
    };
    await submitBatch(this.tables.Challenges, [
      ['upsert', { partitionKey: PARTITION, rowKey: challenge.id, ...row }, 'Replace'],
      [
        'upsert',
        { partitionKey: PARTITION, rowKey: CURRENT, challengeId: challenge.id },
        'Replace',
      ],
    ]);
    this.cache.set(CURRENT, challenge);
  }
}
