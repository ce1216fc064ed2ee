import { memoryDeps } from '../../../src/storage/memory';
import { libraryView } from '../../../src/usecases/library';
import {
  addWorkshopMaterial,
  removeWorkshopMaterial,
} from '../../../src/usecases/workshop-materials';
import {
  buildQuestion,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenQuiz,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/**
 * The challenge runs Monday 23 to Friday 27 November 2026; it is Tuesday 24 at 10:00 (Paris). Monday's quiz closed
 * at 18:00, Tuesday's is open, Wednesday's is still to come. The Fresque is hosted by the DSI.
 */
const TUESDAY = '2026-11-24T10:00:00+01:00';
const ORGANISER = 'organiser-1';

async function aLibrary(now = TUESDAY) {
  const clock = clockAt(now);
  const deps = memoryDeps({ clock, organiserIds: [ORGANISER] });
  await givenChallenge(deps);
  await givenQuiz(deps, 1, {
    closeAt: '18:00',
    questions: [
      buildQuestion('j1-q1', {
        theme: 'messagerie',
        text: 'Que faire des lettres d’information jamais lues ?',
        choices: [
          { id: 'a', text: 'Les garder' },
          { id: 'b', text: 'Se désabonner' },
        ],
        correct: ['b'],
        explanation: 'Chaque envoi stocké consomme de l’énergie.',
        source: {
          title: 'ADEME, La face cachée du numérique',
          url: 'https://librairie.ademe.fr/',
          consultedOn: '2026-10-01',
        },
      }),
    ],
  });
  await givenQuiz(deps, 2, {
    closeAt: '18:00',
    questions: [
      buildQuestion('j2-q1', { theme: 'equipements' }),
      buildQuestion('j2-q2', { theme: 'messagerie' }),
    ],
  });
  await givenQuiz(deps, 3, { questions: [buildQuestion('j3-q1', { theme: 'secret' })] });
  const fresque = await givenWorkshop(deps, {
    id: 'fresque',
    title: 'Fresque du numérique',
    host: 'Direction des systèmes d’information',
  });
  const other = await givenWorkshop(deps, {
    id: 'repair',
    title: 'Repair café',
    host: 'Direction de la culture',
    startsAt: '2026-11-25T13:00:00.000Z',
    endsAt: '2026-11-25T15:00:00.000Z',
  });
  const [host, agent] = await Promise.all([
    givenAgent(deps, { name: 'Hôte DSI', direction: 'direction des systemes d’information' }),
    givenAgent(deps, { name: 'Agent RH', direction: 'Direction des ressources humaines' }),
  ]);
  return { deps, clock, fresque, other, host: host!, agent: agent! };
}

const SLIDES = {
  label: 'Diaporama de la Fresque',
  url: 'https://intranet.example.org/fresque.pdf',
};

describe('the éco-gestes library', () => {
  it('holds the questions of the quizzes sent so far, by theme, never one of a day still to come', async () => {
    // given an agent who answered one of Tuesday's questions
    const { deps, agent } = await aLibrary();
    await givenAnswer(deps, agent.id, { questionId: 'j2-q1', quizId: 'j2' });

    // when they open the library
    const view = await libraryView(deps, agent.id);

    // then Monday's and Tuesday's questions are there by theme, Wednesday's are not
    expect(view.themes.map((t) => [t.name.fr, t.questions.map((q) => q.id)])).toEqual([
      ['Équipements', ['j2-q1']],
      ['Messagerie', ['j1-q1', 'j2-q2']],
    ]);
    expect(JSON.stringify(view)).not.toContain('j3-q1');
    // Monday's closed quiz shows its answer, explanation and source
    expect(view.themes[1]!.questions[0]).toEqual({
      id: 'j1-q1',
      day: 1,
      date: '2026-11-23',
      text: 'Que faire des lettres d’information jamais lues ?',
      answer: {
        correct: ['Se désabonner'],
        explanation: 'Chaque envoi stocké consomme de l’énergie.',
        source: {
          title: 'ADEME, La face cachée du numérique',
          url: 'https://librairie.ademe.fr/',
          consultedOn: '2026-10-01',
        },
      },
    });
    // today's: the answered question shows its answer, the other waits for the agent's answer in the chat
    expect(view.themes[0]!.questions[0]!.answer?.correct).toEqual(['Réponse B']);
    expect(view.themes[1]!.questions[1]!.answer).toBeNull();
  });

  it('stays after the challenge ends, every answer shown', async () => {
    const { deps, agent } = await aLibrary('2027-01-15T12:00:00+01:00');
    const view = await libraryView(deps, agent.id);
    const questions = view.themes.flatMap((t) => t.questions);
    expect(questions.map((q) => q.id).sort()).toEqual(['j1-q1', 'j2-q1', 'j2-q2', 'j3-q1']);
    expect(questions.every((q) => q.answer !== null)).toBe(true);
    expect(view.today).toBe('2027-01-15');
  });

  it('lists the workshops that have materials, and to their host the ones they may add to', async () => {
    const { deps, host, agent } = await aLibrary();
    await addWorkshopMaterial(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      material: SLIDES,
    });

    const forAgent = await libraryView(deps, agent.id);
    expect(forAgent.workshops).toEqual([
      expect.objectContaining({
        id: 'fresque',
        number: 1,
        title: 'Fresque du numérique',
        formatName: { fr: 'Atelier', en: 'Workshop' },
        materials: [{ id: 'id1', ...SLIDES }],
        canManage: false,
      }),
    ]);
    const forOrganiser = await libraryView(deps, ORGANISER);
    expect(forOrganiser.workshops.map((w) => [w.id, w.canManage])).toEqual([
      ['fresque', true],
      ['repair', true],
    ]);
    const forHost = await libraryView(deps, host.id);
    expect(forHost.workshops.map((w) => [w.id, w.canManage])).toEqual([['fresque', true]]);
  });
});

