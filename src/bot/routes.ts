import type { Route } from './routing';
import {
  announceRoute,
  announcementDiscardAction,
  announcementEditAction,
  announcementPreviewAction,
} from './handlers/announce';
import {
  announcementCancelAction,
  announcementRefreshAction,
  announcementSendAction,
} from './handlers/announcement-send';
import { helpRoute } from './handlers/help';
import { myDataRoute } from './handlers/my-data';
import { notUnderstoodRoute } from './handlers/not-understood';
import { organiserClaimRoute } from './handlers/organiser-claim';
import { podiumPreviewRoute, podiumPublishAction } from './handlers/podium';
import { quizAnswerAction } from './handlers/quiz-answer';
import { quizShowRoute } from './handlers/quiz-show';
import { teamCreateRoute } from './handlers/team-create';
import { teamJoinRoute } from './handlers/team-join';
import { teamLeaveRoute } from './handlers/team-leave';
import { teamMoveRoute } from './handlers/team-move';
import { teamNameRoute } from './handlers/team-name';
import { rankingRoute, teamShowRoute } from './handlers/team-show';
import { smalltalkRoute } from './handlers/smalltalk';
import { workshopCancelAction, workshopCancelRoute } from './handlers/workshop-cancel';
import { workshopCheckinAction, workshopCheckinRoute } from './handlers/workshop-checkin';
import { workshopListRoute } from './handlers/workshop-list';
import { workshopMineRoute } from './handlers/workshop-mine';
import { workshopSignupAction, workshopSignupRoute } from './handlers/workshop-signup';

/**
 * Everything the bot answers, one handler module each: chat commands (typed, or sent by a card's Action.Submit
 * `{ action }`), then card buttons (Action.Execute verbs and their Action.Submit `{ verb }` fallback). The bot
 * runs the first route that takes a request; commands come first so that a payload carrying both an `action`
 * and a `verb` is read as the command, as it always was.
 */
export const botRoutes: readonly Route[] = [
  helpRoute,
  notUnderstoodRoute,
  teamCreateRoute,
  teamJoinRoute,
  teamLeaveRoute,
  teamShowRoute,
  rankingRoute,
  smalltalkRoute,
  teamMoveRoute,
  organiserClaimRoute,
  quizShowRoute,
  workshopListRoute,
  workshopMineRoute,
  workshopSignupRoute,
  workshopCancelRoute,
  workshopCheckinRoute,
  myDataRoute,
  teamNameRoute,
  podiumPreviewRoute,
  announceRoute,
  quizAnswerAction,
  workshopSignupAction,
  workshopCancelAction,
  workshopCheckinAction,
  podiumPublishAction,
  announcementPreviewAction,
  announcementEditAction,
  announcementDiscardAction,
  announcementSendAction,
  announcementRefreshAction,
  announcementCancelAction,
];
