import { TestAdapter, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { ChallengeBot } from '../../../src/bot/bot';
import { parseCommand, type Command } from '../../../src/bot/command-parser';
import type { CardData, CardVerb, CommandOf, Incoming, Route } from '../../../src/bot/routing';
import {
  announceRoute,
  announcementDiscardAction,
  announcementEditAction,
  announcementPreviewAction,
} from '../../../src/bot/handlers/announce';
import {
  announcementCancelAction,
  announcementRefreshAction,
  announcementSendAction,
} from '../../../src/bot/handlers/announcement-send';
import { helpRoute } from '../../../src/bot/handlers/help';
import { myDataRoute } from '../../../src/bot/handlers/my-data';
import { notUnderstoodRoute } from '../../../src/bot/handlers/not-understood';
import { organiserClaimRoute } from '../../../src/bot/handlers/organiser-claim';
import { podiumPreviewRoute, podiumPublishAction } from '../../../src/bot/handlers/podium';
import { quizAnswerAction } from '../../../src/bot/handlers/quiz-answer';
import { quizShowRoute } from '../../../src/bot/handlers/quiz-show';
import { teamCreateRoute } from '../../../src/bot/handlers/team-create';
import { teamJoinRoute } from '../../../src/bot/handlers/team-join';
import { teamLeaveRoute } from '../../../src/bot/handlers/team-leave';
import { teamMoveRoute } from '../../../src/bot/handlers/team-move';
import { rankingRoute, teamShowRoute } from '../../../src/bot/handlers/team-show';
import { smalltalkRoute } from '../../../src/bot/handlers/smalltalk';
import {
  workshopCancelAction,
  workshopCancelRoute,
} from '../../../src/bot/handlers/workshop-cancel';
import {
  workshopCheckinAction,
  workshopCheckinRoute,
} from '../../../src/bot/handlers/workshop-checkin';
import { workshopListRoute } from '../../../src/bot/handlers/workshop-list';
import { workshopMineRoute } from '../../../src/bot/handlers/workshop-mine';
import {
  workshopSignupAction,
  workshopSignupRoute,
} from '../../../src/bot/handlers/workshop-signup';
import { t } from '../../../src/bot/messages';
import { teamNameRoute } from '../../../src/bot/handlers/team-name';
import { botRoutes } from '../../../src/bot/routes';
import { DEFAULT_SENDING_HOURS } from '../../../src/domain/announcements';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { givenChallenge } from '../../support/builders';
import { clockAt } from '../../support/clock';

const routesTaking = (incoming: Incoming): Route[] =>
  botRoutes.filter((route) => route.match(incoming));

/** The one route of the list that takes the request: it must be `route` itself. */
function expectOnly(incoming: Incoming, route: Route): void {
  const taking = routesTaking(incoming);
  expect(taking).toHaveLength(1);
  expect(taking[0]).toBe(route);
}

/** One command of each kind, as the parser gives it, with the route that must answer it. */
const commands: { [K in Command['kind']]: [CommandOf<K>, Route] } = {
  help: [{ kind: 'help' }, helpRoute],
  'team.create': [{ kind: 'team.create', name: 'Les Sobres' }, teamCreateRoute],
  'team.join': [{ kind: 'team.join', code: 'K7M2QX' }, teamJoinRoute],
  'team.leave': [{ kind: 'team.leave' }, teamLeaveRoute],
  'team.show': [{ kind: 'team.show' }, teamShowRoute],
  ranking: [{ kind: 'ranking' }, rankingRoute],
  smalltalk: [{ kind: 'smalltalk' }, smalltalkRoute],
  'team.move': [{ kind: 'team.move', agentId: 'a2', code: 'K7M2QX' }, teamMoveRoute],
  'quiz.show': [{ kind: 'quiz.show' }, quizShowRoute],
  'organiser.claim': [{ kind: 'organiser.claim' }, organiserClaimRoute],
  'workshop.list': [{ kind: 'workshop.list' }, workshopListRoute],
  'workshop.mine': [{ kind: 'workshop.mine' }, workshopMineRoute],
  'my.data': [{ kind: 'my.data' }, myDataRoute],
  'team.name.share': [{ kind: 'team.name.share', show: true }, teamNameRoute],
  'workshop.signup': [{ kind: 'workshop.signup', reference: '3' }, workshopSignupRoute],
  'workshop.cancel': [{ kind: 'workshop.cancel', reference: '3' }, workshopCancelRoute],
  'workshop.checkin': [{ kind: 'workshop.checkin', code: 'K7M2QX' }, workshopCheckinRoute],
  podium: [{ kind: 'podium' }, podiumPreviewRoute],
  announce: [{ kind: 'announce' }, announceRoute],
  unknown: [{ kind: 'unknown', text: 'blabla' }, notUnderstoodRoute],
};

/** The Action.Submit payloads the cards send for a command (the team forms, the help and list buttons). */
const submitted: [CardData, Route][] = [
  [{ action: 'help' }, helpRoute],
  [{ action: 'team.create', name: 'Les Sobres' }, teamCreateRoute],
  [{ action: 'team.join', code: 'K7M2QX' }, teamJoinRoute],
  [{ action: 'team.show' }, teamShowRoute],
  [{ action: 'quiz.show' }, quizShowRoute],
  [{ action: 'workshop.list' }, workshopListRoute],
  [{ action: 'workshop.mine' }, workshopMineRoute],
  [{ action: 'my.data' }, myDataRoute],
];

/** Every card verb, with the route that answers its Action.Execute and its Action.Submit fallback. */
const verbs: Record<CardVerb, Route> = {
  'quiz.answer': quizAnswerAction,
  'workshop.checkin': workshopCheckinAction,
  'workshop.signup': workshopSignupAction,
  'workshop.cancel': workshopCancelAction,
  'podium.publish': podiumPublishAction,
  'announcement.preview': announcementPreviewAction,
  'announcement.edit': announcementEditAction,
  'announcement.discard': announcementDiscardAction,
  'announcement.send': announcementSendAction,
  'announcement.refresh': announcementRefreshAction,
  'announcement.cancel': announcementCancelAction,
};

describe('the route list', () => {
  it.each(Object.values(commands))(
    'sends the typed command %o to its handler, and only there',
    (command, route) => {
      expectOnly({ type: 'text', command }, route);
    },
  );

  it.each(submitted)(
    'sends the Action.Submit %o to its command handler, and only there',
    (data, route) => {
      expectOnly({ type: 'submit', data }, route);
    },
  );

  it.each(Object.entries(verbs))(
    'sends the verb %s to its card action, as Action.Execute and as its Action.Submit fallback',
    (verb, route) => {
      expectOnly({ type: 'execute', verb, data: { verb } }, route);
      expectOnly({ type: 'submit', data: { verb, code: 'K7M2QX' } }, route);
    },
  );

  it('reads what the agent did not understand as such: the help card answers it', () => {
    expectOnly({ type: 'text', command: parseCommand('blabla') }, notUnderstoodRoute);
  });

  it('reads a payload with both a command `action` and a `verb` as the command, as it always was', () => {
    const both: Incoming = { type: 'submit', data: { action: 'team.show', verb: 'quiz.answer' } };
    expect(botRoutes.find((route) => route.match(both))).toBe(teamShowRoute);
  });

  it('takes no Action.Submit or verb it does not know (the bot answers those itself)', () => {
    for (const data of [
      {},
      { action: 'nope' },
      { verb: 'nope' },
      { action: 'team.leave' },
      { action: 42 },
    ]) {
      expect(routesTaking({ type: 'submit', data })).toEqual([]);
    }
    expect(routesTaking({ type: 'execute', verb: 'nope', data: { verb: 'nope' } })).toEqual([]);
    // A command's name is not a verb: typing is not clicking.
    expect(
      routesTaking({ type: 'execute', verb: 'team.show', data: { verb: 'team.show' } }),
    ).toEqual([]);
  });

  it('has no route that nothing reaches, and no two routes for one kind or verb', () => {
    const reached = [
      ...Object.values(commands).map(([, route]) => route),
      ...submitted.map(([, route]) => route),
      ...Object.values(verbs),
    ];
    expect(botRoutes.filter((route) => !reached.includes(route))).toEqual([]);
    expect(new Set(botRoutes).size).toBe(botRoutes.length);
    // Each kind, Action.Submit and verb above is taken by exactly one route (see expectOnly), so no two
    // routes claim the same.
  });
});

/** TestAdapter keeps an update only when it replaces an activity it sent; the bot updates Teams' card. */
class RecordingAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];

  override async updateActivity(
    _context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse | void> {
    this.updates.push(activity);
  }
}

