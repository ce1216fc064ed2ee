import { QueueClient } from '@azure/storage-queue';

/** One queue message: a recipient of a send, with how to reach them (saves a read per delivery). */
export interface DeliveryMessage {
  sendId: string;
  agentId: string;
  /** The agent's conversation reference (JSON) and language at enqueue time. */
  reference?: string;
  locale?: 'fr' | 'en';
}

export interface ReceivedDelivery extends DeliveryMessage {
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
}

/**
 * The Azure Storage queue that spreads a send's recipients over every instance's workers. A message becomes
 * visible again if its worker dies before deleting it: deliveries are at-least-once, the delivery row makes the
 * card at-most-once.
 */
export class DeliveryQueue {
  private readonly client: QueueClient;

  constructor(connectionString: string, name: string) {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)) throw new Error(`invalid queue name "${name}"`);
    this.client = new QueueClient(connectionString, name);
  }

  async ensure(): Promise<void> {
    await this.client.createIfNotExists();
  }

  /** Enqueues messages, `parallel` requests at a time (a queue takes one message per request). */
  async enqueue(messages: readonly DeliveryMessage[], parallel = 32): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const message = messages[next++]!;
        await this.client.sendMessage(
          JSON.stringify({ s: message.sendId, a: message.agentId, r: message.reference, l: message.locale }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, messages.length) }, lane));
  }

  /** Takes up to `count` messages, hidden from others for `visibilitySeconds`. Malformed messages are dropped. */
  async receive(count: number, visibilitySeconds: number): Promise<ReceivedDelivery[]> {
    const response = await this.client.receiveMessages({ numberOfMessages: Math.min(32, count), visibilityTimeout: visibilitySeconds });
    const received: ReceivedDelivery[] = [];
    for (const item of response.receivedMessageItems) {
      try {
        const body = JSON.parse(item.messageText) as { s?: unknown; a?: unknown; r?: unknown; l?: unknown };
        if (typeof body.s !== 'string' || typeof body.a !== 'string') throw new Error('bad shape');
        received.push({
          sendId: body.s,
          agentId: body.a,
          reference: typeof body.r === 'string' ? body.r : undefined,
          locale: body.l === 'en' ? 'en' : body.l === 'fr' ? 'fr' : undefined,
          messageId: item.messageId,
          popReceipt: item.popReceipt,
          dequeueCount: item.dequeueCount,
        });
      } catch {
        await this.client.deleteMessage(item.messageId, item.popReceipt).catch(() => undefined);
      }
    }
    return received;
  }

  async delete(message: ReceivedDelivery): Promise<void> {
    await this.client.deleteMessage(message.messageId, message.popReceipt).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }

  /** Hides the message for `seconds` more: how a delivery waits for its next try. */
  async retryLater(message: ReceivedDelivery, seconds: number): Promise<void> {
    await this.client.updateMessage(message.messageId, message.popReceipt, undefined, Math.max(0, Math.ceil(seconds)));
  }

  async approximateLength(): Promise<number> {
    const properties = await this.client.getProperties();
    return properties.approximateMessagesCount ?? 0;
  }
}
