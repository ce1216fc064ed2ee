import { LostRace, withOptimisticRetry } from '../../../src/storage/azure/tables';

/** The store's conditional-write error, as @azure/data-tables throws it. */
const stale = () => Object.assign(new Error('UpdateConditionNotSatisfied'), { statusCode: 412 });
const conflict = () => Object.assign(new Error('EntityAlreadyExists'), { statusCode: 409 });

describe('withOptimisticRetry', () => {
  it('reads again after a lost race, until the write lands', async () => {
    // given a write that loses twice (a row created meanwhile, then a stale ETag)
    const failures = [new LostRace(conflict()), stale()];
    let attempts = 0;

    // when it runs under withOptimisticRetry
    const result = await withOptimisticRetry(async () => {
      attempts += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'written';
    });

    // then the third attempt lands
    expect(result).toBe('written');
    expect(attempts).toBe(3);
  });

  it("surfaces the store's own error, not the retry marker, when out of tries", async () => {
    // given a write that always loses its race to a row created meanwhile
    const cause = conflict();

    // when the tries run out
    const outcome = withOptimisticRetry(async () => {
      throw new LostRace(cause);
    }, 3);

    // then the caller sees the 409 itself
    await expect(outcome).rejects.toBe(cause);
  });

  it('does not retry anything else', async () => {
    // given a write refused for another reason
    let attempts = 0;
    const refusal = Object.assign(new Error('Forbidden'), { statusCode: 403 });

    // when it runs
    const outcome = withOptimisticRetry(async () => {
      attempts += 1;
      throw refusal;
    });

    // then it fails at once
    await expect(outcome).rejects.toBe(refusal);
    expect(attempts).toBe(1);
  });
});
