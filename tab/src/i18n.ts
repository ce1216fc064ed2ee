import type { OrganiserKey } from './organiser-i18n';

/**
 * Every word the tab shows, French first with English beside it. `en` is typed by `fr`: a key missing in one
 * language does not build. Placeholders are `{name}`.
 */
const fr = {
  'app.name': 'Défi numérique',
  skip: 'Aller au contenu',
  'nav.label': 'Pages du défi',
  'nav.classement': 'Classement',
  'nav.equipe': 'Mon équipe',
  'nav.agenda': 'Agenda',
  'nav.organisation': 'Organisation',
  'nav.bilan': 'Bilan',
  'organisation.title': 'Organisation du défi',
  'bilan.title': 'Bilan du défi',
  'nav.enseignements': 'Enseignements',
  'enseignements.title': 'Ce que les réponses apprennent',
  'nav.papier': 'Papier',
  'papier.title': 'Quiz sur papier',
  'demo.banner': 'Mode démonstration local — vous êtes {agent}.',
  loading: 'Chargement…',
  updated: 'Mis à jour à {time}.',
  retry: 'Réessayer',
  reload: 'Recharger l’onglet',
  'error.unauthorized.title': 'Votre session a expiré',
  'error.unauthorized': 'Votre session a expiré, rechargez l’onglet pour continuer.',
  'error.network':
    'Le serveur ne répond pas pour le moment. Vérifiez votre connexion ; nous réessaierons dans une minute.',
  'error.server': 'Un problème est survenu de notre côté. Réessayez dans quelques instants.',
  'error.forbidden':
    'Cette page est réservée à l’équipe organisatrice du défi. Le classement, votre équipe et l’agenda restent ouverts à tous.',
  'error.signIn':
    'Teams n’a pas pu vous connecter à l’application. Rechargez l’onglet ; si cela continue, contactez l’équipe organisatrice.',
  'config.title': 'Ajouter le Défi numérique à ce canal',
  'config.text':
    'L’onglet affichera le classement des équipes, le podium et l’agenda des ateliers. Chaque personne n’y voit que sa propre équipe en détail.',
  'config.save': 'Cliquez sur « Enregistrer » pour ajouter l’onglet.',
  'info.about.title': 'À propos du Défi numérique',
  'info.about.text':
    'Le Défi numérique est une application libre qui anime une semaine du numérique responsable : un quiz par jour dans Teams, des ateliers, et un classement d’équipes au prorata, où l’équipe la plus assidue gagne, pas la plus grande.',
  'info.about.a11y': 'Accessibilité : non conforme',
  'info.about.a11y.page': 'accessibilite.html',
  'info.privacy.title': 'Vos données',
  'info.privacy.text':
    'L’application garde votre identifiant Microsoft Entra, votre nom, la conversation avec le bot (pour vous envoyer le quiz), vos réponses, vos inscriptions et vos pointages, le temps du défi puis la durée fixée par votre collectivité (6 mois après le dernier jour, par défaut) ; ensuite, elle les efface et ne garde que des chiffres anonymes. Vos points ne sont montrés qu’à vous. Les autres membres de votre équipe voient si vous avez participé, et votre nom seulement si vous le choisissez (page « Mon équipe ») : sinon, ils voient « Un membre de l’équipe ». Les autres équipes ne voient pas ses membres. Ces données sont conservées dans le stockage Azure de votre collectivité.',
  'info.terms.title': 'Conditions d’utilisation',
  'info.terms.text':
    'Logiciel libre sous licence MIT, fourni sans garantie. Participer au défi est volontaire ; la collectivité qui l’organise en fixe les règles et répond de son usage.',
  'outside.title': 'Cette page s’ouvre dans Microsoft Teams',
  'outside.text':
    'Le classement, votre équipe et l’agenda du Défi numérique sont dans l’application Teams, où vous êtes déjà connecté·e.',
  'outside.link': 'Ouvrir le Défi numérique dans Teams',
  'ranking.title': 'Classement des équipes',
  'ranking.podium': 'Podium',
  'ranking.podium.label': 'Podium : {list}.',
  'ranking.podium.item': '{rank} : {team}, {score} points par membre',
  'ranking.podium.empty': 'Aucune équipe pour le moment.',
  'ranking.all': 'Toutes les équipes',
  'ranking.caption': 'Classement de toutes les équipes',
  'ranking.intro':
    'Score : points par membre. Participation : part des membres qui ont déjà participé.',
  'ranking.col.rank': 'Rang',
  'ranking.col.team': 'Équipe',
  'ranking.col.score': 'Score',
  'ranking.col.members': 'Membres',
  'ranking.col.participation': 'Participation',
  'ranking.tied': 'ex æquo',
  'ranking.mine': 'Votre équipe',
  'ranking.none':
    'Aucune équipe n’est encore inscrite. Créez la vôtre en écrivant au bot « équipe créer NOM ».',
  'rank.first': '1re',
  'rank.nth': '{rank}e',
  'rules.summary': 'Comment est calculé le score ?',
  'rules.points':
    'Chaque membre gagne des points : 1 point par réponse au quiz, plus 1 point si la réponse est juste, et 5 points par atelier suivi (sauf mention contraire).',
  'rules.score':
    'Le score d’une équipe, c’est le total de ses points divisé par son nombre de membres. Une équipe de moins de {min} membres compte comme si elle en avait {min}.',
  'rules.fair': 'Ainsi, une petite équipe assidue peut passer devant une grande.',
  'rules.ties':
    'En cas d’égalité, on départage par le taux de participation, puis par le total des points, puis par l’équipe arrivée la première à ce score.',
  'team.title': 'Mon équipe',
  'team.code': 'Code pour rejoindre l’équipe :',
  'team.codeHelp':
    'Un ou une collègue peut vous rejoindre en écrivant au bot Défi numérique : « équipe rejoindre {code} ».',
  'team.size': '{count} membres sur {max} au maximum.',
  'team.myPoints': 'Vos points à vous : {points} (vous seul·e les voyez).',
  'team.members': 'Membres',
  'team.me': '(vous)',
  'team.member.hidden': 'Un membre de l’équipe',
  'team.showName.title': 'Votre nom dans l’équipe',
  'team.showName.label': 'Montrer mon nom aux membres de mon équipe',
  'team.showName.help':
    'Sans cela, ils voient « Un membre de l’équipe » à la place de votre nom. Vous pouvez changer d’avis à tout moment (au bot aussi : « montrer mon nom », « cacher mon nom »).',
  'team.showName.on': 'C’est noté : les membres de votre équipe voient maintenant votre nom.',
  'team.showName.off':
    'C’est noté : vos coéquipiers voient maintenant « Un membre de l’équipe » à la place de votre nom.',
  'team.showName.refused':
    'Votre choix n’a pas pu être enregistré : écrivez d’abord au bot Défi numérique dans Teams, puis réessayez.',
  'team.active': 'a participé',
  'team.inactive': 'pas encore',
  'team.byDay': 'Points de l’équipe par jour',
  'team.byDay.caption': 'Points gagnés par l’équipe, jour par jour',
  'team.byDay.day': 'Jour',
  'team.byDay.points': 'Points',
  'team.byDay.value': '{points} pts',
  'team.total': 'Total : {points} points.',
  'team.none.title': 'Vous n’êtes dans aucune équipe…',
  'team.none.text':
    '…pour le moment ! Les points comptent pour une équipe : rejoignez celle de vos collègues ou créez la vôtre.',
  'team.none.join':
    'Pour rejoindre une équipe, demandez son code à un ou une collègue, puis écrivez au bot Défi numérique : « équipe rejoindre CODE » (par exemple « équipe rejoindre K7M2QX »).',
  'team.none.create': 'Pour créer une équipe, écrivez : « équipe créer » suivi du nom choisi.',
  'agenda.title': 'Agenda',
  'agenda.day': 'Jour {day} sur {days} du défi.',
  'agenda.quiz': 'Quiz du jour',
  'agenda.quiz.answered': 'Fait ! Vous avez répondu aux {total} questions du jour. Merci !',
  'agenda.quiz.open': 'À faire avant {time}.',
  'agenda.quiz.openUntilEnd': 'À faire d’ici la fin du défi, {date} au soir.',
  'agenda.quiz.open.progress': 'Vous avez répondu à {answered} des {total} questions.',
  'agenda.quiz.open.how': 'Le quiz vous attend dans la conversation avec le bot Défi numérique.',
  'agenda.quiz.closed': 'Le quiz d’aujourd’hui est fermé depuis {time}. À demain pour le suivant !',
  'agenda.quiz.upcoming': 'Le quiz du jour arrive à {time}, dans la conversation avec le bot.',
  'agenda.quiz.none': 'Pas de quiz aujourd’hui.',
  'agenda.workshops': 'Ateliers',
  'agenda.workshops.none': 'Aucun atelier programmé pour le moment.',
  'agenda.workshop.online': 'En ligne',
  'agenda.workshop.signedUp': 'Vous êtes inscrit·e',
  'agenda.workshop.when': '{date}, de {start} à {end}',
  'agenda.workshop.at': '{date} à {start}',
  'agenda.workshop.number': 'N° {number}',
  'agenda.workshop.host': 'Proposé par {host}',
  'agenda.workshop.seats': 'Places restantes : {count}',
  'agenda.workshop.full': 'Complet',
  'agenda.workshop.checkedIn': 'Pointé',
  'agenda.workshop.checkinOpen': 'Pointage ouvert',
  'agenda.workshop.join': 'Rejoindre en ligne',
  'agenda.workshop.signUp': 'M’inscrire',
  'agenda.workshop.cancel': 'Me désinscrire',
  'checkin.title': 'Pointer à un atelier',
  'checkin.help':
    'Saisissez le code affiché par l’animateur : le pointage est ouvert de 15 minutes avant le début à 30 minutes après la fin, que vous soyez inscrit·e ou non.',
  'checkin.fromLink': 'Vous arrivez par le QR code d’un atelier : vérifiez le code, puis pointez.',
  'checkin.label': 'Code affiché par l’animateur (6 caractères)',
  'checkin.submit': 'Pointer',
  'checkin.done':
    'Pointage enregistré pour « {title} » : +{points} points pour votre équipe {team}.',
  'checkin.done.noTeam':
    'Pointage enregistré pour « {title} » : +{points} points. Vous n’êtes dans aucune équipe : ce pointage ne compte pour aucune équipe tant que vous n’en avez pas rejoint une.',
  'signup.done': 'Vous êtes inscrit·e à « {title} ». Un rappel vous sera envoyé 15 minutes avant.',
  'signup.cancelled': 'Votre inscription à « {title} » est annulée.',
  'error.workshop_code_unknown':
    'Ce code ne correspond à aucun atelier. Vérifiez-le (6 caractères, sans O ni 0) : il vous reste {left} essai(s).',
  'error.checkin_locked': 'Trop de codes erronés : réessayez à partir de {time}.',
  'error.checkin_not_open':
    'Le pointage de « {workshop} » n’est pas encore ouvert : il ouvre le {date} à {time}.',
  'error.checkin_closed': 'Le pointage de « {workshop} » est fermé depuis le {date} à {time}.',
  'error.already_checked_in':
    'Vous avez déjà pointé à « {workshop} » (à {time}) : seul le premier pointage compte.',
  'error.workshop_full': '« {workshop} » est complet.',
  'error.signup_closed': '« {workshop} » a déjà commencé : les inscriptions ne changent plus.',
  'error.already_signed_up': 'Vous êtes déjà inscrit·e à « {workshop} ».',
  'error.not_signed_up': 'Vous n’êtes pas inscrit·e à « {workshop} ».',
  'error.action': 'Cela n’a pas marché. Réessayez dans un instant.',
  'state.answered': 'Fait',
  'state.open': 'Ouvert',
  'state.closed': 'Fermé',
  'state.upcoming': 'Bientôt',
  'nav.bibliotheque': 'Bibliothèque',
  'library.title': 'Bibliothèque des éco-gestes',
  'nav.mesDonnees': 'Mes données',
  'myData.title': 'Mes données',
  'myData.text':
    'Le Défi numérique garde votre nom, votre direction et votre langue, vos réponses au quiz, vos inscriptions et pointages aux ateliers, et votre équipe. Téléchargez-les ici, dans un fichier JSON.',
  'myData.why':
    'Pourquoi : pour animer le défi (quiz, ateliers, classement des équipes) ; vos points ne servent jamais à vous évaluer.',
  'myData.howLong':
    'Combien de temps : le temps du défi, puis la durée fixée par la collectivité (6 mois par défaut) ; ensuite seuls des chiffres anonymes restent.',
  'myData.rights':
    'Pour les faire corriger ou effacer, écrivez aux organisateurs ou au délégué à la protection des données.',
  'myData.download': 'Télécharger mes données',
  'myData.failed': 'Le téléchargement n’a pas marché. Réessayez dans un instant.',
  'info.about.myData': 'Mes données : les voir et les télécharger',
};

