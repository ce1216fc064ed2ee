import { isOrganiser } from '../domain/agents';
import {
  libraryThemes,
  MATERIAL_LIMITS,
  type LibraryTheme,
  type WorkshopMaterial,
} from '../domain/library';
import { localDate } from '../domain/time';
import { WORKSHOP_FORMAT_NAMES } from '../domain/workshop-formats';
import { isHostOf, type Workshop } from '../domain/workshops';
import type { UseCaseDeps } from './deps';
import { numberedProgramme } from './workshop-programme';

/**
 * The éco-gestes library, as one agent reads it: what the week's quizzes taught, by theme, and the workshops'
 * materials. It reads the current challenge whatever the date, so it stays after the challenge ends.
 */

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'quizzes' | 'workshops' | 'events' | 'agents' | 'organiserIds' | 'clock'
>;

export interface LibraryWorkshop {
  workshop: Workshop;
  /** Its number in the week's programme. */
  number: number;
  materials: WorkshopMaterial[];
  /** Whether the reader may add and remove its materials (its host direction, or an organiser). */
  canManage: boolean;
}

/**
 * The reader's library: the questions of every quiz opened so far, by theme (answers shown once the reader has
 * answered, or once the quiz has closed), and the workshops that have materials or that the reader manages.
 * One partition read per kind of row: quizzes, workshops, materials, the reader's answers.
 */
export async function readLibrary(
  deps: Deps,
  agentId: string,
): Promise<{
  challenge: { id: string; title: string; timeZone: string };
  themes: LibraryTheme[];
  workshops: LibraryWorkshop[];
}> {
  const { challenge, workshops } = await numberedProgramme(deps);
  const [quizzes, materials, answers, reader] = await Promise.all([
    deps.quizzes.list(challenge.id),
    deps.workshops.materials(challenge.id),
    deps.events.answersOf(challenge.id, agentId),
    deps.agents.get(agentId),
  ]);
  const organiser = isOrganiser({ id: agentId, organiser: reader?.organiser }, deps.organiserIds);
  const answered = new Set(answers.map((answer) => answer.questionId));
  const byWorkshop = new Map<string, WorkshopMaterial[]>();
  for (const material of materials) {
    byWorkshop.set(material.workshopId, [...(byWorkshop.get(material.workshopId) ?? []), material]);
  }
  return {
    challenge,
    themes: libraryThemes(challenge, quizzes, deps.clock.now(), answered),
    workshops: workshops
      .map((workshop) => ({
        workshop,
        number: workshop.number,
        materials: byWorkshop.get(workshop.id) ?? [],
        canManage: organiser || (reader !== null && isHostOf(reader, workshop)),
      }))
      .filter((item) => item.materials.length > 0 || item.canManage),
  };
}

/** A material as the library shows it: who added it stays in the store. */
export function materialView(material: WorkshopMaterial) {
  return { id: material.id, label: material.label, url: material.url };
}

/** The library in the tab's words (src/api/views.ts LibraryView). */
export async function libraryView(deps: Deps, agentId: string) {
  const library = await readLibrary(deps, agentId);
  return {
    challenge: { id: library.challenge.id, title: library.challenge.title },
    today: localDate(deps.clock.now(), library.challenge.timeZone),
    themes: library.themes.map((theme) => ({
      theme: theme.theme,
      name: { fr: theme.name.fr, en: theme.name.en },
      questions: theme.questions.map(({ question, day, date, revealed }) => ({
        id: question.id,
        day,
        date,
        text: question.text,
        answer: revealed
          ? {
              correct: question.choices
                .filter((choice) => question.correct.includes(choice.id))
                .map((choice) => choice.text),
              explanation: question.explanation,
              source: {
                title: question.source.title,
                url: question.source.url,
                consultedOn: question.source.consultedOn ?? null,
              },
            }
          : null,
      })),
    })),
    workshops: library.workshops.map(({ workshop, number, materials, canManage }) => ({
      id: workshop.id,
      number,
      title: workshop.title,
      formatName: WORKSHOP_FORMAT_NAMES[workshop.format],
      host: workshop.host,
      start: workshop.startsAt,
      end: workshop.endsAt,
      materials: materials.map(materialView),
      canManage,
    })),
    materialLimits: { label: MATERIAL_LIMITS.label, perWorkshop: MATERIAL_LIMITS.perWorkshop },
  };
}
