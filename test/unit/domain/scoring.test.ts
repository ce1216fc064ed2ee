import fc from 'fast-check';
import {
  formatTwoDecimals,
  rankAmong,
  rankSnapshot,
  rankTeams,
  type ChallengeSnapshot,
} from '../../../src/domain/scoring';
import { isDomainError } from '../../../src/domain/errors';
import { scoringFixtures } from '../../support/fixtures';

describe('prorated ranking — golden cases of shared/fixtures/scoring', () => {
  const fixtures = scoringFixtures();

  it('finds the golden cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  for (const fixture of fixtures) {
    it(`${fixture.file}: ${fixture.description}`, () => {
      if (fixture.error) {
        let thrown: unknown;
        try {
          rankSnapshot(fixture.snapshot);
        } catch (error) {
          thrown = error;
        }
        expect(isDomainError(thrown, 'invalid_snapshot')).toBe(true);
        expect((thrown as Error).message).toContain(fixture.error.mentions);
      } else {
        expect(rankSnapshot(fixture.snapshot)).toEqual(fixture.expected);
      }
    });
  }
});

describe('formatTwoDecimals', () => {
  it('rounds half up from the exact fraction', () => {
    expect(formatTwoDecimals(13, 3)).toBe('4.33');
    expect(formatTwoDecimals(5, 8)).toBe('0.63');
    expect(formatTwoDecimals(1, 8)).toBe('0.13');
    expect(formatTwoDecimals(0, 3)).toBe('0.00');
    expect(formatTwoDecimals(2, 3)).toBe('0.67');
    expect(formatTwoDecimals(1005, 1000)).toBe('1.01');
  });
});

describe('bad snapshots', () => {
  const team = { id: 't1', name: 'A', members: ['a1'] };
  const cases: [string, unknown, string][] = [
    [
      'an answer without agent id',
      { teams: [team], answers: [{ questionId: 'q', correct: true, at: '2023-09-25T09:00:00Z' }] },
      'answers[0]',
    ],
    [
      'a check-in without workshop id',
      { teams: [team], checkins: [{ agentId: 'a1', at: '2023-09-25T09:00:00Z' }] },
      'checkins[0]',
    ],
    [
      'a non-integer point value',
      { scoring: { quizAnswerPoints: 1.5 }, teams: [team] },
      'quizAnswerPoints',
    ],
    [
      'a negative workshop point value',
      { teams: [team], workshops: [{ id: 'w9', points: -1 }] },
      'w9',
    ],
    [
      'a timestamp without offset',
      {
        teams: [team],
        answers: [{ agentId: 'a1', questionId: 'q', correct: true, at: '2023-09-25T09:00:00' }],
      },
      '2023-09-25T09:00:00',
    ],
    ['no teams array', {}, 'teams'],
  ];
  it.each(cases)('refuses %s, naming the entry', (_label, snapshot, mentions) => {
    expect(() => rankSnapshot(snapshot)).toThrow(mentions);
  });
});

// Property tests: the rule's promises hold for any snapshot.
const agentIds = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'x'];
const instant = fc
  .integer({ min: Date.parse('2023-09-25T00:00:00Z'), max: Date.parse('2023-09-29T23:59:59Z') })
  .map((ms) => new Date(ms).toISOString());
const answerArb = fc.record({
  agentId: fc.constantFrom(...agentIds),
  questionId: fc.constantFrom('q1', 'q2', 'q3'),
  correct: fc.boolean(),
  at: instant,
});
const checkinArb = fc.record({
  agentId: fc.constantFrom(...agentIds),
  workshopId: fc.constantFrom('w1', 'w2'),
  at: instant,
});
const snapshotArb: fc.Arbitrary<ChallengeSnapshot> = fc.record({
  scoring: fc.record({
    quizAnswerPoints: fc.integer({ min: 0, max: 3 }),
    quizCorrectBonus: fc.integer({ min: 0, max: 3 }),
    checkinPoints: fc.integer({ min: 0, max: 8 }),
    minTeamSize: fc.integer({ min: 1, max: 5 }),
  }),
  teams: fc.constant([
    { id: 't1', name: 'Équipe Un', members: ['a1', 'a2', 'a3'] },
    { id: 't2', name: 'equipe deux', members: ['a4', 'a5'] },
    { id: 't3', name: 'Trois', members: ['a6', 'a7', 'a8'] },
    { id: 't4', name: 'Vide', members: [] },
  ]),
  workshops: fc.constant([{ id: 'w2', points: 7 }]),
  answers: fc.array(answerArb, { maxLength: 30 }),
  checkins: fc.array(checkinArb, { maxLength: 10 }),
});

