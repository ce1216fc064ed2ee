import type { TableEntityResult } from '@azure/data-tables';
import type { Announcement } from '../../domain/announcements';
import type { AnnouncementRepository, Versioned } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  isStale,
  listPartition,
  type TableSet,
} from './tables';

/**
 * Announcements table: PK = challenge id, RK = announcement id; the audience, link and report card as JSON.
 * Created once (the id says what it is: a second create of the same announcement is refused by the store).
 */
type AnnouncementRow = Record<string, string | boolean | undefined>;

const JSON_FIELDS = ['audience', 'link', 'reportCard'] as const;

function rowOf(changes: Partial<Announcement>): AnnouncementRow {
  const row: AnnouncementRow = {};
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'id' || key === 'challengeId' || value === undefined) continue;
    row[key] = (JSON_FIELDS as readonly string[]).includes(key)
      ? JSON.stringify(value)
      : (value as string | boolean);
  }
  return row;
}

function toAnnouncement(row: TableEntityResult<AnnouncementRow>): Versioned<Announcement> {
  const text = (name: string) =>
    typeof row[name] === 'string' ? (row[name] as string) : undefined;
  const json = <T>(name: string): T | undefined => {
    const value = text(name);
    return value ? (JSON.parse(value) as T) : undefined;
  };
  return {
    id: row.rowKey!,
    challengeId: row.partitionKey!,
    title: text('title') ?? '',
    text: text('text') ?? '',
    ...(json('link') ? { link: json('link') } : {}),
    audience: json('audience') ?? { kind: 'all' },
    preview: row.preview === true,
    createdBy: text('createdBy') ?? '',
    createdAt: text('createdAt') ?? '',
    sendAt: text('sendAt') ?? '',
    state: (text('state') ?? 'scheduled') as Announcement['state'],
    ...(text('sendId') ? { sendId: text('sendId') } : {}),
    ...(text('cancelledAt')
      ? { cancelledAt: text('cancelledAt'), cancelledBy: text('cancelledBy') }
      : {}),
    ...(json('reportCard') ? { reportCard: json('reportCard') } : {}),
    ...(text('reported') ? { reported: text('reported') } : {}),
    ...(row.reportedFinal === true ? { reportedFinal: true } : {}),
    etag: row.etag,
  };
}

export class TableAnnouncementRepository implements AnnouncementRepository {
  constructor(private readonly tables: TableSet) {}

  async create(
    announcement: Announcement,
  ): Promise<{ created: boolean; announcement: Announcement }> {
    try {
      await this.tables.Announcements.createEntity({
        partitionKey: announcement.challengeId,
        rowKey: announcement.id,
        ...rowOf(announcement),
      });
      return { created: true, announcement };
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    const { etag: _etag, ...existing } = (await this.get(
      announcement.challengeId,
      announcement.id,
    ))!;
    return { created: false, announcement: existing };
  }

  async get(challengeId: string, id: string): Promise<Versioned<Announcement> | null> {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(id)) return null; // not an id this app gives: no key to read
    const row = await getEntityOrNull<AnnouncementRow>(this.tables.Announcements, challengeId, id);
    return row ? toAnnouncement(row) : null;
  }

  async update(
    challengeId: string,
    id: string,
    changes: Partial<Omit<Announcement, 'id' | 'challengeId'>>,
    etag?: string,
  ): Promise<string | null> {
    try {
      const result = await this.tables.Announcements.updateEntity(
        { partitionKey: challengeId, rowKey: id, ...rowOf(changes) },
        'Merge',
        { etag: etag ?? '*' },
      );
      return result.etag ?? '';
    } catch (error) {
      if (isStale(error) || isNotFound(error)) return null;
      throw error;
    }
  }

  async list(challengeId: string): Promise<Announcement[]> {
    const rows = await listPartition<AnnouncementRow>(this.tables.Announcements, challengeId);
    return rows
      .map((row) => {
        const { etag: _etag, ...announcement } = toAnnouncement(row);
        return announcement;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
