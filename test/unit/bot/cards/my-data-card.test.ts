import { myDataCard } from '../../../../src/bot/cards/my-data-card';

const summary = { answers: 3, checkins: 1, signups: 2, team: '**Les Sobres**' };

describe('the "my data" card', () => {
  it('counts what is kept, says why and how long, and links to the export', () => {
    // when
    const card = myDataCard('fr', summary, { publicUrl: 'https://defi.example.fr' });

    // then
    const text = JSON.stringify(card.body);
    expect(text).toContain('Réponses au quiz : 3');
    expect(text).toContain('Pointages aux ateliers : 1');
    expect(text).toContain('Inscriptions aux ateliers : 2');
    // A team name is shown as text, never as Markdown.
    expect(text).toContain('Équipe : \\\\*\\\\*Les Sobres\\\\*\\\\*');
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Télécharger mes données',
        url: 'https://defi.example.fr/tab/#mes-donnees',
      },
    ]);
    expect(card.speak).toContain('Mes données');
  });

  it('speaks English to an English client, and has no button when the tab address is unknown', () => {
    // when
    const card = myDataCard('en', { ...summary, team: null });

    // then
    const text = JSON.stringify(card.body);
    expect(text).toContain('My data');
    expect(text).toContain('Quiz answers: 3');
    expect(text).toContain('Team: none');
    expect(card.actions).toBeUndefined();
    expect(card.lang).toBe('en');
  });
});
