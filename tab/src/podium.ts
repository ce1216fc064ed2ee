import type { LeaderboardRowView } from '../../src/api/views';
import { svg } from './dom';
import { decimal, ordinal } from './format';
import type { Lang, Translate } from './i18n';

/**
 * The podium as an SVG drawn in code. It is laid out in the reader's CSS pixels (not scaled from a fixed
 * viewBox), so its text follows the page's text size and stays readable on a phone: names wrap to the width of
 * their step, measured with a canvas. The best team stands in the middle, the next ones alternate left and
 * right (… 4 2 1 3 5 …); ties share a step height. Every row ranked 5th or better is on it, so it can hold more
 * than five teams.
 */

export interface PodiumLayout {
  /** Width available to the podium, in CSS pixels. */
  width: number;
  /** The root font size in CSS pixels (16 by default, 32 at 200 %). */
  rem: number;
  /** The page's font family, for measuring names. */
  font: string;
}

const MAX_NAME_LINES = 3;
let canvas: CanvasRenderingContext2D | null | undefined;

function measurer(font: string, size: number, weight: number): (text: string) => number {
  canvas ??= document.createElement('canvas').getContext('2d');
  const context = canvas;
  if (!context) return (text) => text.length * size * 0.6;
  const spec = `${weight} ${size}px ${font}`;
  // One shared canvas: set its font on every call, another measurer may have changed it.
  return (text) => {
    context.font = spec;
    return context.measureText(text).width;
  };
}