describe('a workshop’s materials', () => {
  it('are added and removed by the workshop’s host direction or an organiser', async () => {
    const { deps, host } = await aLibrary();
    const added = await addWorkshopMaterial(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      material: SLIDES,
    });
    const byOrganiser = await addWorkshopMaterial(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      material: { label: 'Guide ADEME', url: 'https://librairie.ademe.fr/guide' },
    });
    expect(byOrganiser.materials.map((m) => m.label)).toEqual([
      'Diaporama de la Fresque',
      'Guide ADEME',
    ]);
    expect(added.material).toMatchObject({ addedBy: host.id, addedAt: '2026-11-24T09:00:00.000Z' });

    const removed = await removeWorkshopMaterial(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      materialId: added.material.id,
    });
    expect([removed.removed, removed.materials.map((m) => m.label)]).toEqual([
      true,
      ['Guide ADEME'],
    ]);
    // removing it again changes nothing
    const again = await removeWorkshopMaterial(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      materialId: added.material.id,
    });
    expect(again.removed).toBe(false);
  });

  it('refuse anyone else, and write nothing', async () => {
    const { deps, agent, host } = await aLibrary();
    await expect(
      addWorkshopMaterial(deps, { callerId: agent.id, workshopId: 'fresque', material: SLIDES }),
    ).rejects.toMatchObject({ code: 'not_host' });
    // a host of one workshop is a stranger to another
    await expect(
      addWorkshopMaterial(deps, { callerId: host.id, workshopId: 'repair', material: SLIDES }),
    ).rejects.toMatchObject({ code: 'not_host' });
    await expect(
      addWorkshopMaterial(deps, { callerId: host.id, workshopId: 'nope', material: SLIDES }),
    ).rejects.toMatchObject({ code: 'workshop_unknown' });
    expect(await deps.workshops.materials('c1')).toEqual([]);
  });

  it('refuse bad input, an eleventh link or an address already there, and write nothing', async () => {
    const { deps, host } = await aLibrary();
    const add = (material: unknown) =>
      addWorkshopMaterial(deps, { callerId: host.id, workshopId: 'fresque', material });
    await expect(add({ label: 'x', url: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'material_invalid',
      details: { field: 'url' },
    });
    await expect(
      add({ label: '=HYPERLINK("https://x.example")', url: SLIDES.url }),
    ).rejects.toMatchObject({ code: 'material_invalid', details: { field: 'label' } });
    expect(await deps.workshops.materials('c1', 'fresque')).toEqual([]);

    for (let i = 1; i <= 10; i += 1)
      await add({ label: `Lien ${i}`, url: `https://e.example/${i}` });
    await expect(add({ label: 'Lien 11', url: 'https://e.example/11' })).rejects.toMatchObject({
      code: 'materials_full',
      details: { max: 10 },
    });
    await expect(add({ label: 'Encore', url: 'https://e.example/3' })).rejects.toMatchObject({
      code: 'material_invalid',
      details: { field: 'url' },
    });
    expect(await deps.workshops.materials('c1', 'fresque')).toHaveLength(10);
  });

  it('survive a new import of the programme, as the workshop’s code does', async () => {
    const { deps, host, fresque } = await aLibrary();
    await addWorkshopMaterial(deps, { callerId: host.id, workshopId: 'fresque', material: SLIDES });
    const { challengeId: _c, code: _code, ...draft } = fresque;
    await deps.workshops.save(
      'c1',
      [{ ...draft, title: 'Fresque du numérique (salle 2)' }],
      () => 'ZZZZZZ',
    );
    expect((await deps.workshops.materials('c1', 'fresque')).map((m) => m.label)).toEqual([
      SLIDES.label,
    ]);
  });
});
