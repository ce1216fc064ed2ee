import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { challengeStartsAt, CHALLENGE_TIME_ZONE, type Challenge } from '../domain/challenge';
import { isDomainError } from '../domain/errors';
import { answerPoints, DEFAULT_SCORING, type MemberTally } from '../domain/scoring';
import { isCorrect, quizWindow } from '../domain/quiz';
import { parseQuizBankJson, quizzesFromBank } from '../domain/quiz-bank';
import { teamNameKey } from '../domain/teams';
import { addDays, daysBetween, localDate, mondayOf, zonedInstant } from '../domain/time';
import { checkinWindow } from '../domain/checkin';
import { assertCanSignUp, workshopPoints, type Workshop } from '../domain/workshops';
import type { UseCaseDeps } from '../usecases/deps';
import { importProgramme } from '../usecases/import-workshops';

export const DEFAULT_QUIZ_BANK = join(__dirname, '..', 'content', 'quiz-bank.fr.json');
export const DEFAULT_PROGRAMME = join(__dirname, '..', 'content', 'workshops.fr.json');
/** The week the shipped programme is dated for (its Monday). */
const PROGRAMME_WEEK = '2026-11-23';

/** The shipped programme (a valid import file) moved to the challenge's week, day for day, lines unchanged. */
export function demoProgramme(
  challenge: Pick<Challenge, 'startDate'>,
  programmePath = DEFAULT_PROGRAMME,
): string {
  const shift = daysBetween(PROGRAMME_WEEK, challenge.startDate);
  return readFileSync(programmePath, 'utf8').replace(
    /"(\d{4}-\d{2}-\d{2})([ T]\d{2}:\d{2})"/g,
    (_, date: string, time: string) => `"${addDays(date, shift)}${time}"`,
  );
}

/** A small deterministic generator, so the demo is the same on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The directions of the demo's agents, as a city's directory would give them (one per member, in turn). */
const DEMO_DIRECTIONS = [
  'Direction des systèmes d’information',
  'Direction de l’éducation',
  'Direction des ressources humaines',
  'Direction de l’espace public',
  'Direction de la culture',
  'Direction des finances',
  'Direction de la communication',
] as const;

/** The demo agent who is also an organiser. */
export const DEMO_ORGANISER = 'demo-agent-2-1';

const DEMO_TEAMS: { name: string; code: string; members: string[] }[] = [
  {
    name: 'Les Sobres du 3e',
    code: 'SBR3EA',
    members: ['Aïcha Benali', 'Bruno Lefèvre', 'Chloé Martin', 'David Nguyen'],
  },
  {
    name: 'Team Réemploi',
    code: 'RMPL42',
    members: [
      'Élodie Garnier',
      'Farid Haddad',
      'Gaëlle Petit',
      'Hugo Roux',
      'Inès Moreau',
      'Jules Fontaine',
    ],
  },
  {
    name: 'Les Octets Verts',
    code: 'VRTS27',
    members: ['Karim Diallo', 'Laura Chevalier', 'Mathieu Blanc'],
  },
  {
    name: 'Sobriété Express',
    code: 'XPRS58',
    members: [
      'Nadia Lambert',
      'Olivier Girard',
      'Pauline Bonnet',
      'Quentin Mercier',
      'Rania Faure',
      'Sébastien André',
      'Thérèse Colin',
      'Ugo Perrin',
    ],
  },
  {
    name: 'Les Déconnectés',
    code: 'DCNX73',
    members: [
      'Valérie Robin',
      'William Marchand',
      'Yasmine Dupuis',
      'Zoé Lemaire',
      'Antoine Caron',
    ],
  },
  {
    name: 'Archives & Cie',
    code: 'RCHV96',
    members: ['Béatrice Renaud', 'Cédric Picard', 'Delphine Aubert'],
  },
];

/** The demo challenge placed on the week of `now`, so that today has a quiz and a live ranking. */
export function demoChallenge(now: number): Challenge {
  const monday = mondayOf(localDate(now, CHALLENGE_TIME_ZONE));
  return {
    id: `demo-${monday}`,
    title: 'Défi numérique responsable — démo',
    startDate: monday,
    days: 5,
    timeZone: CHALLENGE_TIME_ZONE,
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 12,
    // The demo keeps team changes open all week so a newcomer can try them; a real challenge locks at its start.
    teamsLockAt: new Date(
      zonedInstant(addDays(monday, 7), '00:00', CHALLENGE_TIME_ZONE),
    ).toISOString(),
  };
}

/**
 * The fictional agents' seats and check-ins: some sign up for what is still to come; at what has started, some
 * came (most of them signed up) and checked in in the first minutes. Returns the agent's tally.
 */
