import { parseCsv } from './csv';
import { importError, jsonSyntaxProblem, type ImportProblem } from './import-report';
import { quizIdForDay, type DailyQuiz, type Question } from './quiz';
import { isLocalDate, isLocalTime } from './time';

/**
 * A quiz bank: each challenge day's send time, its questions (days are 1-based) and, when an organiser wants one,
 * an earlier close (HH:MM that day); without it the day's quiz stays open until the end of the challenge.
 */
export interface QuizBank {
  title: string;
  days: { day: number; sendAt: string; closeAt?: string; questions: Question[] }[];
}

/** How strictly a bank is read; see `importQuizBank` for why imported banks may leave dates out. */
export interface QuizBankReadOptions {
  /** Every source must say when it was consulted (the bundled bank's content test asks for it). */
  requireConsultedOn?: boolean;
  /** Today's local date (YYYY-MM-DD): no source can have been consulted after it. */
  today?: string;
}

/** Bad options are a caller's mistake, refused before any file is read. */
function refuseBadOptions(options: QuizBankReadOptions): void {
  if (options.today !== undefined && !isLocalDate(options.today))
    throw new Error(
      `quiz bank options: today "${options.today}" must be a date written YYYY-MM-DD`,
    );
}

const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/**
 * A consultation date as organisers write it, as YYYY-MM-DD: ISO already, or DD/MM/YYYY as a French spreadsheet
 * saves a date in CSV. Anything else is returned as given, for the problem to quote it.
 */
function consultationDate(raw: string): string {
  const french = FRENCH_DATE.exec(raw);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : raw;
  return isLocalDate(iso) ? iso : raw;
}

/** A source as read from a file: the date is kept only when one was given. */
function readSource(title: string, url: string, consultedOn: string): Question['source'] {
  const date = consultationDate(consultedOn);
  return date ? { title, url, consultedOn: date } : { title, url };
}

export const LIMITS = {
  questionsPerDay: { min: 1, max: 5 },
  choices: { min: 2, max: 6 },
  questionText: 300,
  choiceText: 150,
  explanation: 600,
} as const;

function checkQuestion(
  question: Question,
  day: number,
  options: QuizBankReadOptions,
  problem: (message: string) => void,
): void {
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(question.id))
    problem(`question id "${question.id}" must be 1–40 letters, digits, - or _`);
  if (!question.text || question.text.length > LIMITS.questionText) {
    problem(
      `question ${question.id}: text is missing or longer than ${LIMITS.questionText} characters`,
    );
  }
  const { min, max } = LIMITS.choices;
  if (question.choices.length < min || question.choices.length > max) {
    problem(
      `question ${question.id}: ${question.choices.length} choices, expected ${min} to ${max}`,
    );
  }
  const ids = new Set<string>();
  for (const choice of question.choices) {
    if (!choice.id || ids.has(choice.id))
      problem(`question ${question.id}: choice id "${choice.id}" missing or repeated`);
    ids.add(choice.id);
    if (!choice.text || choice.text.length > LIMITS.choiceText) {
      problem(
        `question ${question.id}: choice ${choice.id} is empty or longer than ${LIMITS.choiceText} characters`,
      );
    }
  }
  if (question.correct.length === 0) problem(`question ${question.id}: no correct choice`);
  if (new Set(question.correct).size !== question.correct.length)
    problem(`question ${question.id}: a correct choice is listed twice`);
  for (const id of question.correct) {
    if (!ids.has(id))
      problem(`question ${question.id}: correct choice "${id}" is not one of the choices`);
  }
  if (!question.explanation || question.explanation.length > LIMITS.explanation) {
    problem(
      `question ${question.id}: explanation is missing or longer than ${LIMITS.explanation} characters`,
    );
  }
  if (!question.source?.title) problem(`question ${question.id}: source title is missing`);
  if (!/^https:\/\/[^\s]+$/.test(question.source?.url ?? ''))
    problem(`question ${question.id}: source URL must start with https://`);
  const consulted = question.source?.consultedOn;
  if (consulted === undefined) {
    if (options.requireConsultedOn)
      problem(`question ${question.id}: source consultation date (consultedOn) is missing`);
  } else if (!isLocalDate(consulted)) {
    problem(
      `question ${question.id}: source consultation date "${consulted}" must be a date written YYYY-MM-DD (or DD/MM/YYYY)`,
    );
  } else if (options.today && consulted > options.today) {
    problem(
      `question ${question.id}: source consulted on ${consulted}, after today (${options.today})`,
    );
  }
  if (day < 1) problem(`question ${question.id}: day must be 1 or more`);
}

