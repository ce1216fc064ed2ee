import { h, svg } from './dom';
import { integer } from './format';
import type { Lang } from './i18n';

/**
 * Light bar charts drawn by hand (no chart library: a few hundred bytes instead of a few hundred kilobytes). Each
 * chart comes with a real table of the same figures: the SVG is hidden from screen readers, who read the table
 * instead, and every bar carries its value in figures, so nothing depends on colour. The layout is in `em`, so the
 * chart follows the reader's text size.
 */

export interface BarRow {
  label: string;
  value: number;
  /** The value as the reader should read it (a decimal score "4,33"); the integer in the reader's language when absent. */
  text?: string;
}

export interface BarChartOptions {
  /** The chart's title, shown above it (figcaption). */
  title: string;
  rows: readonly BarRow[];
  /** What the values count ("participations"), written after each value. */
  unit?: string;
  lang: Lang;
}

export interface TableOptions {
  caption: string;
  /** Visually hidden caption (when a heading just above already says it). */
  hiddenCaption?: boolean;
  headings: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  /** Columns to right-align as figures; by default every column but the first holding numbers. */
  numeric?: readonly boolean[];
  lang: Lang;
}

/** Ems per bar: the label line, the bar, and some air. */
const ROW_EM = 2.75;

/** Horizontal bars, one per row: the label and the value above the bar. Hidden from assistive tech. */
export function barChart(options: BarChartOptions): SVGSVGElement {
  const { rows, unit, lang } = options;
  const max = Math.max(0, ...rows.map((row) => row.value));
  const drawing = svg('svg', {
    class: 'chart',
    width: '100%',
    style: `height: ${Math.max(rows.length, 1) * ROW_EM + 0.5}em`,
    'aria-hidden': 'true',
    focusable: 'false',
  });
  rows.forEach((row, index) => {
    const top = index * ROW_EM;
    const length = max > 0 ? (Math.max(row.value, 0) / max) * 100 : 0;
    const value = row.text ?? integer(row.value, lang);
    drawing.append(
      // The value on the label's line, not after the bar: a long bar never pushes it out of the drawing.
      svg(
        'text',
        { class: 'chart-label', x: 0, y: `${top + 1}em` },
        `${clip(row.label)}${lang === 'fr' ? '\u00a0: ' : ': '}`,
        svg('tspan', { class: 'chart-value' }, unit ? `${value} ${unit}` : value),
      ),
      svg('rect', {
        class: 'chart-bar',
        x: 0,
        y: `${top + 1.35}em`,
        // A thin mark even at zero: the row is there, its bar just has no length.
        width: length > 0 ? `${length}%` : '2',
        height: '0.9em',
      }),
    );
  });
  return drawing;
}

/** A table of figures in the page's style, scrolling in its own box on a phone. */
export function dataTable(options: TableOptions): HTMLElement {
  const { headings, rows, lang } = options;
  const numeric =
    options.numeric ??
    headings.map((_, i) => i > 0 && rows.some((row) => typeof row[i] === 'number'));
  const cell = (value: string | number) =>
    typeof value === 'number' ? integer(value, lang) : value;
  return h(
    'div',
    { class: 'table-box' },
    h(
      'table',
      { class: 'chart-table' },
      h('caption', { class: options.hiddenCaption ? 'sr-only' : null }, options.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headings.map((heading, i) =>
            h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, heading),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            row.map((value, i) =>
              i === 0
                ? h('th', { scope: 'row' }, cell(value))
                : h('td', { class: numeric[i] ? 'num' : null }, cell(value)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A chart and its table in one figure: the title, the bars, then the same figures as a table (by default the
 * label and the value; `table` gives more columns).
 */
export function chartFigure(
  options: BarChartOptions & {
    /** Keep the title for assistive tech only (a heading just above already shows it). */
    hiddenTitle?: boolean;
    /** Headings of the default two-column table. */
    labelHeading?: string;
    valueHeading?: string;
    table?: Omit<TableOptions, 'caption' | 'lang'>;
    /** A visible caption for the table; the chart's title, visually hidden, when absent. */
    tableCaption?: string;
  },
): HTMLElement {
  const table = options.table ?? {
    headings: [options.labelHeading ?? options.title, options.valueHeading ?? options.unit ?? ''],
    rows: options.rows.map((row) => [row.label, row.text ?? row.value]),
    numeric: [false, true],
  };
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', { class: options.hiddenTitle ? 'sr-only' : null }, options.title),
    barChart(options),
    dataTable({
      ...table,
      caption: options.tableCaption ?? options.title,
      hiddenCaption: !options.tableCaption,
      lang: options.lang,
    }),
  );
}

/** Long names are cut in the drawing only: the table beside it has them whole. */
function clip(label: string, max = 48): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}
