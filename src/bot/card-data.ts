/**
 * What the fields of a card's data may hold, checked at the bot's edge before any handler, use case or store sees
 * them. Teams sends back what our card put there and what the agent typed; anyone holding a channel token (or a
 * client that mangles a card) can send anything else. Each route declares the fields it reads; a field present
 * but out of shape makes the whole action malformed (400, or a plain "not understood"), so that an id with
 * `/ \ # ?` or a lone surrogate never reaches a table key.
 */

/** Card inputs and data as Teams sends them back: an Action.Submit's value, an Action.Execute's data. */
export type CardData = Readonly<Record<string, unknown>>;

export type FieldRule =
  /** An id the app made (quiz, question, workshop, announcement, challenge): letters, digits, `_ . -`. */
  | { kind: 'id' }
  /** A choice set's value: choice ids separated by commas. */
  | { kind: 'choices' }
  /** What people type: any well-formed text up to `max` characters. */
  | { kind: 'text'; max: number }
  /** One of a few words. */
  | { kind: 'oneOf'; values: readonly string[] }
  /** An announcement's audience: `all`, `team:<id>` or `direction:<name>` (empty: not chosen yet). */
  | { kind: 'audience' };

export type CardFields = Readonly<Record<string, FieldRule>>;

export const id = (): FieldRule => ({ kind: 'id' });
export const choices = (): FieldRule => ({ kind: 'choices' });
export const typed = (max: number): FieldRule => ({ kind: 'text', max });
export const oneOf = (...values: string[]): FieldRule => ({ kind: 'oneOf', values });
export const audience = (): FieldRule => ({ kind: 'audience' });

/** Ids the app makes never hold anything else: a table key stays a plain key. */
export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** Agents' ids as Teams gives them (Entra object ids, `29:…` channel ids) and as organisers type them. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;
const CHOICES_PATTERN = /^[A-Za-z0-9_.-]{1,40}(?:\s*,\s*[A-Za-z0-9_.-]{1,40}){0,9}$/;
const AUDIENCE_PATTERN = /^(?:all|team:[A-Za-z0-9_.-]{1,100}|direction:[^\n]{1,200})?$/;
/** A UTF-16 half with no other half: the `u` flag pairs the halves of every whole character. */
const LONE_HALF = /[\uD800-\uDFFF]/u;

/** Whether text can be shown and stored as it is: well-formed UTF-16, no control character but \t \n \r. */
export function isShowableText(value: string): boolean {
  if (LONE_HALF.test(value)) return false;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return false;
  }
  return true;
}

function fieldProblem(value: unknown, rule: FieldRule): string | null {
  if (typeof value !== 'string') return 'is not text';
  if (!isShowableText(value)) return 'holds characters that cannot be shown';
  switch (rule.kind) {
    case 'id':
      return ID_PATTERN.test(value) ? null : 'is not an id';
    case 'choices':
      return CHOICES_PATTERN.test(value) ? null : 'is not a list of choices';
    case 'text':
      return value.length <= rule.max ? null : `is longer than ${rule.max} characters`;
    case 'oneOf':
      return rule.values.includes(value) ? null : `is not one of ${rule.values.join(', ')}`;
    case 'audience':
      return AUDIENCE_PATTERN.test(value) ? null : 'is not an audience';
  }
}

/** What is malformed in `data` for a route reading `fields`, or null; a field left out is the route's to judge. */
export function cardDataProblem(data: CardData, fields: CardFields): string | null {
  for (const [name, rule] of Object.entries(fields)) {
    // Null is read as left out, as every handler reads a field that is not text.
    if (!Object.prototype.hasOwnProperty.call(data, name) || data[name] == null) continue;
    const problem = fieldProblem(data[name], rule);
    if (problem) return `${name} ${problem}`;
  }
  return null;
}
