import { helpCard } from '../../../../src/bot/cards/help-card';
import { checkinCard } from '../../../../src/bot/cards/checkin-card';
import { workshopReminderCard } from '../../../../src/bot/cards/workshop-reminder-card';
import { workshopListCard } from '../../../../src/bot/cards/workshop-list-card';
import { parseCommand } from '../../../../src/bot/command-parser';
import type { Workshop } from '../../../../src/domain/workshops';
import type { ProgrammeItem } from '../../../../src/usecases/workshop-programme';

const visit: Workshop = {
  id: 'w-visite',
  challengeId: 'c1',
  title: 'Visite du datacenter',
  format: 'visite',
  description: 'Salles serveurs et refroidissement.',
  host: 'Direction des systèmes d’information',
  place: 'Datacenter, zone des Granges',
  startsAt: '2026-11-24T14:00:00.000Z',
  endsAt: '2026-11-24T15:30:00.000Z',
  capacity: 12,
  points: 8,
  code: 'K7M2QX',
  number: 5,
};
const online: Workshop = {
  ...visit,
  id: 'w-mail',
  title: 'Alléger sa messagerie',
  format: 'atelier',
  place: undefined,
  link: 'https://visio.example.org/m',
  capacity: undefined,
};

function item(workshop: Workshop, overrides: Partial<ProgrammeItem> = {}): ProgrammeItem {
  return {
    workshop,
    number: workshop.number,
    signedUp: false,
    seatsLeft: workshop.capacity ?? null,
    checkedIn: false,
    checkin: 'not_open',
    ...overrides,
  };
}

const json = (value: unknown) => JSON.stringify(value);

describe('the help card', () => {
  it('lists the workshop commands in French and in English, and each of them is understood', () => {
    const fr = json(helpCard('fr'));
    for (const line of [
      '**ateliers**',
      '**je m’inscris** *numéro*',
      '**je me désinscris** *numéro*',
      '**mes ateliers**',
      '**pointage** *CODE*',
    ]) {
      expect(fr).toContain(line);
    }
    const en = json(helpCard('en'));
    for (const line of [
      '**workshops**',
      '**sign up** *number*',
      '**cancel signup** *number*',
      '**my workshops**',
      '**check in** *CODE*',
    ]) {
      expect(en).toContain(line);
    }
    for (const typed of [
      'ateliers',
      'je m’inscris 3',
      'je me désinscris 3',
      'mes ateliers',
      'pointage K7M2QX',
      'workshops',
      'sign up 3',
      'cancel signup 3',
      'my workshops',
      'check in K7M2QX',
    ]) {
      expect(parseCommand(typed).kind).toMatch(/^workshop\./);
    }
    expect(helpCard('fr').actions).toContainEqual({
      type: 'Action.Submit',
      title: 'Programme des ateliers',
      data: { action: 'workshop.list' },
    });
  });
});

describe('the workshop list card', () => {
  it('numbers each workshop and says what, when, where and who hosts it, in Paris time', () => {
    const card = json(
      workshopListCard('fr', [item(visit)], { view: 'upcoming', timeZone: 'Europe/Paris' }),
    );
    expect(card).toContain('N° 5 · Visite du datacenter');
    expect(card).toContain('Visite · mardi 24 novembre, 15:00–16:30');
    expect(card).toContain('Datacenter, zone des Granges');
    expect(card).toContain('Proposé par Direction des systèmes d’information');
    expect(card).toContain('Places restantes : 12');
  });

  it('offers to sign up before the check-in opens, to cancel once signed up, and nothing once it has started or is full', () => {
    const buttons = (entry: ProgrammeItem) => {
      const card = workshopListCard('fr', [entry], { view: 'upcoming', timeZone: 'Europe/Paris' });
      const container = card.body.find((e) => e.type === 'Container') as {
        items: {
          type: string;
          actions?: { verb?: string; title: string; data?: unknown; fallback?: unknown }[];
        }[];
      };
      return container.items.filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions!);
    };
    expect(buttons(item(visit))).toEqual([
      {
        type: 'Action.Execute',
        title: 'M’inscrire',
        verb: 'workshop.signup',
        data: { workshopId: 'w-visite', view: 'upcoming' },
        style: 'positive',
        fallback: {
          type: 'Action.Submit',
          title: 'M’inscrire',
          data: { workshopId: 'w-visite', view: 'upcoming', verb: 'workshop.signup' },
        },
      },
    ]);
    expect(buttons(item(visit, { signedUp: true })).map((b) => b.verb)).toEqual([
      'workshop.cancel',
    ]);
    expect(buttons(item(visit, { seatsLeft: 0 }))).toEqual([]);
    expect(buttons(item(visit, { checkin: 'open' }))).toEqual([]);
    // An online workshop's link, once signed up or once it is on.
    expect(buttons(item(online, { signedUp: true })).map((b) => b.title)).toEqual([
      'Me désinscrire',
      'Rejoindre en ligne',
    ]);
    expect(
      json(
        workshopListCard('fr', [item(visit, { seatsLeft: 0 })], {
          view: 'upcoming',
          timeZone: 'Europe/Paris',
        }),
      ),
    ).toContain('Complet');
  });

  it('says when there is nothing to show, in the agent’s language', () => {
    expect(json(workshopListCard('fr', [], { view: 'mine', timeZone: 'Europe/Paris' }))).toContain(
      'Vous n’êtes inscrit·e à aucun atelier',
    );
    expect(
      json(workshopListCard('en', [], { view: 'upcoming', timeZone: 'Europe/Paris' })),
    ).toContain('No upcoming workshop for now.');
  });
});

describe('the check-in cards', () => {
  it('asks for the code with a Universal Action and its Action.Submit fallback', () => {
    const card = checkinCard('fr');
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Input.Text', id: 'code' }));
    expect(card.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'workshop.checkin',
        fallback: expect.objectContaining({ data: { verb: 'workshop.checkin' } }),
      }),
    ]);
  });

  it('asks nothing more once checked in, and keeps the form after a refusal', () => {
    expect(checkinCard('fr', { text: 'ok', ok: true }).actions).toBeUndefined();
    expect(checkinCard('fr', { text: 'refusé', ok: false }).actions).toHaveLength(1);
  });

  it('reminds with the place, or the link, and the check-in form', () => {
    const atPlace = json(workshopReminderCard('fr', visit, 'Europe/Paris'));
    expect(atPlace).toContain('Rappel : Visite du datacenter commence à 15:00');
    expect(atPlace).toContain('Lieu : Datacenter, zone des Granges');
    expect(atPlace).toContain('"verb":"workshop.checkin"');
    const remote = workshopReminderCard('en', online, 'Europe/Paris');
    expect(json(remote)).toContain('Online: https://visio.example.org/m');
    expect(remote.actions).toContainEqual({
      type: 'Action.OpenUrl',
      title: 'Join online',
      url: 'https://visio.example.org/m',
    });
  });
});
