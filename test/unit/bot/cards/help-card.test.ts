import { helpCard } from '../../../../src/bot/cards/help-card';

describe('the help card', () => {
  it("lists the organisers' commands to organisers only", () => {
    // given the same help asked by an agent and by an organiser
    const agent = JSON.stringify(helpCard('fr'));
    const organiser = JSON.stringify(helpCard('fr', undefined, { organiser: true }));
    // then only the organiser reads about announcements and the podium
    expect(agent).not.toContain('annonce');
    expect(agent).not.toContain('podium');
    expect(organiser).toContain('**annonce**');
    expect(organiser).toContain('**podium**');
    expect(JSON.stringify(helpCard('en', undefined, { organiser: true }))).toContain(
      '**announce**',
    );
  });
});
