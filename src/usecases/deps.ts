import type {
  AgentRepository,
  ChallengeRepository,
  Clock,
  EventRepository,
  IdGenerator,
  QuizRepository,
  TeamRepository,
} from '../domain/ports';

/** What the use cases may touch; built once in main.ts and passed in whole. */
export interface UseCaseDeps {
  challenges: ChallengeRepository;
  agents: AgentRepository;
  teams: TeamRepository;
  events: EventRepository;
  quizzes: QuizRepository;
  clock: Clock;
  ids: IdGenerator;
  organiserIds: ReadonlySet<string>;
}
