import type { ChallengeSnapshot } from '../domain/scoring';
import { workshopPoints } from '../domain/workshops';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** Every workshop of the running challenge with the points a check-in to it earns, for `exportSnapshot`. */
export async function workshopPointsOf(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops'>,
): Promise<{ id: string; points: number }[]> {
  const challenge = await currentChallenge(deps);
  const workshops = await deps.workshops.list(challenge.id);
  return workshops.map((w) => ({
    id: w.id,
    points: workshopPoints(w, challenge.scoring.checkinPoints),
  }));
}

/** The running challenge as the spec's snapshot, so anyone can re-check the ranking by hand. */
export async function exportSnapshot(
  deps: Pick<UseCaseDeps, 'challenges' | 'teams' | 'events'>,
  workshops: { id: string; points: number }[] = [],
): Promise<ChallengeSnapshot> {
  const challenge = await currentChallenge(deps);
  const teams = await deps.teams.list(challenge.id);
  const snapshot: Required<ChallengeSnapshot> = {
    scoring: { ...challenge.scoring },
    teams: teams.map((team) => ({
      id: team.id,
      name: team.name,
      members: team.members.map((m) => m.agentId),
    })),
    workshops: workshops.filter((w) => w.points !== challenge.scoring.checkinPoints),
    answers: [],
    checkins: [],
  };
  for await (const event of deps.events.all(challenge.id)) {
    if (event.kind === 'answer') {
      snapshot.answers.push({
        agentId: event.agentId,
        questionId: event.questionId,
        correct: event.correct,
        at: event.at,
      });
    } else {
      snapshot.checkins.push({
        agentId: event.agentId,
        workshopId: event.workshopId,
        at: event.at,
      });
    }
  }
  return snapshot;
}
