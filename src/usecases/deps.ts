import type {
  AgentRepository,
  ChallengeRepository,
  CheckinGuardRepository,
  Clock,
  EventRepository,
  IdGenerator,
  QuizRepository,
  SignupRepository,
  TeamRepository,
  WorkshopRepository,
} from '../domain/ports';

/** What the use cases may touch; built once in main.ts and passed in whole. */
export interface UseCaseDeps {
  challenges: ChallengeRepository;
  agents: AgentRepository;
  teams: TeamRepository;
  events: EventRepository;
  quizzes: QuizRepository;
  workshops: WorkshopRepository;
  signups: SignupRepository;
  checkinGuards: CheckinGuardRepository;
  clock: Clock;
  ids: IdGenerator;
  organiserIds: ReadonlySet<string>;
}
