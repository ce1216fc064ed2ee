import type { ChannelConversation, ChannelRepository } from '../../domain/ports';
import { copy } from './copy';

/** In-memory twin of TableChannelRepository. */
export class MemoryChannelRepository implements ChannelRepository {
  private readonly channels = new Map<string, ChannelConversation>();

  async save(channel: ChannelConversation): Promise<void> {
    this.channels.set(channel.id, copy(channel));
  }

  async remove(id: string): Promise<void> {
    this.channels.delete(id);
  }

  async list(): Promise<ChannelConversation[]> {
    return [...this.channels.values()].map(copy).sort((a, b) => a.addedAt.localeCompare(b.addedAt));
  }
}