/** `lineOf(id, n)`: the line of the n-th question (0-based) carrying that id in the file. */
function checkBank(
  bank: QuizBank,
  lineOf: (questionId: string, occurrence: number) => number,
  options: QuizBankReadOptions,
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const days = new Set<number>();
  for (const day of bank.days) {
    const dayLine = day.questions[0]
      ? lineOf(day.questions[0].id, seen.get(day.questions[0].id) ?? 0)
      : 1;
    if (!Number.isInteger(day.day) || day.day < 1 || day.day > 31)
      problems.push({ line: dayLine, message: `day "${day.day}" must be 1 to 31` });
    if (days.has(day.day))
      problems.push({ line: dayLine, message: `day ${day.day} is given twice` });
    days.add(day.day);
    const badClose =
      day.closeAt !== undefined && (!isLocalTime(day.closeAt) || day.sendAt >= day.closeAt);
    if (!isLocalTime(day.sendAt) || badClose) {
      problems.push({
        line: dayLine,
        message: `day ${day.day}: sendAt and closeAt must be HH:MM with sendAt before closeAt (leave closeAt out to keep the quiz open until the end of the challenge)`,
      });
    }
    const { min, max } = LIMITS.questionsPerDay;
    if (day.questions.length < min || day.questions.length > max) {
      problems.push({
        line: dayLine,
        message: `day ${day.day}: ${day.questions.length} questions, expected ${min} to ${max}`,
      });
    }
    for (const question of day.questions) {
      const occurrence = seen.get(question.id) ?? 0;
      const line = lineOf(question.id, occurrence);
      if (occurrence > 0)
        problems.push({ line, message: `question id "${question.id}" is used twice` });
      seen.set(question.id, occurrence + 1);
      checkQuestion(question, day.day, options, (message) => problems.push({ line, message }));
    }
  }
  if (bank.days.length === 0) problems.push({ line: 1, message: 'the bank has no day' });
  return problems;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Reads a JSON quiz bank; every problem is reported with the line of the question it is about. */
export function parseQuizBankJson(text: string, options: QuizBankReadOptions = {}): QuizBank {
  refuseBadOptions(options);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw importError([jsonSyntaxProblem(error, text)]);
  }
  const root = raw as { title?: unknown; days?: unknown };
  if (typeof root !== 'object' || root === null || !Array.isArray(root.days)) {
    throw importError([{ line: 1, message: 'expected an object with a "days" array' }]);
  }
  const bank: QuizBank = {
    title: str(root.title) || 'Quiz',
    days: (root.days as Record<string, unknown>[]).map((day) => ({
      day: Number(day?.day),
      sendAt: str(day?.sendAt),
      ...(str(day?.closeAt) ? { closeAt: str(day?.closeAt) } : {}),
      questions: (Array.isArray(day?.questions)
        ? (day.questions as Record<string, unknown>[])
        : []
      ).map((q) => ({
        id: str(q?.id),
        text: str(q?.text),
        theme: str(q?.theme) || undefined,
        choices: (Array.isArray(q?.choices) ? (q.choices as Record<string, unknown>[]) : []).map(
          (c) => ({
            id: str(c?.id),
            text: str(c?.text),
          }),
        ),
        correct: Array.isArray(q?.correct) ? (q.correct as unknown[]).map(str) : [],
        explanation: str(q?.explanation),
        source: readSource(
          str((q?.source as Record<string, unknown> | undefined)?.title),
          str((q?.source as Record<string, unknown> | undefined)?.url),
          str((q?.source as Record<string, unknown> | undefined)?.consultedOn),
        ),
      })),
    })),
  };
  const lines = text.split('\n');
  const lineOf = (questionId: string, occurrence: number) => {
    const needle = new RegExp(
      `"id"\\s*:\\s*"${questionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`,
    );
    const found = lines.flatMap((l, index) => (needle.test(l) ? [index + 1] : []));
    return found[occurrence] ?? found[0] ?? 1;
  };
  const problems = checkBank(bank, lineOf, options);
  if (problems.length) throw importError(problems);
  return bank;
}

