import type { LeaderboardView, PaperCandidatesView, PaperView } from '../../../src/api/views';
import { buildAgent, executeActivity, installActivity } from '../../support/activities';
import { buildChallenge, buildQuiz, givenAgent, givenTeam } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const ORGANISER = 'orga-1';
const as = (id: string) => ({ Authorization: `Dev ${id}` });

/**
 * Paper for those without Teams, through the real app (dev sign-in, Azurite, the bot's endpoint): the day's sheet,
 * and an organiser's entry of a sheet's answers, counted exactly like answers given in Teams.
 */
describe('paper answers', () => {
  let t: TestApp;
  /** An agent who answers in Teams, through the bot's card. */
  const inTeams = buildAgent({ name: 'Camille Teams' });
  /** An agent without Teams at hand (field work): their answers come on paper. */
  const onPaper = 'agent-terrain';

  beforeAll(async () => {
    // Monday 23 November 2026, 10:00: day 1's quiz is open (until the end of the challenge).
    t = await startTestApp({
      now: '2026-11-23T10:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    const deps = t.app.deps;
    await deps.challenges.saveAsCurrent(buildChallenge());
    const { closeAt: _none, ...openUntilTheEnd } = buildQuiz(1);
    await deps.quizzes.save(openUntilTheEnd);
    await givenAgent(deps, { id: ORGANISER, name: 'Orga' });
    await givenAgent(deps, { id: onPaper, name: 'Dominique Terrain', direction: 'Voirie' });
    await t.post('/api/messages', installActivity(inTeams, t.connector.url));
    // Two teams alike: three members each, one of whom answers (one in Teams, one on paper).
    await givenTeam(deps, {
      id: 'papier',
      name: 'Équipe Papier',
      members: [
        { agentId: onPaper, name: 'Dominique Terrain' },
        { agentId: 'p2', name: 'P2' },
        { agentId: 'p3', name: 'P3' },
      ],
    });
    await givenTeam(deps, {
      id: 'teams',
      name: 'Équipe Teams',
      members: [
        { agentId: inTeams.id, name: inTeams.name },
        { agentId: 't2', name: 'T2' },
        { agentId: 't3', name: 'T3' },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const leaderboard = async (): Promise<LeaderboardView> => {
    t.clock.advance(5000); // past the ranking's few seconds of cache
    return (await t.get('/api/leaderboard', as(ORGANISER))).body as LeaderboardView;
  };
  const rowOf = (board: LeaderboardView, teamId: string) => {
    const {
      rank: _rank,
      mine: _mine,
      name: _name,
      teamId: _id,
      ...figures
    } = board.rows.find((row) => row.teamId === teamId)!;
    return figures;
  };

  it('prints the day’s sheet for organisers: questions and boxes, never the answers', async () => {
    // When
    const sheet = await t.get('/api/admin/quiz/1/sheet', as(ORGANISER));
    const refused = await t.get('/api/admin/quiz/1/sheet', as(onPaper));

    // Then
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = String(sheet.body);
    expect(html).toContain('Question j1-q1 ?');
    expect(html).toContain('Réponse B');
    expect(html.match(/<input type="checkbox"/g)).toHaveLength(6);
    expect(html).toContain('Nom et prénom');
    expect(html).not.toContain('Parce que B'); // the explanation
    expect(refused.status).toBe(403);
    expect((await t.get('/api/admin/quiz/9/sheet', as(ORGANISER))).status).toBe(404);
  });

  it('finds the agent by name, and says which questions they already answered', async () => {
    const found = await t.get(
      `/api/admin/quiz/1/paper/candidates?search=${encodeURIComponent('dominique terr')}`,
      as(ORGANISER),
    );
    expect(found.status).toBe(200);
    expect((found.body as PaperCandidatesView).agents).toEqual([
      { id: onPaper, name: 'Dominique Terrain', direction: 'Voirie', answered: [] },
    ]);
    const paper = (await t.get('/api/admin/paper', as(ORGANISER))).body as PaperView;
    expect(paper.quizzes.map((q) => [q.day, q.state, q.closes])).toEqual([
      [1, 'open', { lastDate: '2026-11-27', time: null }],
    ]);
    expect(JSON.stringify(paper)).not.toContain('"correct"');
  });

  it('counts a sheet entered by an organiser exactly like the same answers in Teams, ranking included', async () => {
    // Given both teams at zero
    const before = await leaderboard();
    expect(rowOf(before, 'papier')).toEqual(rowOf(before, 'teams'));

    // When one agent answers in Teams, and an organiser enters the same answers from the other's sheet
    for (const [questionId, choice] of [
      ['j1-q1', 'b'],
      ['j1-q2', 'a'],
    ]) {
      const response = await t.post(
        '/api/messages',
        executeActivity(inTeams, t.connector.url, 'quiz.answer', {
          challengeId: 'c1',
          quizId: 'j1',
          questionId,
          choice,
        }),
      );
      expect(response.status).toBe(200);
    }
    const entry = await t.post(
      '/api/admin/quiz/1/paper',
      {
        agentId: onPaper,
        answers: [
          { questionId: 'j1-q1', choiceIds: ['b'] },
          { questionId: 'j1-q2', choiceIds: ['a'] },
        ],
      },
      as(ORGANISER),
    );

    // Then the entry says what counted, as the card would have
    expect(entry.status).toBe(200);
    expect(entry.body).toEqual({
      agent: { id: onPaper, name: 'Dominique Terrain' },
      recorded: [
        { questionId: 'j1-q1', correct: true, points: 2 },
        { questionId: 'j1-q2', correct: false, points: 1 },
      ],
      already: [],
      team: { id: 'papier', name: 'Équipe Papier' },
    });
    // The same rows as in Teams, marked with who entered them
    const paperRows = await t.app.deps.events.answersOf('c1', onPaper);
    const teamsRows = await t.app.deps.events.answersOf('c1', inTeams.id);
    expect(paperRows.map(({ at: _at, enteredBy: _by, ...row }) => row)).toEqual(
      teamsRows.map(({ at: _at, ...row }) => row),
    );
    expect(paperRows.map((row) => row.enteredBy)).toEqual([ORGANISER, ORGANISER]);
    expect(teamsRows.every((row) => row.enteredBy === undefined)).toBe(true);
    // And the ranking moved exactly as with the answers in Teams: same points, score and participation
    const after = await leaderboard();
    expect(rowOf(after, 'papier')).toEqual(rowOf(after, 'teams'));
    expect(rowOf(after, 'papier')).toMatchObject({ points: 3, score: '1.00', activeMembers: 1 });
  });

  it('refuses a second entry for the same agent and question (409), and changes nothing', async () => {
    // When the same sheet is entered again, with another choice
    const again = await t.post(
      '/api/admin/quiz/1/paper',
      { agentId: onPaper, answers: [{ questionId: 'j1-q2', choiceIds: ['a', 'c'] }] },
      as(ORGANISER),
    );

    // Then
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_answered');
    expect((await t.app.deps.events.tally('c1', onPaper)).points).toBe(3);
    const candidates = await t.get(
      '/api/admin/quiz/1/paper/candidates?search=dominique',
      as(ORGANISER),
    );
    expect((candidates.body as PaperCandidatesView).agents[0]!.answered).toEqual([
      'j1-q1',
      'j1-q2',
    ]);
  });

  it('refuses a non-organiser (403), and records nothing', async () => {
    const refused = await t.post(
      '/api/admin/quiz/1/paper',
      { agentId: 't2', answers: [{ questionId: 'j1-q1', choiceIds: ['b'] }] },
      as(onPaper),
    );
    expect(refused).toMatchObject({ status: 403, body: { error: 'not_organiser' } });
    expect(await t.app.deps.events.answersOf('c1', 't2')).toEqual([]);
    const search = await t.get('/api/admin/quiz/1/paper/candidates?search=a', as(onPaper));
    expect(search.status).toBe(403);
  });

  it('checks the whole sheet first: a choice that is not on it records nothing', async () => {
    await givenAgent(t.app.deps, { id: 'agent-2', name: 'Sacha' });
    const refused = await t.post(
      '/api/admin/quiz/1/paper',
      {
        agentId: 'agent-2',
        answers: [
          { questionId: 'j1-q1', choiceIds: ['b'] },
          { questionId: 'j1-q2', choiceIds: ['z'] },
        ],
      },
      as(ORGANISER),
    );
    expect(refused).toMatchObject({ status: 400, body: { error: 'choice_invalid' } });
    expect(await t.app.deps.events.answersOf('c1', 'agent-2')).toEqual([]);
    const unknown = await t.post(
      '/api/admin/quiz/1/paper',
      { agentId: 'nobody', answers: [{ questionId: 'j1-q1', choiceIds: ['b'] }] },
      as(ORGANISER),
    );
    expect(unknown).toMatchObject({ status: 404, body: { error: 'agent_unknown' } });
  });

  it('refuses a sheet once the challenge is over, saying so', async () => {
    t.clock.set('2026-11-28T09:00:00+01:00');
    const late = await t.post(
      '/api/admin/quiz/1/paper',
      { agentId: 'agent-2', answers: [{ questionId: 'j1-q1', choiceIds: ['b'] }] },
      as(ORGANISER),
    );
    expect(late).toMatchObject({
      status: 409,
      body: { error: 'quiz_closed', details: { reason: 'challenge_over', date: '2026-11-27' } },
    });
  });
});
