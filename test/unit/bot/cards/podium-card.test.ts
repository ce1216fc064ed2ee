import {
  podiumCard,
  PODIUM_PUBLISH_VERB,
  podiumRankText,
} from '../../../../src/bot/cards/podium-card';
import type { Podium } from '../../../../src/domain/podium';
import { DEFAULT_SCORING } from '../../../../src/domain/scoring';

const podium: Podium = {
  challengeId: 'c1',
  key: '0123456789abcdef',
  rule: { ...DEFAULT_SCORING },
  places: [
    {
      rank: 1,
      teamId: 'a',
      name: 'Les *Sobres*',
      score: '4.33',
      points: 13,
      members: 3,
      tied: true,
    },
    {
      rank: 1,
      teamId: 'b',
      name: 'Les Frugaux',
      score: '4.33',
      points: 13,
      members: 3,
      tied: true,
    },
    { rank: 3, teamId: 'c', name: 'Les Lents', score: '2.50', points: 10, members: 4, tied: false },
    { rank: 4, teamId: 'd', name: 'Équipe 4', score: '1.00', points: 3, members: 3, tied: false },
  ],
};

const json = (value: unknown) => JSON.stringify(value);

describe('the podium card', () => {
  it('shows each place with its rank, escaped team name and score, ties marked, and the rule', () => {
    // when
    const card = podiumCard('fr', podium);

    // then
    const texts = card.body.map((element) => (element.type === 'TextBlock' ? element.text : ''));
    expect(texts[0]).toContain('Podium');
    expect(texts).toContain('🥇 **1er** · Les \\*Sobres\\* · score 4,33 · **ex æquo**');
    expect(texts).toContain('🥇 **1er** · Les Frugaux · score 4,33 · **ex æquo**');
    expect(texts).toContain('🥉 **3e** · Les Lents · score 2,50');
    expect(texts).toContain('🏅 **4e** · Équipe 4 · score 1,00');
    expect(json(card)).toContain('divisée par son nombre de membres (au moins 3)');
    expect(card.actions).toBeUndefined();
    expect(card.lang).toBe('fr');
  });

  it('speaks English, with English ranks and "tied"', () => {
    // when
    const card = podiumCard('en', podium);

    // then
    expect(json(card)).toContain('🥇 **1st** · Les Frugaux · score 4.33 · **tied**');
    expect(json(card)).toContain('🥉 **3rd** · Les Lents');
    expect(json(card)).toContain('divided by its number of members (at least 3)');
    expect(['1st', '2nd', '3rd', '4th', '5th']).toEqual(
      [1, 2, 3, 4, 5].map((rank) => podiumRankText('en', rank)),
    );
    expect(['1er', '2e', '3e', '4e', '5e']).toEqual(
      [1, 2, 3, 4, 5].map((rank) => podiumRankText('fr', rank)),
    );
  });

  it('links to the tab’s ranking when the public address is known', () => {
    // when
    const card = podiumCard('fr', podium, { publicUrl: 'https://defi.example.org' });

    // then
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Voir le classement',
        url: 'https://defi.example.org/tab/#classement',
      },
    ]);
  });

  it('gives the organiser a preview with the button that publishes to everyone', () => {
    // when
    const card = podiumCard('fr', podium, {
      organiser: { audience: { agents: 121, channels: 2 } },
    });

    // then
    expect(json(card.body[0])).toContain('Aperçu');
    const title = 'Publier pour tout le monde (121 agents et 2 canaux d’équipe)';
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title,
        verb: PODIUM_PUBLISH_VERB,
        data: { podiumKey: podium.key },
        style: 'positive',
        fallback: {
          type: 'Action.Submit',
          title,
          data: { podiumKey: podium.key, verb: 'podium.publish' },
        },
      },
    ]);
  });

  it('says on top what a click did, without the button', () => {
    // when
    const card = podiumCard('en', podium, { notice: 'Published.' });

    // then
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Published.' });
    expect(card.actions).toBeUndefined();
  });
});
