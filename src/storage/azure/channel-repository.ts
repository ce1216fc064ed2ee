import type { ChannelConversation, ChannelRepository } from '../../domain/ports';
import { isNotFound, listPartition, safeKey, type TableSet } from './tables';

/** Channels table: PK 'channel', RK = conversation id (encoded); a few rows, one per team the app was added to. */
interface ChannelRow {
  conversationId: string;
  teamId?: string;
  teamName?: string;
  conversationReference: string;
  addedAt: string;
}

const PARTITION = 'channel';

export class TableChannelRepository implements ChannelRepository {
  constructor(private readonly tables: TableSet) {}

  async save(channel: ChannelConversation): Promise<void> {
    await this.tables.Channels.upsertEntity(
      {
        partitionKey: PARTITION,
        rowKey: safeKey(channel.id),
        conversationId: channel.id,
        teamId: channel.teamId ?? '',
        teamName: channel.teamName ?? '',
        conversationReference: channel.conversationReference,
        addedAt: channel.addedAt,
      },
      'Replace',
    );
  }

  async remove(id: string): Promise<void> {
    try {
      await this.tables.Channels.deleteEntity(PARTITION, safeKey(id));
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: nothing to do
    }
  }

  async list(): Promise<ChannelConversation[]> {
    const rows = await listPartition<ChannelRow>(this.tables.Channels, PARTITION);
    return rows
      .map((row) => ({
        id: row.conversationId,
        ...(row.teamId ? { teamId: row.teamId } : {}),
        ...(row.teamName ? { teamName: row.teamName } : {}),
        conversationReference: row.conversationReference,
        addedAt: row.addedAt,
      }))
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt));
  }
}
