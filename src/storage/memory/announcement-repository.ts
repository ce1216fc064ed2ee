import type { Announcement } from '../../domain/announcements';
import type { AnnouncementRepository, Versioned } from '../../domain/ports';
import { copy } from './copy';

/** In-memory twin of TableAnnouncementRepository: created once per id, every change checked against its etag. */
export class MemoryAnnouncementRepository implements AnnouncementRepository {
  private readonly rows = new Map<string, Versioned<Announcement>>();
  private version = 0;

  private key(challengeId: string, id: string): string {
    return `${challengeId}/${id}`;
  }

  async create(
    announcement: Announcement,
  ): Promise<{ created: boolean; announcement: Announcement }> {
    const key = this.key(announcement.challengeId, announcement.id);
    const existing = this.rows.get(key);
    if (existing) {
      const { etag: _etag, ...stored } = copy(existing);
      return { created: false, announcement: stored };
    }
    this.rows.set(key, { ...copy(announcement), etag: `v${++this.version}` });
    return { created: true, announcement: copy(announcement) };
  }

  async get(challengeId: string, id: string): Promise<Versioned<Announcement> | null> {
    const row = this.rows.get(this.key(challengeId, id));
    return row ? copy(row) : null;
  }

  async update(
    challengeId: string,
    id: string,
    changes: Partial<Omit<Announcement, 'id' | 'challengeId'>>,
    etag?: string,
  ): Promise<string | null> {
    const key = this.key(challengeId, id);
    const row = this.rows.get(key);
    if (!row || (etag !== undefined && etag !== row.etag)) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const written = { ...row, ...copy(defined), etag: `v${++this.version}` };
    this.rows.set(key, written);
    return written.etag;
  }

  async list(challengeId: string): Promise<Announcement[]> {
    return [...this.rows.values()]
      .filter((row) => row.challengeId === challengeId)
      .map(({ etag: _etag, ...announcement }) => copy(announcement))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
