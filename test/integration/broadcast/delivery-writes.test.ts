import type { Delivery } from '../../../src/domain/broadcast';
import { TableBroadcastRepository } from '../../../src/storage/azure/broadcast-repository';
import { openTables } from '../../../src/storage/azure/tables';
import { countStoreCalls } from '../../support/counting-pipeline';
import { testConnectionString, uniquePrefix } from '../../support/storage';

/** The delivery rows' writes against Azurite: versions handed out at creation, outcomes written together. */
async function aSendOf(agentIds: string[]) {
  const tables = await openTables(testConnectionString(), uniquePrefix());
  const broadcasts = new TableBroadcastRepository(tables);
  const etags = await broadcasts.createPending('quiz.c1.j1', agentIds, '2026-11-23T08:00:00.000Z');
  const delivery = (agentId: string, changes: Partial<Delivery>): Delivery => ({
    sendId: 'quiz.c1.j1',
    agentId,
    state: 'pending',
    tries: 0,
    updatedAt: '2026-11-23T08:00:01.000Z',
    ...changes,
  });
  return { tables, broadcasts, etags, delivery };
}

describe('delivery rows in Azure Tables', () => {
  it('are created with the version the worker’s first write needs, for keys that need escaping too', async () => {
    // given
    const ids = ['a1', 'agent ünïcode/1', 'a3'];

    // when
    const { broadcasts, etags } = await aSendOf(ids);

    // then each created row's etag is the one a read gives
    expect([...etags.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(etags.get(id)).toBe((await broadcasts.getDelivery('quiz.c1.j1', id))!.etag);
  });

  it('record the outcomes of one send together, in one transaction', async () => {
    // given three cards marked 'sending'
    const { tables, broadcasts, etags, delivery } = await aSendOf(['a1', 'a2', 'a3']);
    const sending = await Promise.all(
      ['a1', 'a2', 'a3'].map((id) =>
        broadcasts.updateDelivery(delivery(id, { state: 'sending', tries: 1 }), etags.get(id)!),
      ),
    );
    const store = countStoreCalls(tables);

    // when the three cards went
    const sent = await Promise.all(
      ['a1', 'a2', 'a3'].map((id, i) =>
        broadcasts.updateDelivery(
          delivery(id, { state: 'sent', tries: 1, activityId: `act-${id}` }),
          sending[i]!,
        ),
      ),
    );

    // then one store call recorded them, and each caller has its row's new version
    expect(store.counts.byCall).toEqual({ 'Deliveries batch': 1 });
    for (const [i, id] of ['a1', 'a2', 'a3'].entries()) {
      const row = await broadcasts.getDelivery('quiz.c1.j1', id);
      expect(row).toMatchObject({ state: 'sent', activityId: `act-${id}` });
      expect(sent[i]).toBe(row!.etag);
    }
  });

  it('write each outcome alone when one of them is refused, so each caller learns its own answer', async () => {
    // given three cards marked 'sending', one of which another worker settled meanwhile
    const { broadcasts, etags, delivery } = await aSendOf(['a1', 'a2', 'a3']);
    const sending = await Promise.all(
      ['a1', 'a2', 'a3'].map((id) =>
        broadcasts.updateDelivery(delivery(id, { state: 'sending', tries: 1 }), etags.get(id)!),
      ),
    );
    await broadcasts.updateDelivery(
      delivery('a2', { state: 'sending', tries: 2, sendingUntil: 1 }),
      sending[1]!,
    );

    // when the three outcomes are recorded against what each attempt knew
    const written = await Promise.all(
      ['a1', 'a2', 'a3'].map((id, i) =>
        broadcasts.updateDelivery(delivery(id, { state: 'sent', tries: 1 }), sending[i]!),
      ),
    );

    // then the refused one is told, and the others are recorded
    expect(written[1]).toBeNull();
    expect(typeof written[0]).toBe('string');
    expect(typeof written[2]).toBe('string');
    expect((await broadcasts.getDelivery('quiz.c1.j1', 'a1'))!.state).toBe('sent');
    expect(await broadcasts.getDelivery('quiz.c1.j1', 'a2')).toMatchObject({
      state: 'sending',
      tries: 2,
    });
    expect((await broadcasts.getDelivery('quiz.c1.j1', 'a3'))!.state).toBe('sent');
  });
});
