/**
 * The slice of Adaptive Cards 1.5 the app uses, typed so that a misspelt property does not compile.
 * Cards are plain data: each card has one builder in this folder and a test beside it.
 */
export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  /**
   * Only Default and Accent: Teams' Good, Attention and Warning text colours fall under the AA contrast ratio on
   * white and on the pale green/red containers (yellow on white is about 2:1). Meaning is said in words, in bold,
   * on a container style.
   */
  color?: 'Default' | 'Accent';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
  style?: 'default' | 'heading';
}

/** Text shown as typed: Teams never reads a TextRun as Markdown (what people write cannot become markup). */
export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Default' | 'Bolder';
  italic?: boolean;
  color?: TextBlock['color'];
  selectAction?: OpenUrlAction;
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
}

export interface ChoiceSetInput {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  style?: 'expanded' | 'compact';
  isMultiSelect?: boolean;
  isRequired?: boolean;
  errorMessage?: string;
  choices: { title: string; value: string }[];
  /** The choice shown as chosen. */
  value?: string;
}

export interface TextInput {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
  /** A text area (an announcement's text). */
  isMultiline?: boolean;
  /** What the field holds when shown (a card redrawn with what was typed). */
  value?: string;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
}

export type CardElement =
  TextBlock | RichTextBlock | FactSet | Container | ChoiceSetInput | TextInput | ActionSet;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, unknown>;
  style?: 'positive' | 'destructive';
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'positive' | 'destructive';
  /** For clients without Universal Actions. */
  fallback?: SubmitAction;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
}

export type CardAction = SubmitAction | ExecuteAction | OpenUrlAction | ShowCardAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  /** Universal Actions: Teams refreshes the card for these users when they open it. */
  refresh?: { action: ExecuteAction; userIds?: string[] };
  fallbackText?: string;
  /** What voice assistants and some screen readers say for the card: its title and first lines, plain text. */
  speak?: string;
  lang?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function card(body: CardElement[], actions?: CardAction[], lang?: string): AdaptiveCard {
  const speak = speakOf(body);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions && actions.length ? { actions } : {}),
    ...(speak ? { speak } : {}),
    ...(lang ? { lang } : {}),
  };
}

/** Most of a card's meaning is in its first lines; a short summary keeps the card light (it is sent to everyone). */
const SPEAK_LIMIT = 300;

/** Markdown as a voice would say it: no stars, underscores, link targets or backslash escapes. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The card's speech: its texts in reading order (headings first in the body as they come), plain, cut at a
 * sentence-friendly length. Inputs and buttons are left to the reader, which announces them with their labels.
 */
export function speakOf(body: readonly CardElement[]): string {
  const lines: string[] = [];
  const walk = (elements: readonly CardElement[]) => {
    for (const element of elements) {
      if (element.type === 'TextBlock') lines.push(plainText(element.text));
      else if (element.type === 'RichTextBlock')
        lines.push(
          element.inlines
            .map((inline) => inline.text)
            .join('')
            .trim(),
        );
      else if (element.type === 'Container') walk(element.items);
      else if (element.type === 'FactSet')
        lines.push(
          element.facts
            .map((fact) => `${plainText(fact.title)} ${plainText(fact.value)}`)
            .join('. '),
        );
    }
  };
  walk(body);
  let speech = '';
  for (const line of lines.filter(Boolean)) {
    const next = speech ? `${speech}${/[.!?:…]$/.test(speech) ? ' ' : '. '}${line}` : line;
    if (next.length > SPEAK_LIMIT) break;
    speech = next;
  }
  return speech || (lines[0] ?? '').slice(0, SPEAK_LIMIT);
}

/**
 * A card button as a Universal Action (Action.Execute `verb`), with the Action.Submit `{ verb, … }` that stands for
 * it on clients without Universal Actions: one builder, so the two never drift apart.
 */
export function universalAction(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  style?: 'positive' | 'destructive',
): ExecuteAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data: { ...data, verb } },
  };
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** Card text is Markdown in Teams: names typed by people are shown literally. */
export function escapeMarkdown(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+\-.!<>|~])/g, '\\$1');
}
