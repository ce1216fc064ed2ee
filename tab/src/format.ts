import type { Lang, Translate } from './i18n';

/** The API's decimal strings ("4.33") as the reader writes them: "4,33" in French. Text only, no float rounding. */
export function decimal(value: string, lang: Lang): string {
  return lang === 'fr' ? value.replace('.', ',') : value;
}

/** A rate "0.67" as a percentage: "67 %" in French (non-breaking space), "67%" in English. */
export function percent(rate: string, lang: Lang): string {
  const value = Math.round(Number(rate) * 100);
  const shown = Number.isFinite(value) ? String(value) : '–';
  return lang === 'fr' ? `${shown}\u00a0%` : `${shown}%`;
}

/** A count with French digit grouping (narrow no-break space) or English commas. */
export function integer(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(value);
}

/** "1re", "2e" / "1st", "2nd"… */
export function ordinal(rank: number, lang: Lang, t: Translate): string {
  if (lang === 'fr') return rank === 1 ? t('rank.first') : t('rank.nth', { rank });
  const tens = rank % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th');
  return `${rank}${suffix}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day "2026-11-25" as "mer. 25 nov." / "Wed 25 Nov" (no time zone games: it is a date, not an instant). */
export function dayLabel(date: string, lang: Lang, long = false): string {
  const match = DAY.exec(date);
  if (!match) return date;
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: long ? 'long' : 'short',
    day: 'numeric',
    month: long ? 'long' : 'short',
    timeZone: 'UTC',
  }).format(instant);
}

/** Whole days from `from` to `to` ("YYYY-MM-DD"), or NaN. */
export function daysBetween(from: string, to: string): number {
  const a = DAY.exec(from);
  const b = DAY.exec(to);
  if (!a || !b) return Number.NaN;
  const utc = (m: RegExpExecArray) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}

/** An instant of the challenge (Paris time) as its date and time for the reader. */
export function instantParts(value: unknown, lang: Lang): { date: string; time: string } | null {
  if (typeof value !== 'string') return null;
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return null;
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const zone = { timeZone: 'Europe/Paris' } as const;
  return {
    date: new Intl.DateTimeFormat(locale, {
      ...zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(instant),
    time: new Intl.DateTimeFormat(locale, { ...zone, hour: '2-digit', minute: '2-digit' }).format(
      instant,
    ),
  };
}

/** The reader's clock time "16:02", for "updated at". */
export function clockTime(instant: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}