/** Splits a name into lines no wider than `max`; words too long are cut with a hyphen; the last line may end in "…". */
export function wrapName(
  name: string,
  max: number,
  measure: (text: string) => number,
  maxLines = MAX_NAME_LINES,
): string[] {
  const lines: string[] = [];
  let line = '';
  const pieces: string[] = [];
  for (const word of name.trim().split(/\s+/)) {
    if (measure(word) <= max) {
      pieces.push(word);
      continue;
    }
    // A word wider than the step (long compound names): cut it where it fits, with a hyphen.
    let rest = word;
    while (measure(rest) > max && rest.length > 1) {
      // Never leave one or two letters alone on the next line ("Epsilo-n").
      let cut = rest.length > 4 ? rest.length - 2 : rest.length - 1;
      while (cut > 1 && measure(`${rest.slice(0, cut)}-`) > max) cut -= 1;
      pieces.push(`${rest.slice(0, cut)}-`);
      rest = rest.slice(cut);
    }
    pieces.push(rest);
  }
  for (const piece of pieces) {
    const joined = line ? (line.endsWith('-') ? `${line}${piece}` : `${line} ${piece}`) : piece;
    if (line && (measure(joined) > max || line.endsWith('-'))) {
      lines.push(line);
      line = piece;
    } else {
      line = joined;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]!.replace(/-$/, '')}…`;
  while (measure(last) > max && last.length > 1) last = `${last.slice(0, -2)}…`;
  kept[maxLines - 1] = last;
  return kept;
}

/** Left-to-right order of the podium: the best in the middle, then alternately left and right. */
export function podiumOrder<T>(rows: readonly T[]): T[] {
  const order: T[] = [];
  rows.forEach((row, index) => {
    if (index % 2 === 1) order.unshift(row);
    else order.push(row);
  });
  return order;
}

/** What the podium says in words, for its accessible name. */
export function podiumLabel(rows: readonly LeaderboardRowView[], lang: Lang, t: Translate): string {
  if (rows.length === 0) return t('ranking.podium.empty');
  const items = rows.map((row) => {
    const item = t('ranking.podium.item', {
      rank: ordinal(row.rank, lang, t),
      team: row.name,
      score: decimal(row.score, lang),
    });
    return row.mine ? `${item} (${t('ranking.mine').toLowerCase()})` : item;
  });
  return t('ranking.podium.label', { list: items.join(lang === 'fr' ? ' ; ' : '; ') });
}

let podiums = 0;

export function renderPodium(
  rows: readonly LeaderboardRowView[],
  layout: PodiumLayout,
  lang: Lang,
  t: Translate,
): SVGSVGElement {
  const { rem } = layout;
  const count = Math.max(rows.length, 1);
  // Wide enough for a short name on a phone, never wider than a comfortable step on a big screen.
  const column = Math.min(Math.max(layout.width / count, 4 * rem), 10 * rem);
  const width = Math.round(column * count);
  const gap = Math.max(2, Math.round(column * 0.04));
  const nameSize = 0.875 * rem;
  const scoreSize = 1 * rem;
  const youSize = 0.75 * rem;
  const rankSize = 1.5 * rem;
  const line = 1.25;
  // A long word first makes its name a little smaller (90 %: no smaller, for readers who see poorly), and is
  // cut with a hyphen when that is not enough.
  const nameSizes = [1, 0.9].map((scale) => ({
    size: nameSize * scale,
    measure: measurer(layout.font, nameSize * scale, 600),
  }));
  const measureYou = measurer(layout.font, youSize, 700);
  const stepHeight = (rank: number) => rem * (3 + (5 - Math.min(rank, 5)) * 1.1);
  const you = t('ranking.mine');

  const columns = podiumOrder(rows).map((row, index) => {
    const inner = column - 2 * gap - 2;
    const words = row.name.trim().split(/\s+/);
    const fitting =
      nameSizes.find(({ measure }) => words.every((word) => measure(word) <= inner)) ??
      nameSizes[nameSizes.length - 1]!;
    const name = wrapName(row.name, inner, fitting.measure);
    const youLines = row.mine ? wrapName(you, inner, measureYou, 2) : [];
    const labelHeight =
      youLines.length * youSize * line + name.length * fitting.size * line + scoreSize * line;
    return {
      row,
      index,
      name,
      nameSize: fitting.size,
      youLines,
      labelHeight,
      step: stepHeight(row.rank),
    };
  });
  const top = 0.5 * rem;
  const under = 0.5 * rem;
  const tallest = Math.max(0, ...columns.map((c) => c.labelHeight + under + c.step));
  const height = Math.round(top + tallest + 2);
  const ground = height - 1;

  const id = `podium-title-${(podiums += 1)}`;
  const title = podiumLabel(rows, lang, t);
  const root = svg('svg', {
    role: 'img',
    'aria-labelledby': id,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': layout.font,
    focusable: 'false',
  });
  root.append(svg('title', { id }, title));
  for (const c of columns) {
    const x = c.index * column + gap;
    const w = column - 2 * gap;
    const middle = x + w / 2;
    const stepTop = ground - c.step;
    const group = svg('g', null);
    group.append(
      svg('rect', {
        class: `step${c.row.rank === 1 ? ' top' : ''}${c.row.mine ? ' mine' : ''}`,
        x,
        y: stepTop,
        width: w,
        height: c.step + 1,
        rx: Math.round(0.25 * rem),
      }),
      svg(
        'text',
        {
          class: 'rank',
          x: middle,
          y: stepTop + rankSize * 1.15,
          'text-anchor': 'middle',
          'font-size': rankSize,
        },
        ordinal(c.row.rank, lang, t),
      ),
    );
    let y = stepTop - under - c.labelHeight;
    const text = (className: string, size: number, content: string) => {
      y += size * line;
      // The baseline sits about a quarter of the line above its bottom (room for descenders).
      group.append(
        svg(
          'text',
          {
            class: className,
            x: middle,
            y: y - size * 0.3,
            'text-anchor': 'middle',
            'font-size': size,
          },
          content,
        ),
      );
    };
    for (const part of c.youLines) text('you', youSize, part);
    for (const part of c.name) text('name', c.nameSize, part);
    text('score', scoreSize, decimal(c.row.score, lang));
    root.append(group);
  }
  root.append(svg('line', { class: 'ground', x1: 0, x2: width, y1: ground, y2: ground }));
  return root;
}
