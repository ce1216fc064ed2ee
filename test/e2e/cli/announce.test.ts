import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTime } from '../../../src/domain/time';
import { createTeam } from '../../../src/usecases/create-team';
import { joinTeam } from '../../../src/usecases/join-team';
import { buildChallenge } from '../../support/builders';
import { runTs } from '../../support/processes';
import { testConnectionString, uniquePrefix } from '../../support/storage';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * `npm run cli -- announce …` as an organiser runs it: a child process on the store of a running app, whose
 * workers deliver to the connector stand-in. The CLI posts, then follows until the last card is out.
 */
jest.setTimeout(90_000);

const AGENTS = 30;
const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), 'announce-'));
let t: TestApp;
let teamId: string;

function textFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The CLI on the app's store, with sending hours that include now unless told otherwise. */
function cli(args: string[], env: Record<string, string> = {}) {
  return runTs('src/cli.ts', args, {
    AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    ANNOUNCE_HOURS: '00:00-23:59',
    ORGANISER_IDS: '',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** The announcement cards the connector received with this title, per conversation. */
function cardsTitled(title: string): Map<string, number> {
  const per = new Map<string, number>();
  for (const sent of t.connector.sent)
    if (sent.activity.summary === title)
      per.set(sent.conversationId, (per.get(sent.conversationId) ?? 0) + 1);
  return per;
}

beforeAll(async () => {
  t = await startTestApp({ env: { TABLE_PREFIX: prefix } });
  const { deps } = t.app;
  // Team changes close when the challenge starts: this one starts later, so teams can still be formed.
  await deps.challenges.saveAsCurrent(buildChallenge({ startDate: '2099-01-05' }));
  for (let i = 0; i < AGENTS; i += 1)
    await deps.agents.register(
      {
        id: `agent-${i}`,
        tenantId: 't',
        name: `Agent ${i}`,
        locale: i % 2 ? 'en' : 'fr',
        conversationReference: JSON.stringify({
          serviceUrl: t.connector.url,
          channelId: 'msteams',
          conversation: { id: `conv-${i}`, conversationType: 'personal' },
          bot: { id: 'bot' },
          user: { id: `agent-${i}` },
        }),
      },
      new Date().toISOString(),
    );
  const team = await createTeam(deps, {
    agentId: 'agent-0',
    agentName: 'Agent 0',
    name: 'Les Sobres',
  });
  await joinTeam(deps, { agentId: 'agent-1', agentName: 'Agent 1', code: team.joinCode });
  teamId = team.id;
});

afterAll(async () => {
  await t?.close();
});

describe('npm run cli -- announce', () => {
  it('given a running app, when an organiser announces to everyone, then every agent gets the card once and the CLI ends with the final counts', async () => {
    // Given
    const file = textFile(
      'all.md',
      'Atelier **fresque du numérique** jeudi à 14 h.\n\n- salle 2\n- apportez vos questions',
    );

    // When
    const result = await cli([
      'announce',
      '--to',
      'all',
      '--title',
      'Programme de la semaine',
      '--text-file',
      file,
      '--link-label',
      'Le programme',
      '--link-url',
      'https://example.org/programme',
    ]);

    // Then
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Announcement a\d{8}-[0-9a-f]{16} to everyone: sending now to 30 agent\(s\)\.\n/,
    );
    expect(result.stdout).toMatch(/Done: sent 30, failed 0, skipped 0, pending 0 of 30\.\n$/);
    const cards = cardsTitled('Programme de la semaine');
    expect(cards.size).toBe(AGENTS);
    expect([...cards.values()].every((n) => n === 1)).toBe(true);
  });

  it('given a team, when an organiser announces to it, then only its members get the card', async () => {
    const file = textFile('team.md', 'Votre équipe est en tête : bravo !');

    const result = await cli([
      'announce',
      `--to=team:${teamId}`,
      '--title',
      'Bravo Les Sobres',
      '--text-file',
      file,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`to team ${teamId}: sending now to 2 agent(s).`);
    expect(result.stdout).toMatch(/Done: sent 2, failed 0, skipped 0, pending 0 of 2\.\n$/);
    expect([...cardsTitled('Bravo Les Sobres').keys()].sort()).toEqual(['conv-0', 'conv-1']);
  });

  it('lists the announcements with their states and figures, and refuses to cancel one that is over', async () => {
    const list = await cli(['announcements']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /done .*sent 2, failed 0, skipped 0, pending 0 of 2 .*"Bravo Les Sobres"/,
    );
    expect(lines[1]).toMatch(/done .*sent 30, failed 0.* by cli .*"Programme de la semaine"/);

    const id = lines[1]!.split(' ')[0]!;
    const cancel = await cli(['announce-cancel', id]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain('already sent to everyone');
  });

  it('given a time outside the sending hours, when an organiser announces, then it waits until the next opening, sends nothing, and can be cancelled', async () => {
    // Sending hours that start after now (or, late in the evening, tomorrow morning).
    const hour = Number(localTime(Date.now(), 'Europe/Paris').slice(0, 2));
    const hours = hour < 23 ? `${String(hour + 1).padStart(2, '0')}:00-23:59` : '00:00-01:00';
    const sentBefore = t.connector.sent.length;
    const file = textFile('later.md', 'Demain, on parle sobriété.');

    const result = await cli(
      ['announce', '--to', 'all', '--title', 'Pour demain', '--text-file', file],
      { ANNOUNCE_HOURS: hours },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `to everyone: waiting until (\\d{4}-\\d{2}-\\d{2} )?${hours.slice(0, 5)} \\(sending hours\\)`,
      ),
    );
    const id = /Announcement (\S+)/.exec(result.stdout)![1]!;
    const cancel = await cli(['announce-cancel', id]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`Announcement ${id} cancelled`);
    expect(t.connector.sent.length).toBe(sentBefore);
    expect((await cli(['announcements'])).stdout).toMatch(new RegExp(`${id} .* cancelled `));
  });

  describe('bad input: a clear message, a non-zero exit, nothing sent', () => {
    const cases: { name: string; args: () => string[]; code: number; says: RegExp }[] = [
      {
        name: 'no --title',
        args: () => ['announce', '--to', 'all', '--text-file', textFile('a.md', 'Bonjour')],
        code: 2,
        says: /missing --title/,
      },
      {
        name: '--to nowhere',
        args: () => [
          'announce',
          '--to',
          'nowhere',
          '--title',
          'T',
          '--text-file',
          textFile('b.md', 'Bonjour'),
        ],
        code: 2,
        says: /--to must be all, team:<team id> or direction:<direction name> \(got "nowhere"\)/,
      },
      {
        name: 'an unknown team',
        args: () => [
          'announce',
          '--to',
          'team:nope',
          '--title',
          'T',
          '--text-file',
          textFile('c.md', 'Bonjour'),
        ],
        code: 1,
        says: /no such team/,
      },
      {
        name: 'an unknown direction',
        args: () => [
          'announce',
          '--to',
          'direction:Nulle part',
          '--title',
          'T',
          '--text-file',
          textFile('d.md', 'Bonjour'),
        ],
        code: 1,
        says: /no agent of that direction/,
      },
      {
        name: 'an empty text file',
        args: () => [
          'announce',
          '--to',
          'all',
          '--title',
          'T',
          '--text-file',
          textFile('e.md', '  \n'),
        ],
        code: 1,
        says: /text is empty \(text: at most 2000 characters\)/,
      },
      {
        name: 'a text over the limit',
        args: () => [
          'announce',
          '--to',
          'all',
          '--title',
          'T',
          '--text-file',
          textFile('f.md', 'é'.repeat(2001)),
        ],
        code: 1,
        says: /f\.md is 2001 characters long: at most 2000/,
      },
      {
        name: 'a title over the limit',
        args: () => [
          'announce',
          '--to',
          'all',
          '--title',
          'T'.repeat(121),
          '--text-file',
          textFile('g.md', 'Bonjour'),
        ],
        code: 1,
        says: /title is longer than 120 characters/,
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        const sentBefore = t.connector.sent.length;

        const result = await cli(c.args());

        expect(result.code).toBe(c.code);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(c.says);
        expect(result.stderr.split('\n').filter((l) => l.startsWith('Error'))).toHaveLength(1);
        expect(result.stderr).not.toContain('    at ');
        expect(t.connector.sent.length).toBe(sentBefore);
      });
    }

    it('kept none of them', async () => {
      // Every bad case above is titled "T" (or a run of them).
      const kept = (await t.app.deps.announcements.list('c1')).filter((a) => /^T+$/.test(a.title));
      expect(kept).toEqual([]);
    });
  });
});