const BEFORE_THE_START = '2026-11-20T10:00:00+01:00';

function aBot() {
  const deps = memoryDeps({ clock: clockAt(BEFORE_THE_START) });
  const bot = new ChallengeBot(
    deps,
    { localMode: true, sendingHours: DEFAULT_SENDING_HOURS },
    silentLogger,
    new LeaderboardCache(deps),
    botRoutes,
  );
  const adapter = new RecordingAdapter((turn) => bot.run(turn));
  return { deps, adapter };
}

/** An activity of Aïcha's personal chat with the bot. */
function fromAicha(activity: Partial<Activity>): Partial<Activity> {
  return {
    type: 'message',
    locale: 'fr-FR',
    from: { id: '29:aicha', name: 'Aïcha', aadObjectId: 'aicha' },
    conversation: {
      id: 'a:personal-aicha',
      conversationType: 'personal',
      tenantId: 'tenant-test',
      isGroup: false,
      name: '',
    },
    ...activity,
  };
}

function execute(verb: string, data: CardData): Partial<Activity> {
  return fromAicha({
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

const cardIn = (activity: Partial<Activity> | undefined) =>
  JSON.stringify(activity?.attachments?.[0]?.content ?? null);

describe('the bot running the route list', () => {
  it('answers an Action.Submit no route takes with the help card', async () => {
    // given
    const { adapter } = aBot();

    // when
    await adapter.processActivity(fromAicha({ value: { action: 'nope' } }));

    // then
    expect(adapter.activeQueue).toHaveLength(1);
    expect(cardIn(adapter.activeQueue[0])).toContain(t('fr', 'help.title'));
    expect(cardIn(adapter.activeQueue[0])).toContain(t('fr', 'help.intro'));
  });

  it('gives a card form’s fields to the command it stands for', async () => {
    // given a challenge not started yet
    const { deps, adapter } = aBot();
    await givenChallenge(deps);

    // when
    await adapter.processActivity(
      fromAicha({ value: { action: 'team.create', name: 'Les Sobres' } }),
    );

    // then
    expect(adapter.activeQueue[0]?.text).toContain('Les Sobres');
    expect((await deps.teams.teamOf('c1', 'aicha'))?.name).toBe('Les Sobres');
  });

  it('tells the agent why a command was refused', async () => {
    // given no challenge at all
    const { adapter } = aBot();

    // when
    await adapter.processActivity(fromAicha({ text: 'équipe quitter' }));

    // then
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([t('fr', 'error.challenge_missing')]);
  });

  it('answers an Action.Execute in the invoke response, with the card that replaces the one clicked', async () => {
    // given
    const { adapter } = aBot();

    // when
    await adapter.processActivity(execute('workshop.checkin', { code: 'K7M2QX' }));

    // then
    const [response] = adapter.activeQueue;
    expect(response?.type).toBe('invokeResponse');
    expect(response?.value).toMatchObject({
      status: 200,
      body: {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard' },
      },
    });
  });

  it('answers an Action.Execute of a verb no route takes with a 400 error', async () => {
    // given
    const { adapter } = aBot();

    // when
    await adapter.processActivity(execute('nope', {}));

    // then
    expect(adapter.activeQueue[0]?.value).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'unknown verb' },
      },
    });
  });

  it('updates the clicked card for an Action.Submit fallback when Teams says which card it was', async () => {
    // given
    const { adapter } = aBot();

    // when
    await adapter.processActivity(
      fromAicha({ value: { verb: 'workshop.checkin', code: 'K7M2QX' }, replyToId: 'card-1' }),
    );

    // then
    expect(adapter.activeQueue).toEqual([]);
    expect(adapter.updates).toHaveLength(1);
    expect(adapter.updates[0]?.id).toBe('card-1');
    expect(cardIn(adapter.updates[0])).toContain('"type":"AdaptiveCard"');
  });

  it('sends a new card for an Action.Submit fallback when Teams does not say which card was clicked', async () => {
    // given
    const { adapter } = aBot();

    // when
    await adapter.processActivity(
      fromAicha({ value: { verb: 'workshop.checkin', code: 'K7M2QX' } }),
    );

    // then
    expect(adapter.updates).toEqual([]);
    expect(adapter.activeQueue).toHaveLength(1);
    expect(cardIn(adapter.activeQueue[0])).toContain('"type":"AdaptiveCard"');
  });
});