/** The shell's and agents' pages' words; the organisers' pages bring theirs (organiser-i18n.ts) when they load. */
type CoreKey = keyof typeof fr;
export type MessageKey = CoreKey | OrganiserKey;

const en: Record<CoreKey, string> = {
  'app.name': 'Digital challenge',
  skip: 'Skip to content',
  'nav.label': 'Challenge pages',
  'nav.classement': 'Ranking',
  'nav.equipe': 'My team',
  'nav.agenda': 'Agenda',
  'nav.organisation': 'Organisation',
  'nav.bilan': 'Report',
  'organisation.title': 'Running the challenge',
  'bilan.title': 'Challenge report',
  'nav.enseignements': 'Insights',
  'enseignements.title': 'What the answers teach',
  'nav.papier': 'Paper',
  'papier.title': 'Quiz on paper',
  'demo.banner': 'Local demo mode — you are {agent}.',
  loading: 'Loading…',
  updated: 'Updated at {time}.',
  retry: 'Try again',
  reload: 'Reload the tab',
  'error.unauthorized.title': 'Your session has expired',
  'error.unauthorized': 'Your session has expired, reload the tab to continue.',
  'error.network':
    'The server is not answering right now. Check your connection; we will try again in a minute.',
  'error.server': 'Something went wrong on our side. Please try again in a moment.',
  'error.forbidden':
    'This page is for the challenge organisers. The ranking, your team and the agenda are open to everyone.',
  'error.signIn':
    'Teams could not sign you in to the app. Reload the tab; if it goes on, contact the organisers.',
  'config.title': 'Add the Digital challenge to this channel',
  'config.text':
    'The tab shows the team ranking, the podium and the workshop agenda. Everyone sees only their own team in detail.',
  'config.save': 'Select “Save” to add the tab.',
  'info.about.title': 'About the Digital challenge',
  'info.about.text':
    'The Digital challenge is an open-source app that runs a responsible-digital week: a daily quiz in Teams, workshops, and a prorated team ranking where the most committed team wins, not the biggest.',
  'info.about.a11y': 'Accessibility: non-compliant',
  'info.about.a11y.page': 'accessibility.html',
  'info.privacy.title': 'Your data',
  'info.privacy.text':
    'The app keeps your Microsoft Entra id, your name, your chat with the bot (to send you the quiz), your answers, sign-ups and check-ins, for the time of the challenge and then the period your organisation sets (6 months after the last day, by default); after that it deletes them and keeps anonymous figures only. Your points are shown to you only. Your team mates see whether you took part, and your name only if you choose so (“My team” page): otherwise they see “A team member”. Other teams do not see its members. The data stays in your organisation’s Azure storage.',
  'info.terms.title': 'Terms of use',
  'info.terms.text':
    'Open-source software under the MIT licence, provided without warranty. Taking part is voluntary; the organisation running the challenge sets its rules and answers for its use.',
  'outside.title': 'This page opens in Microsoft Teams',
  'outside.text':
    'The ranking, your team and the agenda of the Digital challenge live in the Teams app, where you are already signed in.',
  'outside.link': 'Open the Digital challenge in Teams',
  'ranking.title': 'Team ranking',
  'ranking.podium': 'Podium',
  'ranking.podium.label': 'Podium: {list}.',
  'ranking.podium.item': '{rank}: {team}, {score} points per member',
  'ranking.podium.empty': 'No team yet.',
  'ranking.all': 'All teams',
  'ranking.caption': 'Ranking of all teams',
  'ranking.intro': 'Score: points per member. Participation: share of members who have taken part.',
  'ranking.col.rank': 'Rank',
  'ranking.col.team': 'Team',
  'ranking.col.score': 'Score',
  'ranking.col.members': 'Members',
  'ranking.col.participation': 'Participation',
  'ranking.tied': 'tied',
  'ranking.mine': 'Your team',
  'ranking.none':
    'No team has signed up yet. Create yours by writing “team create NAME” to the bot.',
  'rank.first': '1st',
  'rank.nth': '{rank}th',
  'rules.summary': 'How is the score computed?',
  'rules.points':
    'Each member earns points: 1 point per quiz answer, 1 more if the answer is right, and 5 points per workshop attended (unless stated otherwise).',
  'rules.score':
    'A team’s score is its total points divided by its number of members. A team with fewer than {min} members counts as if it had {min}.',
  'rules.fair': 'So a small, diligent team can beat a big one.',
  'rules.ties':
    'Ties are broken by participation rate, then by total points, then by the team that reached the score first.',
  'team.title': 'My team',
  'team.code': 'Code to join the team:',
  'team.codeHelp':
    'A colleague can join you by writing to the Digital challenge bot: “team join {code}”.',
  'team.size': '{count} members out of {max} at most.',
  'team.myPoints': 'Your own points: {points} (only you can see them).',
  'team.members': 'Members',
  'team.me': '(you)',
  'team.member.hidden': 'A team member',
  'team.showName.title': 'Your name in the team',
  'team.showName.label': 'Show my name to the members of my team',
  'team.showName.help':
    'Otherwise they see “A team member” instead of your name. You can change your mind at any time (with the bot too: “show my name”, “hide my name”).',
  'team.showName.on': 'Done: the members of your team now see your name.',
  'team.showName.off': 'Done: your teammates now see “A team member” instead of your name.',
  'team.showName.refused':
    'Your choice could not be saved: first write to the Digital challenge bot in Teams, then try again.',
  'team.active': 'has taken part',
  'team.inactive': 'not yet',
  'team.byDay': 'Team points by day',
  'team.byDay.caption': 'Points earned by the team, day by day',
  'team.byDay.day': 'Day',
  'team.byDay.points': 'Points',
  'team.byDay.value': '{points} pts',
  'team.total': 'Total: {points} points.',
  'team.none.title': 'You are not in a team…',
  'team.none.text': '…yet! Points count for a team: join your colleagues’ team or create your own.',
  'team.none.join':
    'To join a team, ask a colleague for its code, then write to the Digital challenge bot: “team join CODE” (for example “team join K7M2QX”).',
  'team.none.create': 'To create a team, write “team create” followed by the name you chose.',
  'agenda.title': 'Agenda',
  'agenda.day': 'Day {day} of {days} of the challenge.',
  'agenda.quiz': 'Today’s quiz',
  'agenda.quiz.answered': 'Done! You answered the {total} questions of the day. Thank you!',
  'agenda.quiz.open': 'To do before {time}.',
  'agenda.quiz.openUntilEnd': 'To do by the end of the challenge, {date} evening.',
  'agenda.quiz.open.progress': 'You answered {answered} of the {total} questions.',
  'agenda.quiz.open.how':
    'The quiz is waiting for you in your chat with the Digital challenge bot.',
  'agenda.quiz.closed': 'Today’s quiz closed at {time}. See you tomorrow for the next one!',
  'agenda.quiz.upcoming': 'Today’s quiz arrives at {time}, in your chat with the bot.',
  'agenda.quiz.none': 'No quiz today.',
  'agenda.workshops': 'Workshops',
  'agenda.workshops.none': 'No workshop scheduled yet.',
  'agenda.workshop.online': 'Online',
  'agenda.workshop.signedUp': 'You signed up',
  'agenda.workshop.when': '{date}, {start} to {end}',
  'agenda.workshop.at': '{date} at {start}',
  'agenda.workshop.number': 'No. {number}',
  'agenda.workshop.host': 'Hosted by {host}',
  'agenda.workshop.seats': 'Seats left: {count}',
  'agenda.workshop.full': 'Full',
  'agenda.workshop.checkedIn': 'Checked in',
  'agenda.workshop.checkinOpen': 'Check-in open',
  'agenda.workshop.join': 'Join online',
  'agenda.workshop.signUp': 'Sign up',
  'agenda.workshop.cancel': 'Cancel my seat',
  'checkin.title': 'Check in at a workshop',
  'checkin.help':
    'Type the code the host shows: check-in is open from 15 minutes before the start to 30 minutes after the end, whether you signed up or not.',
  'checkin.fromLink': 'You came from a workshop’s QR code: check the code, then check in.',
  'checkin.label': 'Code the host shows (6 characters)',
  'checkin.submit': 'Check in',
  'checkin.done': 'Checked in at “{title}”: +{points} points for your team {team}.',
  'checkin.done.noTeam':
    'Checked in at “{title}”: +{points} points. You are in no team: this check-in counts for no team until you join one.',
  'signup.done': 'You signed up for “{title}”. A reminder will come 15 minutes before.',
  'signup.cancelled': 'Your seat at “{title}” is cancelled.',
  'error.workshop_code_unknown':
    'This code matches no workshop. Please check it (6 characters, no O or 0): {left} attempt(s) left.',
  'error.checkin_locked': 'Too many wrong codes: try again from {time}.',
  'error.checkin_not_open':
    'Check-in for “{workshop}” is not open yet: it opens on {date} at {time}.',
  'error.checkin_closed': 'Check-in for “{workshop}” closed on {date} at {time}.',
  'error.already_checked_in':
    'You already checked in at “{workshop}” (at {time}): only the first check-in counts.',
  'error.workshop_full': '“{workshop}” is full.',
  'error.signup_closed': '“{workshop}” has started: sign-ups no longer change.',
  'error.already_signed_up': 'You already signed up for “{workshop}”.',
  'error.not_signed_up': 'You have not signed up for “{workshop}”.',
  'error.action': 'That did not work. Please try again in a moment.',
  'state.answered': 'Done',
  'state.open': 'Open',
  'state.closed': 'Closed',
  'state.upcoming': 'Soon',
  'nav.bibliotheque': 'Library',
  'library.title': 'Green gestures library',
  'nav.mesDonnees': 'My data',
  'myData.title': 'My data',
  'myData.text':
    'The Digital challenge keeps your name, direction and language, your quiz answers, your workshop sign-ups and check-ins, and your team. Download them here, as a JSON file.',
  'myData.why':
    'Why: to run the challenge (quizzes, workshops, team ranking); your points are never used to appraise you.',
  'myData.howLong':
    'How long: the time of the challenge, then the period your organisation set (6 months by default); after that only anonymous figures remain.',
  'myData.rights':
    'To have them corrected or erased, write to the organisers or to the data protection officer.',
  'myData.download': 'Download my data',
  'myData.failed': 'The download did not work. Please try again in a moment.',
  'info.about.myData': 'My data: see and download it',
};

export type Lang = 'fr' | 'en';

/** English when the locale starts with "en", French otherwise (the challenge is French first). */
export function langOf(locale: string | null | undefined): Lang {
  return /^en/i.test(locale ?? '') ? 'en' : 'fr';
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The organisers' words, once their module has loaded (`addOrganiserMessages`). */
const organiserMessages: Partial<Record<Lang, Record<OrganiserKey, string>>> = {};

/** Called by the organisers' pages module when it loads: their words join the catalogue. */
export function addOrganiserMessages(messages: Record<Lang, Record<OrganiserKey, string>>): void {
  Object.assign(organiserMessages, messages);
}

export function translator(lang: Lang): Translate {
  const catalogue = lang === 'en' ? en : fr;
  return (key, values = {}) =>
    (
      (catalogue as Record<string, string>)[key] ??
      organiserMessages[lang]?.[key as OrganiserKey] ??
      key
    ).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
