import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkinLinksOf } from '../api/checkin-links';
import type { Config } from '../config';
import { localDate, localTime } from '../domain/time';
import type { Workshop } from '../domain/workshops';
import { currentChallenge } from '../usecases/current-challenge';
import type { UseCaseDeps } from '../usecases/deps';
import { workshopCodes, workshopsOverview } from '../usecases/workshop-admin';

const linkSettings = (config: Config) =>
  checkinLinksOf({ teamsAppId: config.teamsAppId, publicUrl: config.publicUrl || undefined });

function when(workshop: Workshop, timeZone: string): string {
  const start = Date.parse(workshop.startsAt);
  return `${localDate(start, timeZone)} ${localTime(start, timeZone)}–${localTime(Date.parse(workshop.endsAt), timeZone)}`;
}

/** `workshops`: the programme with sign-ups and attendance, then the figures per format. */
export async function workshopsReport(deps: UseCaseDeps, config: Config): Promise<string> {
  const { timeZone } = await currentChallenge(deps);
  const overview = await workshopsOverview(deps, linkSettings(config));
  if (overview.workshops.length === 0)
    return 'No workshop yet: npm run cli -- import-workshops <file>\n';
  const lines = overview.workshops.map(({ workshop, number, points, figures }) => {
    const seats =
      workshop.capacity !== undefined
        ? `${figures.signedUp}/${workshop.capacity}`
        : `${figures.signedUp}`;
    return `${String(number).padStart(2)}. ${when(workshop, timeZone)}  ${workshop.format.padEnd(10)} signed up ${seats.padEnd(7)} attended ${String(figures.attended).padEnd(4)} ${points} pts  ${workshop.title}`;
  });
  lines.push('', 'Per format:');
  for (const row of overview.byFormat) {
    lines.push(
      `  ${row.format.padEnd(10)} ${row.workshops} workshop(s)  signed up ${row.signedUp}  attended ${row.attended}`,
    );
  }
  const { totals } = overview;
  lines.push(
    `  ${'all'.padEnd(10)} ${totals.workshops} workshop(s)  signed up ${totals.signedUp}  attended ${totals.attended}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `workshop-codes [--out DIR]`: each check-in code with where its QR code leads; --out writes the QR codes. */
export async function workshopCodesReport(
  deps: UseCaseDeps,
  config: Config,
  out?: string,
): Promise<string> {
  const { timeZone } = await currentChallenge(deps);
  const codes = await workshopCodes(deps, linkSettings(config));
  if (codes.length === 0) return 'No workshop yet: npm run cli -- import-workshops <file>\n';
  const lines = codes.map(
    ({ workshop, number, link }) =>
      `${String(number).padStart(2)}. ${workshop.code}  ${when(workshop, timeZone)}  ${workshop.title}\n    ${link ?? '(no link: set TEAMS_APP_ID, or PUBLIC_URL for local trials)'}`,
  );
  if (out) {
    mkdirSync(out, { recursive: true });
    for (const { number, workshop, qrSvg } of codes) {
      if (qrSvg)
        writeFileSync(join(out, `${String(number).padStart(2, '0')}-${workshop.code}.svg`), qrSvg);
    }
    lines.push(
      '',
      codes.some((c) => c.qrSvg)
        ? `QR codes written to ${out}`
        : 'No QR code written: set TEAMS_APP_ID (or PUBLIC_URL).',
    );
  }
  return `${lines.join('\n')}\n`;
}
