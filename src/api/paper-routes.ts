import type { HttpRoute } from '../server';
import {
  paperCandidates,
  paperQuizzes,
  paperSheet,
  recordPaperAnswers,
  type PaperSheet,
} from '../usecases/paper-answers';
import type { ApiContext } from './api-context';
import { download } from './http';
import type { PaperCandidatesView, PaperEntryView, PaperView } from './views';

/**
 * Paper for those without Teams (organisers only): the day's quiz as a printable sheet, the quizzes and the agents
 * to enter a sheet for, and the entry itself, counted as an answer in Teams.
 */
export function paperRoutes(api: ApiContext): HttpRoute[] {
  const { deps, auth, log, get, post } = api;
  const dayOf = (req: { params?: Record<string, string> }) => Number(req.params?.day ?? '');
  return [
    get('/api/admin/paper', async (caller) => ({
      body: (await paperQuizzes(deps, { callerId: caller.agentId })) satisfies PaperView,
    })),
    get('/api/admin/quiz/:day/paper/candidates', async (caller, req) => {
      const search: unknown = req.query?.search;
      const agents = await paperCandidates(deps, {
        callerId: caller.agentId,
        day: dayOf(req),
        search: typeof search === 'string' ? search : '',
      });
      return { body: { agents } satisfies PaperCandidatesView };
    }),
    post('/api/admin/quiz/:day/paper', async (caller, req) => {
      const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
        string,
        unknown
      >;
      const entry = await recordPaperAnswers(deps, {
        callerId: caller.agentId,
        day: dayOf(req),
        agentId: typeof body.agentId === 'string' ? body.agentId : '',
        answers: body.answers,
      });
      return { body: entry satisfies PaperEntryView };
    }),
    {
      method: 'get',
      path: '/api/admin/quiz/:day/sheet',
      // A file, like the report's: the tab prints it, an organiser may keep it to print elsewhere.
      handler: download(auth, log, async (caller, req) => {
        const sheet = await paperSheet(deps, { callerId: caller.agentId, day: dayOf(req) });
        return {
          fileName: `quiz-jour-${sheet.quiz.day}.html`,
          contentType: 'text/html; charset=utf-8',
          text: sheetHtml(sheet),
        };
      }),
    },
  ];
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** "mardi 24 novembre 2026": a calendar date, so no time zone games (the formatter built once). */
function longDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T12:00:00Z`));
}
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * The sheet's print styles: A4 portrait, large print (14 pt at least, headings larger), black on white, boxes
 * large enough to tick with a pen, and a question never cut across two pages.
 */
const SHEET_CSS = `
@page { size: A4 portrait; margin: 14mm 15mm; }
html { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 14pt; line-height: 1.45;
  color: #000; background: #fff; }
body { margin: 0 auto; max-width: 180mm; padding: 10mm 8mm; }
h1 { font-size: 22pt; line-height: 1.2; margin: 0 0 2mm; }
.challenge { font-size: 16pt; margin: 0 0 6mm; }
.who { margin: 0 0 6mm; }
.line { display: flex; gap: 3mm; align-items: flex-end; margin: 0 0 6mm; }
.line span:first-child { flex: none; font-weight: bold; }
.blank { flex: 1; border-bottom: 1.5pt solid #000; min-height: 1.3em; }
.how { border: 1.5pt solid #000; padding: 3mm 4mm; margin: 0 0 7mm; }
ol.questions { list-style: none; padding: 0; margin: 0; }
.question { break-inside: avoid; page-break-inside: avoid; margin: 0 0 7mm; }
fieldset { border: 1.5pt solid #000; border-radius: 2mm; padding: 2mm 5mm 3mm; margin: 0; min-width: 0; }
legend { font-weight: bold; padding: 0 2mm; font-size: 15pt; }
.instruction { font-style: italic; margin: 1mm 0 2mm; }
ul.choices { list-style: none; padding: 0; margin: 0; }
ul.choices li { margin: 0 0 3mm; }
label { display: flex; gap: 4mm; align-items: flex-start; }
input[type="checkbox"] { flex: none; width: 7mm; height: 7mm; margin: 0.5mm 0 0; accent-color: #000; }
.letter { font-weight: bold; }
footer { border-top: 1.5pt solid #000; padding-top: 3mm; margin-top: 4mm; }
@media print { body { padding: 0; max-width: none; } }
`;

/**
 * A day's quiz as a sheet to print and hand to agents without Teams: the agent's name and direction lines, one
 * instruction per question, a box per choice; no right answer, no explanation. Every text is escaped.
 */
export function sheetHtml(sheet: PaperSheet): string {
  const { quiz, challenge } = sheet;
  const day = longDate(quiz.date);
  const until = quiz.closes.time
    ? `avant ${escapeHtml(quiz.closes.time)} le ${longDate(quiz.closes.lastDate)}`
    : `avant la fin du défi, le ${longDate(quiz.closes.lastDate)} au soir`;
  const questions = quiz.questions
    .map((question, i) => {
      const n = i + 1;
      const choices = question.choices
        .map((choice, j) => {
          const id = `q${n}-${escapeHtml(choice.id)}`;
          const letter = String.fromCharCode(65 + j);
          return `<li><label for="${id}"><input type="checkbox" id="${id}" name="q${n}" value="${escapeHtml(choice.id)}"><span><span class="letter">${letter}.</span> ${escapeHtml(choice.text)}</span></label></li>`;
        })
        .join('\n');
      const instruction = question.several
        ? 'Cochez toutes les bonnes réponses (plusieurs sont possibles).'
        : 'Cochez une seule case.';
      return `<li class="question"><fieldset><legend>Question ${n} sur ${quiz.questions.length} — ${escapeHtml(question.text)}</legend>
<p class="instruction">${instruction}</p>
<ul class="choices">
${choices}
</ul></fieldset></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quiz du ${day} — ${escapeHtml(challenge.title)}</title>
<style>${SHEET_CSS}</style>
</head>
<body>
<main>
<h1>Quiz du ${day}</h1>
<p class="challenge">${escapeHtml(challenge.title)} — jour ${quiz.day}</p>
<div class="who">
<p class="line"><span>Nom et prénom :</span><span class="blank"></span></p>
<p class="line"><span>Direction ou service :</span><span class="blank"></span></p>
</div>
<p class="how">Cochez vos réponses au stylo. Rendez cette feuille à un organisateur du défi ${until} : vos réponses comptent comme dans Teams, pour vous et pour votre équipe. Si vous avez déjà répondu dans Teams, c’est cette première réponse qui compte.</p>
<ol class="questions">
${questions}
</ol>
<footer><p>Pour les organisateurs : saisi le ____________ par ______________________</p></footer>
</main>
</body>
</html>
`;
}
