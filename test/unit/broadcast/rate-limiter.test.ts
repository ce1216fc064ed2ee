import { RateLimiter, type Slot } from '../../../src/broadcast/rate-limiter';

/** A limiter on Jest's fake clock, and when each of its callers got a slot. */
function aLimiter(ratePerSecond: number) {
  const start = Date.now();
  const limiter = new RateLimiter(ratePerSecond, () => Date.now() - start);
  const grants: number[] = [];
  const take = () =>
    limiter.acquire().then((slot) => {
      grants.push(Date.now() - start);
      return slot;
    });
  return { limiter, grants, take };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('the rate limiter', () => {
  it('hands out slots one interval apart', async () => {
    // given
    const { limiter, grants, take } = aLimiter(10);

    // when three callers ask at once, each sending as soon as it has its slot
    const asked = [take(), take(), take()];
    await jest.advanceTimersByTimeAsync(1_000);
    for (const slot of await Promise.all(asked)) limiter.used(slot!);

    // then
    expect(grants).toEqual([0, 100, 200]);
  });

  it('holds a slot while the last second already holds the rate, as after a stalled store write', async () => {
    // given 4 per second, and four callers whose requests all leave late, together, at 800 ms
    const { limiter, grants, take } = aLimiter(4);
    const first = [take(), take(), take(), take()];
    await jest.advanceTimersByTimeAsync(800);
    for (const slot of await Promise.all(first)) limiter.used(slot!);

    // when a fifth caller's slot comes, at 1,000 ms on the grid
    const fifth = take();
    await jest.advanceTimersByTimeAsync(2_000);

    // then it waits until the bunch has left the window: no second ever holds five requests
    expect(await fifth).not.toBeNull();
    expect(grants).toEqual([0, 250, 500, 750, 1_800]);
  });

  it('counts a granted request that has not left yet as leaving now', async () => {
    // given 2 per second, and two slots granted whose requests have not left (their writes are slow)
    const { limiter, grants, take } = aLimiter(2);
    await take();
    const second = take();
    await jest.advanceTimersByTimeAsync(500);
    await second;

    // when a third caller's slot comes
    const third = take();
    await jest.advanceTimersByTimeAsync(3_000);

    // then it gets none while those two may still leave at any moment
    expect(grants).toEqual([0, 500]);
    limiter.close();
    expect(await third).toBeNull();
  });

  it('lets the callers behind a slot given back unused move up, when none was granted after it', async () => {
    // given 2 per second: the first slot granted, a second caller waiting for 500 ms
    const { limiter, grants, take } = aLimiter(2);
    const unused = (await take())!;
    const second = take();

    // when the first one's write loses the race (nothing sent) and its slot is given back
    limiter.refund(unused);
    limiter.used((await second)!);
    const third = take();
    await jest.advanceTimersByTimeAsync(1_000);

    // then the second goes at once, in its place, and the third one interval later
    expect(await third).not.toBeNull();
    expect(grants).toEqual([0, 0, 500]);
  });

  it('never hands a slot given back to a caller when a later one was granted: two would go together', async () => {
    // given 2 per second, two slots granted; the first one's write lost the race (nothing sent)
    const { limiter, grants, take } = aLimiter(2);
    const unused = (await take())!;
    const sent = take();
    await jest.advanceTimersByTimeAsync(500);
    limiter.used((await sent)!);

    // when the first slot is given back and a third caller asks
    limiter.refund(unused);
    const third = take();
    await jest.advanceTimersByTimeAsync(1_000);

    // then it keeps its place on the grid, one interval after the request that left
    expect(await third).not.toBeNull();
    expect(grants).toEqual([0, 500, 1_000]);
  });

  it('counts a request held up on its way for as long as it was held', async () => {
    // given 1 per second, where answers take 10 ms; the second request, sent at 1,000 ms, is answered at 1,900
    const { limiter, grants, take } = aLimiter(1);
    const quick = (await take())!;
    limiter.used(quick);
    await jest.advanceTimersByTimeAsync(10);
    limiter.accepted(quick);
    const held = take();
    await jest.advanceTimersByTimeAsync(990);
    const slow = (await held)!;
    limiter.used(slow, true);
    await jest.advanceTimersByTimeAsync(900);
    limiter.accepted(slow); // it may have reached the connector as late as 1,890 ms

    // when a third caller asks
    const third = take();
    await jest.advanceTimersByTimeAsync(2_000);

    // then its slot, due at 2,000 ms, waits until the held request's second is over there
    expect(await third).not.toBeNull();
    expect(grants).toEqual([0, 1_000, 2_890]);
  });

  it('counts a request still on its way, whose answer is awaited, for as long as it is not answered', async () => {
    // given 1 per second, and a request that left at 0 with no answer yet at 1,500 ms
    const { limiter, grants, take } = aLimiter(1);
    const first = (await take())!;
    limiter.used(first, true);
    const second = take();
    await jest.advanceTimersByTimeAsync(1_500);

    // when it is answered at 1,500 ms (the quickest answer seen: this one)
    expect(grants).toEqual([0]);
    limiter.accepted(first);
    await jest.advanceTimersByTimeAsync(2_000);

    // then the next slot comes one window after it left, now that it can no longer arrive later
    await second;
    expect(grants).toEqual([0, 1_500]);
  });

  it('answers callers with no slot once closed, waiting or not', async () => {
    // given a caller waiting for its slot
    const { limiter, take } = aLimiter(1);
    const slots: (Slot | null)[] = [await take()];
    const waiting = take();

    // when
    limiter.close();

    // then
    slots.push(await waiting, await take());
    expect(slots.map((slot) => slot !== null)).toEqual([true, false, false]);
  });
});

describe('when Teams throttles', () => {
  it('lets the odd 429 be its own delivery’s business: the pace goes on', async () => {
    // given 10 per second, and one 429 among 20 answers
    const { limiter, grants, take } = aLimiter(10);
    for (let i = 0; i < 19; i += 1) limiter.accepted();
    limiter.throttled(1000);
    // when three callers ask
    const asked = [take(), take(), take()];
    await jest.advanceTimersByTimeAsync(1_000);
    for (const slot of await Promise.all(asked)) limiter.used(slot!);
    // then they are paced as usual
    expect(grants).toEqual([0, 100, 200]);
  });

  it('makes the whole instance wait for the Retry-After once 429s pile up', async () => {
    // given 10 per second, and 429s on 3 of the last 11 answers, the last asking for 3 s
    const { limiter, grants, take } = aLimiter(10);
    for (let i = 0; i < 8; i += 1) limiter.accepted();
    for (let i = 0; i < 2; i += 1) limiter.throttled(1000);
    limiter.throttled(3000);
    // when two callers ask
    const asked = [take(), take()];
    await jest.advanceTimersByTimeAsync(5_000);
    for (const slot of await Promise.all(asked)) limiter.used(slot!);
    // then nobody gets a slot before the wait Teams asked for
    expect(grants[0]).toBeGreaterThanOrEqual(3000);
    expect(grants).toEqual([grants[0], grants[0]! + 100]);
  });
});