function pointsOf(snapshot: ChallengeSnapshot): Map<string, number> {
  return new Map(rankSnapshot(snapshot).map((row) => [row.teamId, row.points]));
}

function memberPoints(snapshot: ChallengeSnapshot, agentId: string): number {
  const solo = { ...snapshot, teams: [{ id: 'solo', name: 'solo', members: [agentId] }] };
  return rankSnapshot(solo)[0]!.points;
}

describe('prorated ranking — properties', () => {
  it('the order of events never matters', () => {
    fc.assert(
      fc.property(snapshotArb, fc.integer(), (snapshot, seed) => {
        const shuffle = <T>(items: T[]) =>
          items
            .map((item, i) => ({ item, key: Math.sin(seed + i) }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
        const shuffled = {
          ...snapshot,
          answers: shuffle(snapshot.answers!),
          checkins: shuffle(snapshot.checkins!),
        };
        expect(rankSnapshot(shuffled)).toEqual(rankSnapshot(snapshot));
      }),
    );
  });

  // Events arrive in time: a new event comes after those already accepted (an earlier one would be the first
  // answer instead, which the spec lets replace a later one).
  it('adding an event never lowers a team’s points', () => {
    fc.assert(
      fc.property(snapshotArb, answerArb, checkinArb, (snapshot, answer, checkin) => {
        const latest = Math.max(
          0,
          ...[...snapshot.answers!, ...snapshot.checkins!].map((e) => Date.parse(e.at)),
        );
        const later = new Date(latest + 60_000).toISOString();
        const before = pointsOf(snapshot);
        const after = pointsOf({
          ...snapshot,
          answers: [...snapshot.answers!, { ...answer, at: later }],
          checkins: [...snapshot.checkins!, { ...checkin, at: later }],
        });
        for (const [teamId, points] of before)
          expect(after.get(teamId)!).toBeGreaterThanOrEqual(points);
      }),
    );
  });

  it('duplicating events changes nothing', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const doubled = {
          ...snapshot,
          answers: [...snapshot.answers!, ...snapshot.answers!],
          checkins: [...snapshot.checkins!, ...snapshot.checkins!],
        };
        expect(rankSnapshot(doubled)).toEqual(rankSnapshot(snapshot));
      }),
    );
  });

  it('a team’s score never exceeds its best member’s points', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        for (const row of rankSnapshot(snapshot)) {
          const team = snapshot.teams.find((t) => t.id === row.teamId)!;
          const best = Math.max(...team.members.map((m) => memberPoints(snapshot, m)));
          expect(Number(row.score)).toBeLessThanOrEqual(best + 0.005);
        }
      }),
    );
  });

  it('ranks are competition ranks and empty teams are never ranked', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const rows = rankSnapshot(snapshot);
        expect(rows.map((r) => r.teamId)).not.toContain('t4');
        rows.forEach((row, i) => {
          expect(row.rank === i + 1 || row.rank === rows[i - 1]!.rank).toBe(true);
        });
      }),
    );
  });
});

describe('where one team stands among the others', () => {
  const tallyArb = (teamId: string) =>
    fc.record({
      teamId: fc.constant(teamId),
      name: fc.constantFrom('Alpha', 'Bêta', 'Gamma'),
      members: fc.integer({ min: 0, max: 6 }),
      points: fc.integer({ min: 0, max: 40 }),
      activeMembers: fc.integer({ min: 0, max: 6 }),
      reachedAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    });
  const teamsArb = fc
    .integer({ min: 1, max: 12 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => tallyArb(`t${i}`))))
    .map((teams) =>
      teams.map((t) => ({ ...t, activeMembers: Math.min(t.activeMembers, t.members) })),
    );

  it('given any teams, when one is placed among the others, then it has the rank the full ranking gives it', () => {
    fc.assert(
      fc.property(teamsArb, fc.integer({ min: 2, max: 4 }), (teams, minTeamSize) => {
        const rules = { minTeamSize };
        const rows = rankTeams(teams, rules);
        for (const team of teams) {
          const row = rows.find((r) => r.teamId === team.teamId);
          const placed = rankAmong(team, teams, rules);
          if (!row) expect(placed).toBeNull();
          else expect(placed).toEqual({ rank: row.rank, teams: rows.length });
        }
      }),
      { numRuns: 300 },
    );
  });
});
