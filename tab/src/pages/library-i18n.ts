import type { Lang } from '../i18n';

/**
 * The library page's words, French first with English beside it, in its own module (pages/library-page.ts): the
 * shell keeps only the page's name and title (i18n.ts). `en` is typed by `fr`; placeholders are `{name}`.
 */
const fr = {
  intro:
    'Les questions des quiz déjà envoyés, avec la bonne réponse, l’explication et la source, et les supports des ateliers. La bibliothèque reste ouverte après le défi.',
  search: 'Rechercher dans la bibliothèque',
  'search.help': 'Un mot suffit, avec ou sans accents ni majuscules.',
  print: 'Imprimer',
  count: '{questions} et {workshops}.',
  'count.search': 'Pour « {query} » : {questions} et {workshops}.',
  'count.none': 'Rien ne correspond à « {query} ».',
  'questions.one': '{count} question',
  'questions.other': '{count} questions',
  'workshops.one': '{count} atelier',
  'workshops.other': '{count} ateliers',
  quiz: 'Ce que les quiz nous ont appris',
  'quiz.none':
    'Le premier quiz n’est pas encore envoyé : ses questions arriveront ici avec leurs réponses.',
  'question.day': 'Jour {day}, {date}',
  answer: 'Réponse',
  answers: 'Réponses',
  why: 'Pourquoi',
  source: 'Source',
  consulted: '(consultée le {date})',
  pending:
    'Répondez d’abord à cette question dans la conversation avec le bot : sa réponse s’affichera ensuite ici.',
  workshops: 'Supports des ateliers',
  'workshops.none':
    'Les directions qui animent les ateliers ajouteront ici leurs supports (présentations, guides, enregistrements).',
  'workshop.empty': 'Pas encore de support pour cet atelier.',
  'add.title': 'Ajouter un lien',
  'add.label': 'Intitulé du lien ({max} caractères au plus)',
  'add.url': 'Adresse (commence par https://)',
  'add.submit': 'Ajouter le lien',
  'add.done': 'Lien ajouté aux supports de « {title} ».',
  remove: 'Retirer',
  'remove.done': 'Lien retiré des supports de « {title} ».',
  'error.label':
    'Vérifiez l’intitulé : une ligne de 80 caractères au plus, sans < ni >, qui ne commence pas par =, +, - ou @.',
  'error.url':
    'Vérifiez l’adresse : elle doit commencer par https://, et ne pas être déjà dans la liste de cet atelier.',
  'error.full': 'Cet atelier a déjà {max} liens : retirez-en un avant d’en ajouter un autre.',
  'error.forbidden':
    'Seules la direction qui anime l’atelier et l’équipe organisatrice peuvent changer ses supports.',
};

export type LibraryKey = keyof typeof fr;

const en: Record<LibraryKey, string> = {
  intro:
    'The questions of the quizzes sent so far, with the right answer, the explanation and the source, and the workshops’ materials. The library stays open after the challenge.',
  search: 'Search the library',
  'search.help': 'One word is enough, with or without accents or capitals.',
  print: 'Print',
  count: '{questions} and {workshops}.',
  'count.search': 'For “{query}”: {questions} and {workshops}.',
  'count.none': 'Nothing matches “{query}”.',
  'questions.one': '{count} question',
  'questions.other': '{count} questions',
  'workshops.one': '{count} workshop',
  'workshops.other': '{count} workshops',
  quiz: 'What the quizzes taught us',
  'quiz.none':
    'The first quiz has not been sent yet: its questions will come here with their answers.',
  'question.day': 'Day {day}, {date}',
  answer: 'Answer',
  answers: 'Answers',
  why: 'Why',
  source: 'Source',
  consulted: '(consulted on {date})',
  pending: 'Answer this question in your chat with the bot first: its answer will then show here.',
  workshops: 'Workshop materials',
  'workshops.none':
    'The directions hosting the workshops will add their materials here (slides, guides, recordings).',
  'workshop.empty': 'No materials for this workshop yet.',
  'add.title': 'Add a link',
  'add.label': 'Link label ({max} characters at most)',
  'add.url': 'Address (starts with https://)',
  'add.submit': 'Add the link',
  'add.done': 'Link added to the materials of “{title}”.',
  remove: 'Remove',
  'remove.done': 'Link removed from the materials of “{title}”.',
  'error.label':
    'Please check the label: one line of 80 characters at most, without < or >, not starting with =, +, - or @.',
  'error.url':
    'Please check the address: it must start with https:// and not be in this workshop’s list already.',
  'error.full': 'This workshop already has {max} links: remove one before adding another.',
  'error.forbidden':
    'Only the direction hosting the workshop and the organisers can change its materials.',
};

export type LibraryTranslate = (
  key: LibraryKey,
  values?: Record<string, string | number>,
) => string;

/** The library's words in the reader's language. */
export function libraryWords(lang: Lang): LibraryTranslate {
  const catalogue = lang === 'en' ? en : fr;
  return (key, values = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
