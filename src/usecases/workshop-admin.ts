import QRCode from 'qrcode';
import { isOrganiser } from '../domain/agents';
import { DomainError } from '../domain/errors';
import { compareFrench } from '../domain/text';
import {
  attendanceFigures,
  isHostOf,
  workshopPoints,
  type FormatFigures,
  type Workshop,
  type WorkshopFigures,
} from '../domain/workshops';
import type { UseCaseDeps } from './deps';
import { numberedProgramme, resolveWorkshop } from './workshop-programme';

/**
 * Where a check-in code's QR code leads, or null when nowhere: the edge builds it (a Teams deep link, or the tab
 * served here), the use case only asks.
 */
export type CheckinLinkOf = (code: string) => string | null;

/** A QR code of `text`, as a standalone SVG (medium error correction: survives a projector and a phone). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

export interface WorkshopCode {
  workshop: Workshop;
  number: number;
  link: string | null;
  /** SVG of the QR code of `link`; null without a link. */
  qrSvg: string | null;
}

function codesOf(workshops: readonly Workshop[], linkOf: CheckinLinkOf): Promise<WorkshopCode[]> {
  return Promise.all(
    workshops.map(async (workshop) => {
      const link = linkOf(workshop.code);
      return { workshop, number: workshop.number, link, qrSvg: link ? await qrSvg(link) : null };
    }),
  );
}

/** Every workshop's check-in code with its link and QR code, in programme order (organisers and hosts show them). */
export async function workshopCodes(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops'>,
  linkOf: CheckinLinkOf,
): Promise<WorkshopCode[]> {
  return codesOf((await numberedProgramme(deps)).workshops, linkOf);
}

export interface WorkshopsOverview {
  workshops: (WorkshopCode & { points: number; figures: WorkshopFigures })[];
  byFormat: FormatFigures[];
  totals: { workshops: number; signedUp: number; attended: number };
}

/** The organisers' view: codes, QR codes, and attendance per workshop and per format. */
export async function workshopsOverview(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops' | 'signups' | 'events'>,
  linkOf: CheckinLinkOf,
): Promise<WorkshopsOverview> {
  const { challenge, workshops } = await numberedProgramme(deps);
  const challengeId = challenge.id;
  const codes = await codesOf(workshops, linkOf);
  const signups = new Map(
    await Promise.all(
      codes.map(
        async ({ workshop }) =>
          [
            workshop.id,
            (await deps.signups.list(challengeId, workshop.id)).map((s) => s.agentId),
          ] as const,
      ),
    ),
  );
  const checkins: { agentId: string; workshopId: string }[] = [];
  for await (const checkin of deps.events.checkins(challengeId)) checkins.push(checkin);
  const figures = attendanceFigures(workshops, signups, checkins);
  const { checkinPoints } = challenge.scoring;
  return {
    workshops: codes.map((code, i) => ({
      ...code,
      points: workshopPoints(code.workshop, checkinPoints),
      figures: figures.byWorkshop[i]!,
    })),
    byFormat: figures.byFormat,
    totals: {
      workshops: codes.length,
      signedUp: figures.byWorkshop.reduce((sum, row) => sum + row.signedUp, 0),
      attended: figures.byWorkshop.reduce((sum, row) => sum + row.attended, 0),
    },
  };
}

export interface AttendanceRow {
  name: string;
  direction: string;
  signedUp: boolean;
  /** ISO instant of the counted check-in; null for someone signed up who did not check in. */
  checkedInAt: string | null;
  /** The name of the host or organiser who recorded the check-in by hand; null when the agent did it. */
  recordedBy: string | null;
}

/**
 * Who signed up for and who attended a workshop, with names: for organisers, and for agents of the workshop's
 * host direction (when the directory gave the agent a direction). Everyone else is refused.
 */
export async function attendanceList(
  deps: Pick<
    UseCaseDeps,
    'challenges' | 'workshops' | 'signups' | 'events' | 'agents' | 'organiserIds'
  >,
  input: { callerId: string; workshopId: string },
): Promise<{ workshop: Workshop; rows: AttendanceRow[] }> {
  const { challenge, workshops } = await numberedProgramme(deps);
  const workshop = resolveWorkshop(workshops, { workshopId: input.workshopId });
  const caller = await deps.agents.get(input.callerId);
  const allowed =
    isOrganiser({ id: input.callerId, organiser: caller?.organiser }, deps.organiserIds) ||
    (caller !== null && isHostOf(caller, workshop));
  if (!allowed) throw new DomainError('not_organiser', 'organisers and the host direction only');
  const signups = await deps.signups.list(challenge.id, workshop.id);
  const checkins = new Map<string, { at: string; recordedBy?: string }>();
  for await (const checkin of deps.events.checkins(challenge.id, workshop.id))
    checkins.set(checkin.agentId, checkin);
  const ids = [...new Set([...signups.map((s) => s.agentId), ...checkins.keys()])];
  // Recorders are read with the agents: a handful of hosts and organisers, one point read each.
  const recorders = [...checkins.values()].flatMap((c) => (c.recordedBy ? [c.recordedBy] : []));
  const known = [...new Set([...ids, ...recorders])];
  const agents = new Map(
    (await Promise.all(known.map((id) => deps.agents.get(id)))).flatMap((a) =>
      a ? [[a.id, a] as const] : [],
    ),
  );
  const signedUp = new Map(signups.map((s) => [s.agentId, s]));
  const recorderName = (id: string | undefined) =>
    id === undefined ? null : agents.get(id)?.name || id;
  const rows = ids.map((id) => ({
    name: agents.get(id)?.name || signedUp.get(id)?.name || id,
    direction: agents.get(id)?.direction ?? '',
    signedUp: signedUp.has(id),
    checkedInAt: checkins.get(id)?.at ?? null,
    recordedBy: recorderName(checkins.get(id)?.recordedBy),
  }));
  return { workshop, rows: rows.sort((a, b) => compareFrench(a.name, b.name)) };
}
