import type { CardActionRoute } from './bot';
import type { Route } from './handler-context';
import { helpRoute, unknownRoute } from './handlers/help';
import { organiserClaimRoute } from './handlers/organiser-claim';
import { quizAnswerAction } from './handlers/quiz-answer';
import { quizShowRoute } from './handlers/quiz-show';
import { teamCreateRoute } from './handlers/team-create';
import { teamJoinRoute } from './handlers/team-join';
import { teamLeaveRoute } from './handlers/team-leave';
import { teamMoveRoute } from './handlers/team-move';
import { teamShowRoute } from './handlers/team-show';
import { workshopCheckinAction, workshopCheckinRoute } from './handlers/workshop-checkin';
import { workshopListRoute, workshopMineRoute } from './handlers/workshop-list';
import { workshopCancelAction, workshopCancelRoute, workshopSignupAction, workshopSignupRoute } from './handlers/workshop-signup';

/** Every chat command the bot answers, one module each. */
export const botRoutes: Route[] = [
  helpRoute,
  unknownRoute,
  teamCreateRoute,
  teamJoinRoute,
  teamLeaveRoute,
  teamShowRoute,
  teamMoveRoute,
  organiserClaimRoute,
  quizShowRoute,
  workshopListRoute,
  workshopMineRoute,
  workshopSignupRoute,
  workshopCancelRoute,
  workshopCheckinRoute,
];

/** Every card action (Action.Execute verb, or Action.Submit with that verb). */
export const cardActionRoutes: CardActionRoute[] = [
  quizAnswerAction,
  workshopSignupAction,
  workshopCancelAction,
  workshopCheckinAction,
];
