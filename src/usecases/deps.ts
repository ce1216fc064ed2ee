import type {
  AgentRepository,
  ChallengeRepository,
  CheckinGuardRepository,
  Clock,
  EventRepository,
  FanOut,
  IdGenerator,
  QuizRepository,
  SignupRepository,
  TeamRepository,
  WorkshopRepository,
} from '../domain/ports';

/**
 * What the use cases may touch, all behind ports: built once by the composition root (src/app.ts), or from
 * in-memory twins in unit tests, and passed in whole.
 */
export interface UseCaseDeps {
  challenges: ChallengeRepository;
  agents: AgentRepository;
  teams: TeamRepository;
  events: EventRepository;
  quizzes: QuizRepository;
  workshops: WorkshopRepository;
  signups: SignupRepository;
  checkinGuards: CheckinGuardRepository;
  /** Sends of one message to many agents (a quiz, a reminder). */
  fanOut: FanOut;
  clock: Clock;
  ids: IdGenerator;
  organiserIds: ReadonlySet<string>;
}
