import { TestAdapter } from 'botbuilder';
import { ChallengeBot } from '../../../src/bot/bot';
import { errorText } from '../../../src/bot/messages';
import { botRoutes } from '../../../src/bot/routes';
import { DEFAULT_SENDING_HOURS } from '../../../src/domain/announcements';
import { DomainError } from '../../../src/domain/errors';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { givenChallenge, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';

const LINK_TITLE = '[Cliquez ici](https://evil.example)';

/** A Markdown link or image still live in `text`: `[…](…)` whose bracket no backslash escapes. */
const LIVE_LINK = /(^|[^\\])\[[^\]]*[^\\]\]\(/;

describe('error notices show what people wrote as text, never as Markdown', () => {
  it('escapes every text detail of a refusal, in both languages', () => {
    // given a refusal naming an organiser's workshop title and what an agent typed
    const error = new DomainError('checkin_not_open', 'not yet', {
      workshop: LINK_TITLE,
      time: '13:45',
      date: '2026-11-24',
    });
    const typed = new DomainError('workshop_unknown', 'unknown', { reference: '**gras** _x_ <b>' });

    // when
    const notices = (['fr', 'en'] as const).flatMap((locale) => [
      errorText(locale, error),
      errorText(locale, typed),
    ]);

    // then the link is text, the date still in words
    for (const notice of notices) expect(notice).not.toMatch(LIVE_LINK);
    expect(notices[0]).toContain('\\[Cliquez ici\\]\\(https://evil\\.example\\)');
    expect(notices[0]).toContain('mardi 24 novembre');
    expect(notices[1]).toContain('\\*\\*gras\\*\\* \\_x\\_ \\<b\\>');
  });

  it('answers a check-in before the window with the workshop’s title as written', async () => {
    // given a workshop whose title is a link, its check-in not open yet
    const deps = memoryDeps({ clock: clockAt('2026-11-24T10:00:00+01:00') });
    await givenChallenge(deps);
    await givenWorkshop(deps, {
      title: LINK_TITLE,
      code: 'FRESQ2',
      startsAt: '2026-11-24T13:00:00.000Z',
    });
    const bot = new ChallengeBot(
      deps,
      { localMode: true, sendingHours: DEFAULT_SENDING_HOURS },
      silentLogger,
      new LeaderboardCache(deps),
      botRoutes,
    );
    const adapter = new TestAdapter((turn) => bot.run(turn));

    // when
    await adapter.processActivity({
      type: 'message',
      text: 'pointage FRESQ2',
      locale: 'fr-FR',
      from: { id: '29:aicha', name: 'Aïcha', aadObjectId: 'aicha' },
      conversation: { id: 'a:aicha', conversationType: 'personal', isGroup: false, name: '' },
    });

    // then
    const reply = adapter.activeQueue[0]?.text ?? '';
    expect(reply).toContain('Cliquez ici');
    expect(reply).not.toMatch(LIVE_LINK);
  });
});

describe('a late answer, after the challenge', () => {
  it('says the challenge is over, with its last day, not a closing time', () => {
    // given the refusal of an answer given after the challenge's last evening
    const error = new DomainError('quiz_closed', 'challenge over', {
      reason: 'challenge_over',
      date: '2026-11-27',
      time: '24:00',
    });
    // then both languages name the day, and no "24:00"
    expect(errorText('fr', error)).toBe(
      'Le défi est terminé depuis le vendredi 27 novembre au soir : cette réponse n’a pas été comptée. Merci d’avoir joué 🌱',
    );
    expect(errorText('en', error)).toContain('ended on Friday 27 November');
    expect(errorText('fr', error)).not.toContain('24:00');
  });
});