async function demoAttendance(
  deps: UseCaseDeps,
  challenge: Challenge,
  workshops: readonly Workshop[],
  member: { agentId: string; name: string },
  random: () => number,
  now: number,
  tallyBefore: MemberTally,
): Promise<MemberTally> {
  const signedUpAt = new Date(challengeStartsAt(challenge)).toISOString();
  const signUp = async (workshop: Workshop) => {
    try {
      await deps.signups.signUp(challenge.id, workshop.id, { ...member, at: signedUpAt }, (taken) =>
        assertCanSignUp(workshop, taken, Date.parse(signedUpAt)),
      );
    } catch (error) {
      // A demo agent who finds a workshop full simply does not attend it, as a real one would.
      if (!isDomainError(error, 'workshop_full')) throw error;
    }
  };
  let tally = tallyBefore;
  for (const workshop of workshops) {
    const start = Date.parse(workshop.startsAt);
    if (start > now) {
      if (random() < 0.2) await signUp(workshop);
      continue;
    }
    if (random() > 0.3) continue;
    const at = checkinWindow(workshop).opensAt + 10 * 60_000 + Math.floor(random() * 20 * 60_000);
    if (at > now) continue;
    if (random() < 0.7) await signUp(workshop);
    const result = await deps.events.recordCheckin(challenge.id, member.agentId, {
      workshopId: workshop.id,
      points: workshopPoints(workshop, challenge.scoring.checkinPoints),
      at: new Date(at).toISOString(),
    });
    tally = result.tally;
  }
  return tally;
}

/**
 * Loads the demo into an empty store: the challenge, the default quiz bank and workshop programme, six teams of
 * fictional agents, their answers to the quizzes already sent this week, their sign-ups and their check-ins.
 * Returns false when a challenge is already there.
 */
export async function loadDemoIfEmpty(
  deps: UseCaseDeps,
  quizBankPath = DEFAULT_QUIZ_BANK,
): Promise<boolean> {
  if (await deps.challenges.current()) return false;
  const now = deps.clock.now();
  const challenge = demoChallenge(now);
  const bank = parseQuizBankJson(readFileSync(quizBankPath, 'utf8'));
  const quizzes = quizzesFromBank(bank, challenge.id, challenge.days);
  for (const quiz of quizzes) await deps.quizzes.save(quiz);
  // Imported as an organiser would have, before the week started.
  const programme = await importProgramme(
    deps,
    challenge,
    { text: demoProgramme(challenge), format: 'json' },
    challengeStartsAt(challenge),
  );
  const workshops = [...programme.created, ...programme.updated];

  const random = seeded(2026);
  const attendance = seeded(1024);
  for (const [t, spec] of DEMO_TEAMS.entries()) {
    const members = spec.members.map((name, m) => ({
      agentId: `demo-agent-${t + 1}-${m + 1}`,
      name,
    }));
    // Registered as if each had opened the app once (no conversation: the bot cannot write to a fictional agent),
    // each in a direction, so that the figures per direction mean something.
    for (const [m, member] of members.entries()) {
      await deps.agents.register(
        {
          id: member.agentId,
          tenantId: 'demo',
          name: member.name,
          locale: 'fr',
          conversationReference: '',
        },
        new Date(now).toISOString(),
      );
      await deps.agents.setDirection(
        member.agentId,
        DEMO_DIRECTIONS[(t * 3 + m) % DEMO_DIRECTIONS.length],
      );
    }
    const [founder, ...others] = members;
    const team = await deps.teams.create(
      challenge.id,
      {
        id: `demo-team-${t + 1}`,
        name: spec.name,
        nameKey: teamNameKey(spec.name),
        joinCode: spec.code,
        createdAt: new Date(now).toISOString(),
      },
      founder!,
      { points: 0, events: 0, lastAt: null },
    );
    for (const member of others) {
      await deps.teams.addMember(
        challenge.id,
        team.id,
        member,
        { points: 0, events: 0, lastAt: null },
        () => undefined,
      );
    }
    // Each fictional agent answered the quizzes sent so far this week, each with their own diligence.
    for (const member of members) {
      const diligence = 0.35 + random() * 0.6;
      let tally = { points: 0, events: 0, lastAt: null as number | null };
      for (const quiz of quizzes) {
        const { opensAt, closesAt } = quizWindow(challenge, quiz);
        if (opensAt > now) continue;
        const answeredBy = Math.min(closesAt, now);
        for (const question of quiz.questions) {
          if (random() > diligence) continue;
          const right = random() < 0.7;
          const choice = right
            ? question.correct
            : [question.choices.find((c) => !question.correct.includes(c.id))!.id];
          const at = new Date(
            opensAt + Math.floor(random() * (answeredBy - opensAt) * 0.8),
          ).toISOString();
          const correct = isCorrect(question, choice);
          const result = await deps.events.recordAnswer(challenge.id, member.agentId, {
            questionId: question.id,
            quizId: quiz.id,
            choiceIds: choice,
            correct,
            points: answerPoints(challenge.scoring, correct),
            at,
          });
          tally = result.tally;
        }
      }
      tally = await demoAttendance(deps, challenge, workshops, member, attendance, now, tally);
      if (tally.events > 0)
        await deps.teams.applyMemberTally(challenge.id, team.id, member.agentId, tally);
    }
  }
  // The founder of the second team organises too, to try the organiser pages in the tab (`?agent=demo-agent-2-1`).
  // No chat with the bot: announcements from the tab reach the agents who wrote to it (the Agents Playground).
  await deps.agents.setOrganiser(DEMO_ORGANISER, true);
  await deps.challenges.saveAsCurrent(challenge);
  return true;
}
