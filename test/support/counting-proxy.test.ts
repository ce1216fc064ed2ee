import { describeCounts, diffCounts, emptyCounts, queueKind, tableKind } from './counting-proxy';

// The bench's "store calls per answer" is only as good as this classification: requests as the SDKs send them.
describe('counting proxy: what a store request does', () => {
  const entity = "/devstoreaccount1/answersEvents(PartitionKey='c1%7Ca-1',RowKey='tally')";

  it('tells table reads, writes and their conditions apart', () => {
    expect(tableKind('GET', entity, undefined)).toBe('point read');
    expect(tableKind('GET', '/devstoreaccount1/answersTeams()', undefined)).toBe('query');
    expect(tableKind('POST', '/devstoreaccount1/answersTeams', undefined)).toBe('insert');
    expect(tableKind('POST', '/devstoreaccount1/$batch', undefined)).toBe('batch');
    expect(tableKind('PATCH', entity, 'W/"datetime\'1\'"')).toBe('if-match merge');
    expect(tableKind('PATCH', entity, '*')).toBe('merge');
    expect(tableKind('PATCH', entity, undefined)).toBe('upsert merge');
    expect(tableKind('PUT', entity, 'W/"datetime\'1\'"')).toBe('if-match replace');
    expect(tableKind('PUT', entity, undefined)).toBe('upsert replace');
    expect(tableKind('DELETE', entity, '*')).toBe('delete');
    expect(tableKind('POST', '/devstoreaccount1/Tables', undefined)).toBe('table admin');
  });

  it('tells queue receives, puts and deletes apart', () => {
    const none = new URLSearchParams();
    expect(queueKind('GET', '/devstoreaccount1/q-0/messages', none)).toBe('queue receive');
    expect(
      queueKind('GET', '/devstoreaccount1/q-0/messages', new URLSearchParams('peekonly=true')),
    ).toBe('queue peek');
    expect(queueKind('POST', '/devstoreaccount1/q-0/messages', none)).toBe('queue put');
    expect(queueKind('DELETE', '/devstoreaccount1/q-0/messages/id-1', none)).toBe('queue delete');
    expect(queueKind('PUT', '/devstoreaccount1/q-0/messages/id-1', none)).toBe('queue update');
    expect(queueKind('PUT', '/devstoreaccount1/q-0', none)).toBe('queue admin');
  });

  it('reports a phase as the difference of two snapshots, per thing done', () => {
    // Given: counts before and after a phase of two answers
    const before = { ...emptyCounts(), total: 5, byKind: { 'point read': 5 } };
    const after = {
      ...emptyCounts(),
      total: 11,
      byKind: { 'point read': 7, batch: 2, merge: 2 },
      failures: { 'point read 404': 1 },
      batchOperations: 4,
    };
    // When
    const phase = diffCounts(before, after);
    // Then
    expect(phase.total).toBe(6);
    expect(describeCounts(phase, 2, 'answer')).toBe(
      '3.00 store calls per answer (point read 1.00, batch 1.00, merge 1.00); not 2xx: point read 404 0.50; operations in batches 2.00',
    );
  });
});
