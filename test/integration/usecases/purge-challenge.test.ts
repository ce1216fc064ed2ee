import type { TableClient } from '@azure/data-tables';
import { dailyPurgePass } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { RetainedFigures } from '../../../src/domain/retention';
import type { Storage } from '../../../src/storage/open-storage';
import { azureRepositories } from '../../../src/storage/azure';
import { TableRetentionStore } from '../../../src/storage/azure/retention-store';
import { escapeOData, prefixEnd, type TableSet } from '../../../src/storage/azure/tables';
import type { UseCaseDeps } from '../../../src/usecases/deps';
import { purgeChallenge, purgeDueChallenges } from '../../../src/usecases/purge-challenge';
import {
  buildQuestion,
  buildSendClaim,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenQuiz,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { FakeClock } from '../../support/clock';
import { freshTables, tableDeps } from '../../support/storage';

const MONTHS = 6;
/** Challenge c1 (23–27 November 2026) is due from 28 May 2027, Paris time. */
const AFTER_RETENTION = '2027-06-01T04:00:00+02:00';

/** Ids and names the figures must never hold. */
const PERSONAL = [
  'dsi-',
  'rh-',
  'com-',
  'gone',
  'left',
  'Agent DSI',
  'Les Sobres',
  'Les Verts',
  'orga',
];

/**
 * An ended challenge c1 with everything the app writes about people: 6 agents of the DSI, 3 of the RH and 2 of
 * communication, in two teams; answers on two themes, check-ins, seats, a wrong-code guard, a workshop material, an
 * announcement, a send with its deliveries; an agent who uninstalled the app, one who left the directory. And an
 * older challenge c0 not yet due (a data point that must stay).
 */
async function anEndedChallenge(tables: TableSet, clock: FakeClock) {
  const deps = tableDeps(tables, { clock });
  await givenChallenge(deps, { id: 'c0', startDate: '2027-05-10' });
  await givenChallenge(deps, { id: 'c1' });
  await givenQuiz(deps, 1, {
    questions: [
      buildQuestion('j1-q1', { theme: 'messagerie' }),
      buildQuestion('j1-q2', { theme: 'energie' }),
    ],
  });
  const people = [
    ...Array.from({ length: 6 }, (_, i) => ({ id: `dsi-${i}`, direction: 'DSI' })),
    ...Array.from({ length: 3 }, (_, i) => ({ id: `rh-${i}`, direction: 'RH' })),
    ...Array.from({ length: 2 }, (_, i) => ({ id: `com-${i}`, direction: 'Communication' })),
  ];
  for (const p of people)
    await givenAgent(deps, {
      id: p.id,
      name: `Agent ${p.direction} ${p.id}`,
      direction: p.direction,
    });
  await givenAgent(deps, { id: 'gone', name: 'Agent parti' });
  await deps.agents.markUnreachable('gone');
  await givenAgent(deps, { id: 'left', name: 'Agent sorti' });
  await deps.roster.putMany([
    {
      userId: 'left',
      name: 'Agent sorti',
      leftAt: '2027-01-10T00:00:00.000Z',
      install: 'installed',
      updatedAt: '2027-01-10T00:00:00.000Z',
    },
    {
      userId: 'dsi-0',
      name: 'Agent DSI dsi-0',
      direction: 'DSI',
      install: 'installed',
      updatedAt: '2026-11-01T00:00:00.000Z',
    },
  ]);
  await givenTeam(deps, {
    id: 'sobres',
    name: 'Les Sobres',
    members: people
      .slice(0, 6)
      .map((p) => ({ agentId: p.id, name: `Agent ${p.direction} ${p.id}` })),
  });
  await givenTeam(deps, {
    id: 'verts',
    name: 'Les Verts',
    members: people.slice(6).map((p) => ({ agentId: p.id, name: `Agent ${p.direction} ${p.id}` })),
  });
  for (const [i, p] of people.entries()) {
    await givenAnswer(deps, p.id, { questionId: 'j1-q1', correct: i % 2 === 0 });
    await givenAnswer(deps, p.id, { questionId: 'j1-q2', correct: true, points: 2 });
  }
  await givenAnswer(deps, 'dsi-0', { challengeId: 'c0', questionId: 'j1-q1' });
  const workshop = await givenWorkshop(deps, { id: 'visite', capacity: 20 });
  for (const p of people.slice(0, 4)) {
    await deps.signups.signUp(
      'c1',
      workshop.id,
      { agentId: p.id, name: 'x', at: '2026-11-23T09:00:00.000Z' },
      () => undefined,
    );
    await givenCheckin(deps, p.id, {
      workshopId: workshop.id,
      points: 5,
      at: '2026-11-24T13:10:00.000Z',
    });
  }
  await deps.checkinGuards.addWrongAttempt(
    'c1',
    'rh-0',
    Date.parse('2026-11-24T13:05:00Z'),
    (a) => a,
  );
  await deps.workshops.addMaterial(
    'c1',
    {
      id: 'm1',
      workshopId: workshop.id,
      label: 'Diaporama',
      url: 'https://example.org/d',
      addedBy: 'orga',
      addedAt: '2026-11-24T16:00:00.000Z',
    },
    () => undefined,
  );
  await tables.Announcements.createEntity({
    partitionKey: 'c1',
    rowKey: 'a1',
    title: 'Bienvenue',
    createdBy: 'orga',
  });
  const { broadcasts } = azureRepositories(tables);
  await broadcasts.claim(
    buildSendClaim('instance-1', Date.parse('2026-11-23T08:00:00Z'), {
      id: 'quiz.c1.j1',
      challengeId: 'c1',
      requestedBy: 'orga',
    }),
    Date.parse('2026-11-23T08:00:00Z'),
  );
  await broadcasts.createPending(
    'quiz.c1.j1',
    people.map((p) => p.id),
    '2026-11-23T08:00:00.000Z',
  );
  await broadcasts.claim(
    buildSendClaim('instance-1', Date.parse('2027-05-10T08:00:00Z'), {
      id: 'quiz.c0.j1',
      challengeId: 'c0',
      subject: 'j1',
    }),
    Date.parse('2027-05-10T08:00:00Z'),
  );
  await broadcasts.createPending('quiz.c0.j1', ['dsi-0'], '2027-05-10T08:00:00.000Z');
  // c1 is the current challenge again (c0 was saved first only to exist beside it).
  await deps.challenges.saveAsCurrent((await deps.challenges.get('c1'))!);
  return deps;
}

/** Rows of a table whose PartitionKey starts with `prefix` (or equals it when `exact`). */
async function rowsOf(client: TableClient, partition: string, exact = false) {
  const filter = exact
    ? `PartitionKey eq '${escapeOData(partition)}'`
    : `PartitionKey ge '${escapeOData(partition)}' and PartitionKey lt '${escapeOData(prefixEnd(partition))}'`;
  const rows: Record<string, unknown>[] = [];
  for await (const row of client.listEntities({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

/** Every personal row of c1 the purge must delete, counted per table. */
async function personalRowsOfC1(tables: TableSet) {
  const sends = (await rowsOf(tables.Sends, 'send', true)).filter((r) => r.challengeId === 'c1');
  return {
    events: (await rowsOf(tables.Events, 'c1|')).length,
    signups: (await rowsOf(tables.Signups, 'c1|')).length,
    checkinGuards: (await rowsOf(tables.CheckinGuards, 'c1|')).length,
    teams: (await rowsOf(tables.Teams, 'c1', true)).length,
    announcements: (await rowsOf(tables.Announcements, 'c1', true)).length,
    sends: sends.length,
    deliveries: (await rowsOf(tables.Deliveries, 'quiz.c1.j1', true)).length,
    materialAuthors: (await rowsOf(tables.Workshops, 'c1', true)).filter((r) => r.addedBy).length,
  };
}

const nothingLeft = {
  events: 0,
  signups: 0,
  checkinGuards: 0,
  teams: 0,
  announcements: 0,
  sends: 0,
  deliveries: 0,
  materialAuthors: 0,
};

function purgeDeps(deps: UseCaseDeps, tables: TableSet) {
  return { ...deps, retention: new TableRetentionStore(tables) };
}

function expectAnonymous(figures: RetainedFigures) {
  const json = JSON.stringify(figures);
  for (const word of PERSONAL) expect(json).not.toContain(word);
  // k ≥ 5: every direction group kept counts at least 5 participants.
  for (const group of figures.byDirection) expect(group.participants).toBeGreaterThanOrEqual(5);
  for (const theme of figures.themes)
    for (const group of theme.groups) expect(group.agents).toBeGreaterThanOrEqual(5);
}

describe('the retention purge, against Azurite', () => {
  it('keeps anonymous figures, deletes the personal rows of the ended challenge, and nothing else', async () => {
    // given
    const tables = await freshTables();
    const clock = new FakeClock(AFTER_RETENTION);
    const deps = await anEndedChallenge(tables, clock);
    expect(Object.values(await personalRowsOfC1(tables)).every((n) => n > 0)).toBe(true);

    // when
    const purges = await purgeDueChallenges(purgeDeps(deps, tables), { months: MONTHS });

    // then: c0 is not due, c1 is purged
    expect(purges.map((p) => [p.challengeId, p.outcome])).toEqual([
      ['c0', 'not_due'],
      ['c1', 'purged'],
    ]);
    const kept = await new TableRetentionStore(tables).figures('c1');
    expect(kept?.purgedAt).toBe(new Date(clock.now()).toISOString());
    const figures = kept!.figures;
    expect(figures.headline).toMatchObject({
      participants: 11,
      quizAnswers: 22,
      rightAnswers: 17,
      checkins: 4,
      teams: 2,
    });
    // Messagerie: 6 right of 11; énergie: all right; DSI (6) is shown, RH and communication (5) merged.
    const messagerie = figures.themes.find((t) => t.theme === 'messagerie')!;
    expect(messagerie.overall).toMatchObject({ agents: 11, answers: 11, right: 6, share: '0.55' });
    expect(figures.byDirection).toEqual([
      { kind: 'direction', direction: 'DSI', participants: 6, participations: 10 },
      { kind: 'others', directions: 2, participants: 5, participations: 5 },
    ]);
    expect(figures.ranking.map((r) => r.members).sort()).toEqual([5, 6]);
    expectAnonymous(figures);

    // and the personal rows are gone
    expect(await personalRowsOfC1(tables)).toEqual(nothingLeft);
    // (a fresh repository: the app's keeps agents 15 s in its cache, the purge works on the tables)
    const agents = azureRepositories(tables).agents;
    expect(await agents.get('gone')).toBeNull();
    expect(await agents.get('left')).toBeNull();
    expect(await deps.roster.get('left')).toBeNull();
    // while what serves the next challenge and the library stays
    expect(await deps.agents.get('dsi-0')).toMatchObject({ name: 'Agent DSI dsi-0' });
    expect(await deps.roster.get('dsi-0')).not.toBeNull();
    expect(await deps.workshops.materials('c1')).toEqual([
      expect.objectContaining({ id: 'm1', label: 'Diaporama', addedBy: '' }),
    ]);
    expect(await deps.workshops.list('c1')).toHaveLength(1);
    expect(await deps.quizzes.list('c1')).toHaveLength(1);
    expect(await deps.challenges.get('c1')).not.toBeNull();
    // and the other challenge is untouched
    expect(await rowsOf(tables.Events, 'c0|')).toHaveLength(2);
    expect(await rowsOf(tables.Deliveries, 'quiz.c0.j1', true)).toHaveLength(1);
  });

  it('a rerun is harmless: nothing more is deleted, the figures stay as first kept', async () => {
    // given
    const tables = await freshTables();
    const clock = new FakeClock(AFTER_RETENTION);
    const deps = await anEndedChallenge(tables, clock);
    await purgeDueChallenges(purgeDeps(deps, tables), { months: MONTHS });
    const first = await new TableRetentionStore(tables).figures('c1');

    // when
    clock.advance(86_400_000);
    const again = await purgeDueChallenges(purgeDeps(deps, tables), { months: MONTHS });

    // then
    expect(again.find((p) => p.challengeId === 'c1')?.outcome).toBe('already_purged');
    expect(await new TableRetentionStore(tables).figures('c1')).toEqual(first);
    expect(await personalRowsOfC1(tables)).toEqual(nothingLeft);
  });

  it('a purge that crashes halfway is completed by the next run, with the figures of the full data', async () => {
    // given: the store fails after two transactions of the events step
    const tables = await freshTables();
    const clock = new FakeClock(AFTER_RETENTION);
    const deps = await anEndedChallenge(tables, clock);
    let transactions = 0;
    tables.Events.pipeline.addPolicy({
      name: 'dies-at-the-third-transaction',
      async sendRequest(request, next) {
        if (new URL(request.url).pathname.endsWith('/$batch')) {
          transactions += 1;
          if (transactions > 2) throw new Error('the process died here');
        }
        return next(request);
      },
    });

    // when
    await expect(
      purgeChallenge(purgeDeps(deps, tables), { challengeId: 'c1', months: MONTHS }),
    ).rejects.toThrow('the process died here');

    // then: the figures are there, not marked done, and some events are left
    const halfway = await new TableRetentionStore(tables).figures('c1');
    expect(halfway?.purgedAt).toBeNull();
    expect(halfway?.figures.headline.participants).toBe(11);
    const left = (await rowsOf(tables.Events, 'c1|')).length;
    expect(left).toBeGreaterThan(0);
    expect(transactions).toBe(3);

    // when: the store is back, and the next run (a day later) goes on
    tables.Events.pipeline.removePolicy({ name: 'dies-at-the-third-transaction' });
    clock.advance(86_400_000);
    const rerun = await purgeChallenge(purgeDeps(deps, tables), {
      challengeId: 'c1',
      months: MONTHS,
    });

    // then: the first figures are kept (from the full data, not recomputed from what was left), everything is gone
    expect(rerun.outcome).toBe('purged');
    expect(rerun.figuresWritten).toBe(false);
    expect(rerun.steps.find((s) => s.step === 'events')?.rows).toBe(left);
    const done = await new TableRetentionStore(tables).figures('c1');
    expect(done?.figures).toEqual(halfway?.figures);
    expect(done?.purgedAt).toBe(new Date(clock.now()).toISOString());
    expect(await personalRowsOfC1(tables)).toEqual(nothingLeft);
  });

  it('a dry run counts what would go and changes nothing; nothing is due before its time', async () => {
    // given
    const tables = await freshTables();
    const clock = new FakeClock('2027-05-27T12:00:00+02:00');
    const deps = await anEndedChallenge(tables, clock);
    const before = await personalRowsOfC1(tables);

    // when: the day before it is due, then on the day, dry
    const early = await purgeChallenge(purgeDeps(deps, tables), {
      challengeId: 'c1',
      months: MONTHS,
    });
    clock.set(AFTER_RETENTION);
    const dry = await purgeChallenge(purgeDeps(deps, tables), {
      challengeId: 'c1',
      months: MONTHS,
      dryRun: true,
    });

    // then
    expect(early).toMatchObject({ outcome: 'not_due', dueOn: '2027-05-28', steps: [] });
    expect(dry.outcome).toBe('would_purge');
    expect(Object.fromEntries(dry.steps.map((s) => [s.step, s.rows]))).toMatchObject({
      events: before.events,
      teams: before.teams,
      deliveries: before.deliveries,
      sends: 1,
      materials: 1,
      agents: 2,
      roster: 1,
    });
    expect(dry.figures?.headline.participants).toBe(11);
    expect(await new TableRetentionStore(tables).figures('c1')).toBeNull();
    expect(await personalRowsOfC1(tables)).toEqual(before);
    expect(await deps.agents.get('gone')).not.toBeNull();
  });

  it('keeps the agents and the directory when a newer challenge runs', async () => {
    // given: c2 is the current challenge
    const tables = await freshTables();
    const clock = new FakeClock(AFTER_RETENTION);
    const deps = await anEndedChallenge(tables, clock);
    await givenChallenge(deps, { id: 'c2', startDate: '2027-11-22' });

    // when
    const purge = await purgeChallenge(purgeDeps(deps, tables), {
      challengeId: 'c1',
      months: MONTHS,
    });

    // then
    expect(purge.outcome).toBe('purged');
    expect(purge.steps.map((s) => s.step)).not.toContain('agents');
    expect(await deps.agents.get('gone')).not.toBeNull();
    expect(await deps.roster.get('left')).not.toBeNull();
    expect(await personalRowsOfC1(tables)).toEqual(nothingLeft);
  });

  it('the daily pass purges what is due with RETENTION_MONTHS, and says so in the log (ids and counts only)', async () => {
    // given
    const tables = await freshTables();
    const clock = new FakeClock(AFTER_RETENTION);
    const deps = await anEndedChallenge(tables, clock);
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const log = {
      info: (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields }),
      warn: () => undefined,
      error: () => undefined,
    };
    const config = loadConfig({ RETENTION_MONTHS: '6' });

    // when
    await dailyPurgePass(deps, { tables } as Storage, config, log)();

    // then
    expect(lines).toEqual([
      { message: 'challenge purged', fields: { challenge: 'c1', rows: expect.any(Number) } },
    ]);
    expect(await personalRowsOfC1(tables)).toEqual(nothingLeft);
  });
});
