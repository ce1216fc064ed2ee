import type { DeliveryMessage, ReceivedDelivery } from '../../domain/broadcast';
import type { Clock, DeliveryQueue } from '../../domain/ports';

/** Which message, and which taking of it: a handle from an earlier taking no longer deletes the message. */
export interface MemoryReceipt {
  messageId: number;
  popReceipt: number;
}

interface Stored {
  message: DeliveryMessage;
  visibleAt: number;
  popReceipt: number;
  dequeueCount: number;
}

/**
 * In-memory twin of AzureDeliveryQueue, on the given clock: a taken message is hidden for its visibility
 * timeout and comes back after it unless deleted, so a test can play a worker that died by moving the clock.
 */
export class MemoryDeliveryQueue implements DeliveryQueue<MemoryReceipt> {
  private readonly messages = new Map<number, Stored>();
  private lastId = 0;
  private lastReceipt = 0;

  constructor(private readonly clock: Clock) {}

  async ensure(): Promise<void> {
    // Nothing to create: the queue is this object.
  }

  async enqueue(messages: readonly DeliveryMessage[]): Promise<void> {
    for (const message of messages) {
      this.lastId += 1;
      this.messages.set(this.lastId, {
        message: { ...message },
        visibleAt: this.clock.now(),
        popReceipt: 0,
        dequeueCount: 0,
      });
    }
  }

  async receive(
    count: number,
    visibilitySeconds: number,
  ): Promise<ReceivedDelivery<MemoryReceipt>[]> {
    const now = this.clock.now();
    const taken: ReceivedDelivery<MemoryReceipt>[] = [];
    for (const [messageId, stored] of this.messages) {
      if (taken.length >= count) break;
      if (stored.visibleAt > now) continue;
      this.lastReceipt += 1;
      stored.popReceipt = this.lastReceipt;
      stored.visibleAt = now + visibilitySeconds * 1000;
      stored.dequeueCount += 1;
      taken.push({
        ...stored.message,
        handle: { messageId, popReceipt: stored.popReceipt },
        dequeueCount: stored.dequeueCount,
      });
    }
    return taken;
  }

  async delete(message: ReceivedDelivery<MemoryReceipt>): Promise<void> {
    const stored = this.messages.get(message.handle.messageId);
    if (!stored) return; // already deleted: what was asked
    if (stored.popReceipt !== message.handle.popReceipt)
      throw new Error('the message was taken again since');
    this.messages.delete(message.handle.messageId);
  }

  async retryLater(message: ReceivedDelivery<MemoryReceipt>, seconds: number): Promise<void> {
    const stored = this.messages.get(message.handle.messageId);
    if (!stored || stored.popReceipt !== message.handle.popReceipt)
      throw new Error('the message was taken again since');
    // As in Azure, hiding a message again gives it a new receipt: the old handle is spent; the message is
    // written again as given (the delivery's version it carries).
    const { handle: _handle, dequeueCount: _count, ...written } = message;
    stored.message = { ...written };
    this.lastReceipt += 1;
    stored.popReceipt = this.lastReceipt;
    stored.visibleAt = this.clock.now() + Math.max(0, Math.ceil(seconds)) * 1000;
  }

  async approximateLength(): Promise<number> {
    return this.messages.size;
  }
}