/**
 * The CSV columns, one question per row; `correct` lists choice letters separated by `;` or `|`. The choices beyond
 * the first two, `closeAt` (empty: open until the end of the challenge), `theme` and `sourceConsultedOn`
 * (YYYY-MM-DD or DD/MM/YYYY) may be left out.
 */
export const QUIZ_CSV_COLUMNS = [
  'day',
  'sendAt',
  'closeAt',
  'questionId',
  'theme',
  'text',
  'choiceA',
  'choiceB',
  'choiceC',
  'choiceD',
  'choiceE',
  'choiceF',
  'correct',
  'explanation',
  'sourceTitle',
  'sourceUrl',
  'sourceConsultedOn',
] as const;

const OPTIONAL_CSV_COLUMNS: readonly string[] = ['closeAt', 'theme', 'sourceConsultedOn'];

/** Reads a CSV quiz bank (header row first); every broken row is reported with its line. */
export function parseQuizBankCsv(
  text: string,
  title = 'Quiz',
  options: QuizBankReadOptions = {},
): QuizBank {
  refuseBadOptions(options);
  const { records, problems: csvProblems } = parseCsv(text);
  const problems: ImportProblem[] = [...csvProblems];
  const [header, ...rows] = records;
  if (!header) throw importError([{ line: 1, message: 'the file is empty' }]);
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const missing = QUIZ_CSV_COLUMNS.filter(
    (c) => !c.startsWith('choice') && !OPTIONAL_CSV_COLUMNS.includes(c) && !index.has(c),
  );
  if (missing.length)
    throw importError([{ line: header.line, message: `missing column(s): ${missing.join(', ')}` }]);
  const days = new Map<number, QuizBank['days'][number]>();
  const linesOfQuestion = new Map<string, number[]>();
  for (const record of rows) {
    const get = (column: string) => (record.fields[index.get(column) ?? -1] ?? '').trim();
    if (record.fields.length !== header.fields.length) {
      problems.push({
        line: record.line,
        message: `${record.fields.length} fields, expected ${header.fields.length}`,
      });
      continue;
    }
    const dayNumber = Number(get('day'));
    const choices = ['A', 'B', 'C', 'D', 'E', 'F']
      .map((letter) => ({ id: letter.toLowerCase(), text: get(`choice${letter}`) }))
      .filter((choice) => choice.text !== '');
    const question: Question = {
      id: get('questionId'),
      text: get('text'),
      theme: get('theme') || undefined,
      choices,
      correct: get('correct')
        .toLowerCase()
        .split(/[;|, ]+/)
        .filter(Boolean),
      explanation: get('explanation'),
      source: readSource(get('sourceTitle'), get('sourceUrl'), get('sourceConsultedOn')),
    };
    linesOfQuestion.set(question.id, [...(linesOfQuestion.get(question.id) ?? []), record.line]);
    let day = days.get(dayNumber);
    if (!day) {
      day = {
        day: dayNumber,
        sendAt: get('sendAt'),
        ...(get('closeAt') ? { closeAt: get('closeAt') } : {}),
        questions: [],
      };
      days.set(dayNumber, day);
    } else if (day.sendAt !== get('sendAt') || (day.closeAt ?? '') !== get('closeAt')) {
      problems.push({
        line: record.line,
        message: `day ${dayNumber}: sendAt/closeAt differ from an earlier row of the same day`,
      });
    }
    day.questions.push(question);
  }
  const bank: QuizBank = { title, days: [...days.values()].sort((a, b) => a.day - b.day) };
  problems.push(
    ...checkBank(bank, (id, occurrence) => linesOfQuestion.get(id)?.[occurrence] ?? 1, options),
  );
  if (problems.length) throw importError(problems.sort((a, b) => a.line - b.line));
  return bank;
}

/** The bank's days as the quizzes of one challenge (days beyond the challenge's length are dropped). */
export function quizzesFromBank(
  bank: QuizBank,
  challengeId: string,
  challengeDays: number,
): DailyQuiz[] {
  return bank.days
    .filter((day) => day.day <= challengeDays)
    .map((day) => ({
      id: quizIdForDay(day.day),
      challengeId,
      day: day.day,
      sendAt: day.sendAt,
      ...(day.closeAt ? { closeAt: day.closeAt } : {}),
      questions: day.questions,
    }));
}
