import type { BroadcastRepository, Repositories } from '../../domain/ports';
import { journaledIfNeeded } from '../journaled-events';
import { TableAgentRepository } from './agent-repository';
import { TableAnnouncementRepository } from './announcement-repository';
import { TableBroadcastRepository } from './broadcast-repository';
import { TableChallengeRepository } from './challenge-repository';
import { TableChannelRepository } from './channel-repository';
import { TableCheckinGuardRepository } from './checkin-guard-repository';
import { TableEventRepository } from './event-repository';
import { TableQuizRepository } from './quiz-repository';
import { TableRosterRepository } from './roster-repository';
import { TableSignupRepository } from './signup-repository';
import type { TableSet } from './tables';
import { TableTeamRepository } from './team-repository';
import { TableWorkshopRepository } from './workshop-repository';

export { AzureDeliveryQueue, type QueueReceipt } from './delivery-queue';
export { openTables, type TableSet } from './tables';
export type { StoreAddress } from './store-address';

/** Every repository the app stores in Azure Tables. */
export interface AzureRepositories extends Repositories {
  broadcasts: BroadcastRepository;
}

/**
 * The repositories on one set of tables: the one place that knows which class stores what. On the embedded
 * store's tables, events are journaled (src/storage/journal.ts) so that a kill -9 loses none it confirmed.
 */
export function azureRepositories(tables: TableSet): AzureRepositories {
  const teams = new TableTeamRepository(tables);
  return {
    challenges: new TableChallengeRepository(tables),
    agents: new TableAgentRepository(tables),
    teams,
    events: journaledIfNeeded(new TableEventRepository(tables), teams, tables),
    quizzes: new TableQuizRepository(tables),
    workshops: new TableWorkshopRepository(tables),
    signups: new TableSignupRepository(tables),
    checkinGuards: new TableCheckinGuardRepository(tables),
    announcements: new TableAnnouncementRepository(tables),
    channels: new TableChannelRepository(tables),
    roster: new TableRosterRepository(tables),
    broadcasts: new TableBroadcastRepository(tables),
  };
}
