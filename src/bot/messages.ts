import type { Locale } from '../domain/agents';
import { DomainError } from '../domain/errors';
import { localDate, localTime } from '../domain/time';
import { workshopFormatName } from '../domain/workshop-formats';
import type { Workshop } from '../domain/workshops';
import { escapeMarkdown } from './cards/adaptive';

/**
 * Every word the bot says, French first with English beside it. Keys are checked by the compiler: a key missing
 * in one language does not build.
 */
const fr = {
  'app.name': 'Défi numérique',
  'welcome.title': 'Bienvenue dans le Défi numérique 🌱',
  'welcome.line1':
    'Chaque jour de la semaine, un petit quiz arrive ici : répondez quand vous voulez, sans chrono.',
  'welcome.line2': 'Participez aux ateliers et pointez avec le code affiché par l’animateur.',
  'welcome.line3':
    'Formez une équipe : les points sont comptés au prorata, la plus assidue gagne, pas la plus grande.',
  'welcome.line4':
    'Le classement, votre équipe et l’agenda : onglet **Classement**, en haut de cette conversation.',
  'action.createTeam': 'Créer une équipe',
  'action.joinTeam': 'Rejoindre une équipe',
  'action.myTeam': 'Mon équipe',
  'action.help': 'Aide',
  'action.ranking': 'Voir le classement',
  'action.create': 'Créer',
  'action.join': 'Rejoindre',
  'input.teamName': 'Nom de l’équipe (3 à 40 caractères)',
  'input.teamName.placeholder': 'Par exemple : Les Sobres du 3e',
  'input.joinCode': 'Code de l’équipe (6 caractères)',
  'input.joinCode.placeholder': 'Par exemple : K7M2QX',
  'help.title': 'Ce que vous pouvez me dire',
  'help.intro': 'Écrivez simplement une de ces phrases (majuscules et accents facultatifs) :',
  'help.teamCreate': '**équipe créer** *nom* — créer une équipe',
  'help.teamJoin': '**équipe rejoindre** *CODE* — rejoindre une équipe avec son code',
  'help.teamLeave': '**équipe quitter** — quitter votre équipe',
  'help.myTeam': '**mon équipe** — voir votre équipe et son code',
  'help.quiz': '**quiz** — revoir le quiz du jour',
  'help.workshops': '**ateliers** — le programme de la semaine, pour vous inscrire',
  'help.signup':
    '**je m’inscris** *numéro* — vous inscrire à un atelier (**je me désinscris** *numéro* pour annuler)',
  'help.myWorkshops': '**mes ateliers** — votre programme',
  'help.checkin': '**pointage** *CODE* — pointer à un atelier avec le code affiché par l’animateur',
  'help.myData': '**mes données** — voir ce que le défi garde sur vous, et le télécharger',
  'help.teamName':
    '**montrer mon nom** — vos coéquipiers voient votre nom (**cacher mon nom** pour le cacher de nouveau)',
  'help.ranking': '**classement** — la place de votre équipe, et le classement complet',
  'ranking.open': 'Voir le classement complet',
  'smalltalk.thanks': 'Avec plaisir 🌱 Écrivez **aide** quand vous voulez.',
  'team.create.askName':
    'Quel nom pour votre équipe ? Écrivez par exemple : **équipe créer Les Sobres** (3 à 40 caractères).',
  'help.help': '**aide** — afficher ce message',
  'help.organiser': 'Pour l’équipe organisatrice',
  'help.announce': '**annonce** — écrire une annonce à tous, à une équipe ou à une direction',
  'help.podium': '**podium** — voir le podium, puis le publier',
  'help.unknown': 'Je n’ai pas compris « {text} ». Voici ce que je sais faire :',
  'team.created': 'Équipe **{team}** créée ! Partagez ce code avec vos collègues : **{code}**',
  'team.joined': 'Bienvenue dans l’équipe **{team}** ({members} membres).',
  'team.left': 'Vous avez quitté l’équipe **{team}**.',
  'team.moved': '{agent} est maintenant dans l’équipe **{team}**.',
  'team.none':
    'Vous n’êtes dans aucune équipe pour l’instant. Créez-en une ou rejoignez celle de vos collègues.',
  'team.card.title': 'Équipe {team}',
  'team.card.code': 'Code pour rejoindre : **{code}**',
  'team.card.members': 'Membres ({count}/{max})',
  'team.card.rank': 'Classement : {rank}e sur {teams} · score {score}',
  'team.card.rank.first': 'Classement : 1re sur {teams} · score {score}',
  'team.card.member.hidden': 'Un membre de l’équipe',
  'team.card.names':
    'Chacun choisit si ses coéquipiers voient son nom : **montrer mon nom** ou **cacher mon nom**.',
  'team.name.shown':
    'C’est noté : les membres de votre équipe voient maintenant votre nom. Pour revenir en arrière, écrivez **cacher mon nom**.',
  'team.name.hidden':
    'C’est noté : vos coéquipiers voient « Un membre de l’équipe » à la place de votre nom. Pour le leur montrer, écrivez **montrer mon nom**.',
  'quiz.title': 'Quiz du jour · {day}',
  'quiz.counter': 'Question {index} / {total}',
  'quiz.noRush': 'Prenez votre temps : le quiz reste ouvert jusqu’à {time}.',
  'quiz.submit': 'Valider ma réponse',
  'quiz.pick': 'Choisissez une réponse',
  'quiz.pickSeveral': 'Cochez une ou plusieurs réponses',
  'quiz.right': '✅ Bonne réponse !',
  'quiz.wrong': '❌ Ce n’est pas la bonne réponse.',
  'quiz.correctWas': 'La bonne réponse : {answer}',
  'quiz.yourAnswer': 'Votre réponse : {answer}',
  'quiz.points': '+{points} point(s) pour votre équipe',
  'quiz.points.noTeam': '+{points} point(s) — rejoignez une équipe pour qu’ils comptent pour elle',
  'quiz.teamRank': 'Votre équipe {team} est {rank} sur {teams}.',
  'quiz.source': 'Source : {title}',
  'quiz.readSource': 'Lire la source',
  'quiz.done':
    'Merci ! Vous avez répondu aux {total} questions du jour : {right} bonne(s) réponse(s), {points} point(s).',
  'quiz.closed': 'Ce quiz est fermé. À demain pour le suivant !',
  'quiz.upcoming': 'Le quiz du jour arrive à {time}.',
  'quiz.none': 'Pas de quiz aujourd’hui.',
  'quiz.reminder':
    'Petit rappel 🌱 le quiz du jour vous attend plus haut dans cette conversation. Il ferme à {time}.',
  'quiz.reminder.open':
    'Petit rappel 🌱 le quiz du jour vous attend plus haut dans cette conversation. Il reste ouvert jusqu’à la fin du défi, {date} au soir.',
  'action.workshops': 'Programme des ateliers',
  'action.myWorkshops': 'Mes ateliers',
  'action.signUp': 'M’inscrire',
  'action.cancelSignup': 'Me désinscrire',
  'action.checkin': 'Pointer',
  'action.openLink': 'Rejoindre en ligne',
  'workshop.list.title': 'Programme des ateliers',
  'workshop.list.intro':
    'Inscrivez-vous avec le bouton, ou écrivez « je m’inscris » suivi du numéro. L’inscription ne rapporte pas de points : c’est le pointage sur place qui compte.',
  'workshop.list.none': 'Aucun atelier à venir pour le moment.',
  'workshop.numbered': 'N° {number} · {title}',
  'workshop.mine.title': 'Mes ateliers',
  'workshop.mine.none':
    'Vous n’êtes inscrit·e à aucun atelier. Écrivez **ateliers** pour voir le programme.',
  'myData.title': 'Mes données',
  'myData.intro': 'Ce que le Défi numérique garde sur vous :',
  'myData.identity': 'Votre nom, votre direction et votre langue (annuaire et Teams)',
  'myData.answers': 'Réponses au quiz : {count}',
  'myData.checkins': 'Pointages aux ateliers : {count}',
  'myData.signups': 'Inscriptions aux ateliers : {count}',
  'myData.team': 'Équipe : {team}',
  'myData.noTeam': 'Équipe : aucune',
  'myData.why':
    'Pourquoi : pour animer le défi (quiz, ateliers, classement des équipes) ; vos points ne servent jamais à vous évaluer.',
  'myData.howLong':
    'Combien de temps : le temps du défi, puis la durée fixée par la collectivité (6 mois par défaut) ; ensuite seuls des chiffres anonymes restent.',
  'myData.rights':
    'Pour les faire corriger ou effacer, écrivez aux organisateurs ou au délégué à la protection des données.',
  'myData.export': 'Le détail se télécharge dans l’onglet du Défi numérique, page « Mes données ».',
  'action.exportData': 'Télécharger mes données',
  'workshop.when': '{date}, {start}–{end}',
  'workshop.when.days': 'du {date} {start} au {endDate} {end}',
  'workshop.online': 'En ligne',
  'workshop.host': 'Proposé par {host}',
  'workshop.seats': 'Places restantes : {count}',
  'workshop.full': 'Complet',
  'workshop.points': '{points} points au pointage',
  'workshop.signedUpMark': '✅ Vous êtes inscrit·e',
  'workshop.checkedInMark': '✅ Vous avez pointé',
  'workshop.signedUp':
    'C’est noté : vous êtes inscrit·e à **{title}** (n° {number}, {when}). Je vous enverrai un rappel 15 minutes avant. Sur place, pointez avec le code affiché par l’animateur : **pointage CODE**.',
  'workshop.cancelled': 'Votre inscription à **{title}** (n° {number}, {when}) est annulée.',
  'announcement.banner': '📣 Annonce des organisateurs du défi',
  'announcement.previewBanner': 'Aperçu : vous seul recevez ce message.',
  'announcement.compose.title': '📣 Nouvelle annonce',
  'announcement.compose.intro':
    'Elle part dans la discussion de chaque agent choisi, une carte chacun, entre {from} et {to}.',
  'announcement.compose.titleLabel': 'Titre ({max} caractères au plus)',
  'announcement.compose.textLabel': 'Texte ({max} caractères au plus)',
  'announcement.compose.linkLabel': 'Bouton de lien, facultatif : son libellé',
  'announcement.compose.linkUrl': 'Adresse du lien (https://…)',
  'announcement.compose.audience': 'Destinataires',
  'announcement.compose.help':
    'Mise en forme : **gras**, *italique*, une ligne commençant par « - » ou « 1. » pour une liste, [texte](https://…) pour un lien.',
  'announcement.audience.all': 'Tout le monde',
  'announcement.audience.team': 'Équipe {name}',
  'announcement.audience.direction': 'Direction {name}',
  'announcement.invalid.title':
    'Le titre est obligatoire, tient sur une ligne et fait {limit} caractères au plus.',
  'announcement.invalid.text': 'Le texte est obligatoire et fait {limit} caractères au plus.',
  'announcement.invalid.link.label':
    'Le bouton de lien a besoin d’un libellé de {limit} caractères au plus.',
  'announcement.invalid.link.url':
    'L’adresse du lien doit commencer par https:// ({limit} caractères au plus).',
  'announcement.invalid.audience': 'Choisissez les destinataires.',
  'announcement.invalid.characters': 'Le champ « {field} » contient des caractères invisibles.',
  'error.announcement_invalid': 'Cette annonce n’est pas valide.',
  'error.audience_unknown': 'Ces destinataires n’existent pas (ou plus).',
  'error.audience_empty':
    'Personne ne peut être joint parmi ces destinataires : rien n’est envoyé.',
  'error.announcement_unknown': 'Je ne trouve pas cette annonce.',
  'error.send_finished':
    'Cette annonce est déjà partie à tout le monde : il n’y a plus rien à arrêter.',
  'announcement.preview.title': 'Aperçu de votre annonce',
  'announcement.preview.to': 'À : {audience} ({count} agent(s))',
  'announcement.preview.later': 'Il est tard : elle partira à {time}, pas avant.',
  'announcement.send': 'Envoyer à {count} agent(s)',
  'announcement.edit': 'Modifier',
  'announcement.discard': 'Abandonner',
  'announcement.discarded': 'Annonce abandonnée : rien n’a été envoyé.',
  'announcement.report.title': 'Envoi de l’annonce « {title} »',
  'announcement.report.sending': '⏳ Envoi en cours',
  'announcement.report.waiting': '🌙 En attente : l’envoi commencera à {time}',
  'announcement.report.done': '✅ Envoi terminé',
  'announcement.report.stopped': '⏹️ Envoi arrêté : ce qui était parti est compté ci-dessous',
  'announcement.report.to': 'Destinataires',
  'announcement.report.sent': 'Reçue',
  'announcement.report.failed': 'Échec',
  'announcement.report.skipped': 'Non envoyée',
  'announcement.report.pending': 'En attente',
  'announcement.report.figure': '{count} sur {total}',
  'announcement.report.why': 'Pourquoi certains envois ont échoué :',
  'announcement.report.reason.unreachable':
    '{count} : l’application n’est plus installée chez ces agents (ou Teams les refuse)',
  'announcement.report.reason.throttled':
    '{count} : Teams a refusé faute de capacité, même après plusieurs essais',
  'announcement.report.reason.teams':
    '{count} : Teams a répondu par une erreur ({detail}), même après plusieurs essais',
  'announcement.report.reason.network': '{count} : Teams n’a pas pu être joint ({detail})',
  'announcement.report.reason.other': '{count} : {detail}',
  'announcement.report.updated': 'Mis à jour à {time}',
  'announcement.report.already':
    'Cette annonce est déjà partie aujourd’hui : rien de plus n’est envoyé.',
  'announcement.refresh': 'Actualiser',
  'announcement.cancel': 'Arrêter l’envoi',
  'workshop.reminder.title': 'Rappel : {title} commence à {time}',
  'workshop.reminder.place': 'Lieu : {place}',
  'workshop.reminder.online': 'En ligne : {link}',
  'workshop.reminder.checkin':
    'Sur place, pointez avec le code affiché par l’animateur : saisissez-le ci-dessous, ou écrivez **pointage CODE**.',
  'checkin.title': 'Pointage à un atelier',
  'checkin.input': 'Code affiché par l’animateur (6 caractères)',
  'checkin.input.placeholder': 'Par exemple : K7M2QX',
  'checkin.done':
    '✅ Pointage enregistré pour **{title}** : +{points} point(s) pour votre équipe {team}.',
  'checkin.done.noTeam':
    '✅ Pointage enregistré pour **{title}** : +{points} point(s). Vous n’êtes dans aucune équipe : ce pointage ne compte pour aucune équipe tant que vous n’en avez pas rejoint une.',
  'rank.first': '1re',
  'rank.nth': '{rank}e',
  'podium.title': '🏆 Podium du Défi numérique',
  'podium.intro': 'Les équipes en tête du classement :',
  'podium.rank.1': '1er',
  'podium.rank.2': '2e',
  'podium.rank.3': '3e',
  'podium.rank.n': '{rank}e',
  'podium.place': '{medal} **{rank}** · {team} · score {score}',
  'podium.tied': 'ex æquo',
  'podium.rule':
    'La règle : le score d’une équipe est la somme des points de ses membres divisée par son nombre de membres (au moins {min}) ; la plus assidue gagne, pas la plus grande.',
  'podium.preview': 'Aperçu : vous seul·e voyez cette carte.',
  'podium.publish': 'Publier pour tout le monde ({agents} agents et {channels} canaux d’équipe)',
  'podium.published': '✅ Podium publié pour {total} destinataire(s).',
  'podium.publishing':
    '⏳ Publication en cours : le podium part vers chaque agent et chaque canal d’équipe.',
  'podium.alreadyPublished': 'Ce podium a déjà été publié : rien de plus n’est envoyé.',
  'error.podium_empty': 'Aucune équipe n’a encore marqué de point : pas de podium pour l’instant.',
  'organiser.granted': 'Vous êtes organisateur ou organisatrice (mode local uniquement).',
  'organiser.refused': 'Cette commande n’existe qu’en mode local.',
  'error.tooLong': 'Votre message est trop long : {max} caractères au plus, s’il vous plaît.',
  'error.empty': 'Je n’ai rien reçu. Écrivez **aide** pour voir ce que je sais faire.',
  'error.badAction':
    'Je n’ai pas compris cette action : rien n’a été fait. Écrivez **aide** pour voir ce que je sais faire.',
  'error.team_name_invalid.length': 'Le nom d’équipe doit faire entre {min} et {max} caractères.',
  'error.team_name_invalid.characters':
    'Le nom d’équipe ne peut contenir que des lettres, des chiffres, des espaces et une ponctuation simple.',
  'error.team_name_taken': 'Le nom « {name} » est déjà pris. Choisissez-en un autre.',
  'error.team_code_unknown': 'Aucune équipe n’a ce code. Vérifiez-le (6 caractères, sans O ni 0).',
  'error.team_full': 'L’équipe {team} est complète ({max} membres au plus).',
  'error.already_in_team':
    'Vous êtes déjà dans l’équipe {team}. Quittez-la d’abord pour en changer.',
  'error.already_in_team.other': 'Cette personne est déjà dans l’équipe {team}.',
  'error.not_in_team': 'Vous n’êtes dans aucune équipe.',
  'error.teams_closed':
    'Le défi a commencé : les équipes ne peuvent plus changer. Un organisateur peut vous aider.',
  'error.not_organiser': 'Cette action est réservée aux organisateurs.',
  'error.agent_unknown':
    'Je ne connais pas cette personne : elle doit d’abord installer l’application.',
  'error.challenge_missing': 'Aucun défi n’est en cours pour le moment.',
  'error.quiz_unknown': 'Ce quiz n’existe pas ou n’appartient pas au défi en cours.',
  'error.quiz_not_open': 'Ce quiz n’est pas encore ouvert. Il arrivera ici à {time}.',
  'error.quiz_closed': 'Ce quiz est fermé depuis {time} : la réponse n’a pas été comptée.',
  'error.quiz_closed.challenge_over':
    'Le défi est terminé depuis le {date} au soir : cette réponse n’a pas été comptée. Merci d’avoir joué 🌱',
  'error.question_unknown': 'Cette question n’existe pas dans le quiz.',
  'error.choice_invalid': 'Choisissez une réponse parmi celles proposées.',
  'error.already_answered':
    'Vous avez déjà répondu à cette question : seule la première réponse compte.',
  'error.workshop_unknown':
    'Je ne trouve pas l’atelier « {reference} ». Écrivez **ateliers** pour voir le programme et ses numéros.',
  'error.workshop_unknown.number':
    'Il n’y a pas d’atelier n° {number} au programme : rien n’a changé. Écrivez **ateliers** pour voir les numéros.',
  'error.workshop_code_unknown':
    'Le code « {code} » ne correspond à aucun atelier. Vérifiez-le (6 caractères, sans O ni 0) : il vous reste {left} essai(s).',
  'error.workshop_code_unknown.locked':
    'Le code « {code} » ne correspond à aucun atelier. Trop de codes erronés : réessayez à partir de {time}.',
  'error.workshop_full': '« {workshop} » est complet ({max} places).',
  'error.signup_closed':
    '« {workshop} » a déjà commencé : les inscriptions ne changent plus. Vous pouvez tout de même pointer sur place.',
  'error.already_signed_up': 'Vous êtes déjà inscrit·e à « {workshop} ».',
  'error.not_signed_up': 'Vous n’êtes pas inscrit·e à « {workshop} ».',
  'error.checkin_not_open':
    'Le pointage de « {workshop} » n’est pas encore ouvert : il ouvre le {date} à {time}.',
  'error.checkin_closed':
    'Le pointage de « {workshop} » est fermé depuis le {date} à {time} : il n’a pas été compté.',
  'error.checkin_locked': 'Trop de codes erronés : réessayez à partir de {time}.',
  'error.already_checked_in':
    'Vous avez déjà pointé à « {workshop} » (à {time}) : seul le premier pointage compte, rien n’a changé.',
  'error.attendance_invalid':
    'Pointage à la main : choisissez de 1 à {max} agents à la fois, par leur identifiant. Rien n’a été compté.',
  'error.generic': 'Oups, quelque chose n’a pas marché. Réessayez dans un instant.',
};

type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  'app.name': 'Digital challenge',
  'welcome.title': 'Welcome to the Digital challenge 🌱',
  'welcome.line1':
    'Every day this week, a short quiz arrives here: answer whenever you like, no timer.',
  'welcome.line2': 'Join workshops and check in with the code the host shows.',
  'welcome.line3':
    'Form a team: points are prorated, so the most committed team wins, not the biggest.',
  'welcome.line4':
    'The ranking, your team and the agenda: the **Classement** tab, at the top of this chat.',
  'action.createTeam': 'Create a team',
  'action.joinTeam': 'Join a team',
  'action.myTeam': 'My team',
  'action.help': 'Help',
  'action.ranking': 'See the ranking',
  'action.create': 'Create',
  'action.join': 'Join',
  'input.teamName': 'Team name (3 to 40 characters)',
  'input.teamName.placeholder': 'For example: The Frugal Five',
  'input.joinCode': 'Team code (6 characters)',
  'input.joinCode.placeholder': 'For example: K7M2QX',
  'help.title': 'What you can tell me',
  'help.intro': 'Just type one of these (capitals and accents optional):',
  'help.teamCreate': '**team create** *name* — create a team',
  'help.teamJoin': '**team join** *CODE* — join a team with its code',
  'help.teamLeave': '**team leave** — leave your team',
  'help.myTeam': '**my team** — see your team and its code',
  'help.quiz': '**quiz** — see today’s quiz again',
  'help.workshops': '**workshops** — the week’s programme, to sign up',
  'help.signup':
    '**sign up** *number* — sign up for a workshop (**cancel signup** *number* to cancel)',
  'help.myWorkshops': '**my workshops** — your programme',
  'help.checkin': '**check in** *CODE* — check in at a workshop with the code the host shows',
  'help.myData': '**my data** — see what the challenge keeps about you, and download it',
  'help.teamName':
    '**show my name** — your teammates see your name (**hide my name** to hide it again)',
  'help.ranking': '**ranking** — your team’s place, and the full ranking',
  'ranking.open': 'See the full ranking',
  'smalltalk.thanks': 'You’re welcome 🌱 Type **help** whenever you like.',
  'team.create.askName':
    'What should your team be called? Type for example: **team create The Frugals** (3 to 40 characters).',
  'help.help': '**help** — show this message',
  'help.organiser': 'For the organisers',
  'help.announce': '**announce** — write an announcement to everyone, a team or a direction',
  'help.podium': '**podium** — see the podium, then publish it',
  'help.unknown': 'I did not understand “{text}”. Here is what I can do:',
  'team.created': 'Team **{team}** created! Share this code with your colleagues: **{code}**',
  'team.joined': 'Welcome to team **{team}** ({members} members).',
  'team.left': 'You left team **{team}**.',
  'team.moved': '{agent} is now in team **{team}**.',
  'team.none': 'You are not in a team yet. Create one or join your colleagues’.',
  'team.card.title': 'Team {team}',
  'team.card.code': 'Code to join: **{code}**',
  'team.card.members': 'Members ({count}/{max})',
  'team.card.rank': 'Ranking: #{rank} of {teams} · score {score}',
  'team.card.rank.first': 'Ranking: #1 of {teams} · score {score}',
  'team.card.member.hidden': 'A team member',
  'team.card.names':
    'Each member chooses whether teammates see their name: **show my name** or **hide my name**.',
  'team.name.shown':
    'Done: the members of your team now see your name. To undo it, type **hide my name**.',
  'team.name.hidden':
    'Done: your teammates see “A team member” instead of your name. To show it to them, type **show my name**.',
  'quiz.title': 'Daily quiz · {day}',
  'quiz.counter': 'Question {index} / {total}',
  'quiz.noRush': 'Take your time: the quiz stays open until {time}.',
  'quiz.submit': 'Submit my answer',
  'quiz.pick': 'Pick an answer',
  'quiz.pickSeveral': 'Tick one or more answers',
  'quiz.right': '✅ Right answer!',
  'quiz.wrong': '❌ Not the right answer.',
  'quiz.correctWas': 'The right answer: {answer}',
  'quiz.yourAnswer': 'Your answer: {answer}',
  'quiz.points': '+{points} point(s) for your team',
  'quiz.points.noTeam': '+{points} point(s) — join a team so they count for it',
  'quiz.teamRank': 'Your team {team} is {rank} of {teams}.',
  'quiz.source': 'Source: {title}',
  'quiz.readSource': 'Read the source',
  'quiz.done':
    'Thank you! You answered all {total} of today’s questions: {right} right, {points} point(s).',
  'quiz.closed': 'This quiz is closed. See you tomorrow for the next one!',
  'quiz.upcoming': 'Today’s quiz arrives at {time}.',
  'quiz.none': 'No quiz today.',
  'quiz.reminder':
    'A gentle reminder 🌱 today’s quiz is waiting for you above in this chat. It closes at {time}.',
  'quiz.reminder.open':
    'A gentle reminder 🌱 today’s quiz is waiting for you above in this chat. It stays open until the challenge ends, on {date} in the evening.',
  'action.workshops': 'Workshop programme',
  'action.myWorkshops': 'My workshops',
  'action.signUp': 'Sign up',
  'action.cancelSignup': 'Cancel my seat',
  'action.checkin': 'Check in',
  'action.openLink': 'Join online',
  'workshop.list.title': 'Workshop programme',
  'workshop.list.intro':
    'Sign up with the button, or type “sign up” followed by the number. Signing up earns no points: checking in on the day does.',
  'workshop.list.none': 'No upcoming workshop for now.',
  'workshop.numbered': 'No. {number} · {title}',
  'workshop.mine.title': 'My workshops',
  'workshop.mine.none':
    'You have not signed up for any workshop. Type **workshops** to see the programme.',
  'myData.title': 'My data',
  'myData.intro': 'What the Digital challenge keeps about you:',
  'myData.identity': 'Your name, direction and language (directory and Teams)',
  'myData.answers': 'Quiz answers: {count}',
  'myData.checkins': 'Workshop check-ins: {count}',
  'myData.signups': 'Workshop sign-ups: {count}',
  'myData.team': 'Team: {team}',
  'myData.noTeam': 'Team: none',
  'myData.why':
    'Why: to run the challenge (quizzes, workshops, team ranking); your points are never used to appraise you.',
  'myData.howLong':
    'How long: the time of the challenge, then the period your organisation set (6 months by default); after that only anonymous figures remain.',
  'myData.rights':
    'To have them corrected or erased, write to the organisers or to the data protection officer.',
  'myData.export': 'The details can be downloaded in the Digital challenge tab, “My data” page.',
  'action.exportData': 'Download my data',
  'workshop.when': '{date}, {start}–{end}',
  'workshop.when.days': 'from {date} {start} to {endDate} {end}',
  'workshop.online': 'Online',
  'workshop.host': 'Hosted by {host}',
  'workshop.seats': 'Seats left: {count}',
  'workshop.full': 'Full',
  'workshop.points': '{points} points for checking in',
  'workshop.signedUpMark': '✅ You signed up',
  'workshop.checkedInMark': '✅ You checked in',
  'workshop.signedUp':
    'Done: you signed up for **{title}** (no. {number}, {when}). I will remind you 15 minutes before. On the day, check in with the code the host shows: **check in CODE**.',
  'workshop.cancelled': 'Your seat at **{title}** (no. {number}, {when}) is cancelled.',
  'announcement.banner': '📣 Announcement from the challenge organisers',
  'announcement.previewBanner': 'Preview: only you get this message.',
  'announcement.compose.title': '📣 New announcement',
  'announcement.compose.intro':
    'It goes to the chat of each chosen agent, one card each, between {from} and {to}.',
  'announcement.compose.titleLabel': 'Title ({max} characters at most)',
  'announcement.compose.textLabel': 'Text ({max} characters at most)',
  'announcement.compose.linkLabel': 'Link button, optional: its label',
  'announcement.compose.linkUrl': 'Link address (https://…)',
  'announcement.compose.audience': 'To',
  'announcement.compose.help':
    'Formatting: **bold**, *italics*, a line starting with "- " or "1. " for a list, [text](https://…) for a link.',
  'announcement.audience.all': 'Everyone',
  'announcement.audience.team': 'Team {name}',
  'announcement.audience.direction': 'Direction {name}',
  'announcement.invalid.title':
    'The title is required, fits on one line and has {limit} characters at most.',
  'announcement.invalid.text': 'The text is required and has {limit} characters at most.',
  'announcement.invalid.link.label': 'The link button needs a label of {limit} characters at most.',
  'announcement.invalid.link.url':
    'The link address must start with https:// ({limit} characters at most).',
  'announcement.invalid.audience': 'Please choose who gets it.',
  'announcement.invalid.characters': 'The field “{field}” holds invisible characters.',
  'error.announcement_invalid': 'This announcement is not valid.',
  'error.audience_unknown': 'These recipients do not exist (or no longer do).',
  'error.audience_empty': 'Nobody in this audience can be reached: nothing is sent.',
  'error.announcement_unknown': 'I cannot find this announcement.',
  'error.send_finished':
    'This announcement already went to everyone: there is nothing left to stop.',
  'announcement.preview.title': 'Preview of your announcement',
  'announcement.preview.to': 'To: {audience} ({count} agent(s))',
  'announcement.preview.later': 'It is late: it will go out at {time}, not before.',
  'announcement.send': 'Send to {count} agent(s)',
  'announcement.edit': 'Edit',
  'announcement.discard': 'Discard',
  'announcement.discarded': 'Announcement discarded: nothing was sent.',
  'announcement.report.title': 'Sending the announcement “{title}”',
  'announcement.report.sending': '⏳ Sending',
  'announcement.report.waiting': '🌙 Waiting: the send starts at {time}',
  'announcement.report.done': '✅ Send finished',
  'announcement.report.stopped': '⏹️ Send stopped: what went out is counted below',
  'announcement.report.to': 'To',
  'announcement.report.sent': 'Received',
  'announcement.report.failed': 'Failed',
  'announcement.report.skipped': 'Not sent',
  'announcement.report.pending': 'Waiting',
  'announcement.report.figure': '{count} of {total}',
  'announcement.report.why': 'Why some sends failed:',
  'announcement.report.reason.unreachable':
    '{count}: the app is no longer installed for these agents (or Teams refuses them)',
  'announcement.report.reason.throttled':
    '{count}: Teams had no room for them, even after several tries',
  'announcement.report.reason.teams':
    '{count}: Teams answered with an error ({detail}), even after several tries',
  'announcement.report.reason.network': '{count}: Teams could not be reached ({detail})',
  'announcement.report.reason.other': '{count}: {detail}',
  'announcement.report.updated': 'Updated at {time}',
  'announcement.report.already': 'This announcement already went out today: nothing more is sent.',
  'announcement.refresh': 'Refresh',
  'announcement.cancel': 'Stop the send',
  'workshop.reminder.title': 'Reminder: {title} starts at {time}',
  'workshop.reminder.place': 'Place: {place}',
  'workshop.reminder.online': 'Online: {link}',
  'workshop.reminder.checkin':
    'On the day, check in with the code the host shows: type it below, or write **check in CODE**.',
  'checkin.title': 'Check in at a workshop',
  'checkin.input': 'Code the host shows (6 characters)',
  'checkin.input.placeholder': 'For example: K7M2QX',
  'checkin.done': '✅ Checked in at **{title}**: +{points} point(s) for your team {team}.',
  'checkin.done.noTeam':
    '✅ Checked in at **{title}**: +{points} point(s). You are in no team: this check-in counts for no team until you join one.',
  'rank.first': '#1',
  'rank.nth': '#{rank}',
  'podium.title': '🏆 Digital challenge podium',
  'podium.intro': 'The teams at the top of the ranking:',
  'podium.rank.1': '1st',
  'podium.rank.2': '2nd',
  'podium.rank.3': '3rd',
  'podium.rank.n': '{rank}th',
  'podium.place': '{medal} **{rank}** · {team} · score {score}',
  'podium.tied': 'tied',
  'podium.rule':
    'The rule: a team’s score is its members’ points divided by its number of members (at least {min}); the most committed team wins, not the biggest.',
  'podium.preview': 'Preview: only you can see this card.',
  'podium.publish': 'Publish to everyone ({agents} agents and {channels} team channels)',
  'podium.published': '✅ Podium published to {total} recipient(s).',
  'podium.publishing': '⏳ Publishing: the podium is on its way to every agent and team channel.',
  'podium.alreadyPublished': 'This podium was already published: nothing more is sent.',
  'error.podium_empty': 'No team has scored a point yet: no podium for now.',
  'organiser.granted': 'You are an organiser (local mode only).',
  'organiser.refused': 'This command only exists in local mode.',
  'error.tooLong': 'Your message is too long: {max} characters at most, please.',
  'error.empty': 'I received nothing. Type **help** to see what I can do.',
  'error.badAction':
    'I did not understand this action: nothing was done. Type **help** to see what I can do.',
  'error.team_name_invalid.length': 'A team name must be {min} to {max} characters long.',
  'error.team_name_invalid.characters':
    'A team name may only hold letters, digits, spaces and simple punctuation.',
  'error.team_name_taken': 'The name “{name}” is taken. Please choose another.',
  'error.team_code_unknown': 'No team has this code. Please check it (6 characters, no O or 0).',
  'error.team_full': 'Team {team} is full ({max} members at most).',
  'error.already_in_team': 'You are already in team {team}. Leave it first to change.',
  'error.already_in_team.other': 'This person is already in team {team}.',
  'error.not_in_team': 'You are not in a team.',
  'error.teams_closed':
    'The challenge has started: teams can no longer change. An organiser can help you.',
  'error.not_organiser': 'This action is for organisers only.',
  'error.agent_unknown': 'I do not know this person: they must install the app first.',
  'error.challenge_missing': 'No challenge is running at the moment.',
  'error.quiz_unknown': 'This quiz does not exist or belongs to another challenge.',
  'error.quiz_not_open': 'This quiz is not open yet. It will arrive here at {time}.',
  'error.quiz_closed': 'This quiz closed at {time}: the answer was not counted.',
  'error.quiz_closed.challenge_over':
    'The challenge ended on {date} in the evening: this answer was not counted. Thank you for playing 🌱',
  'error.question_unknown': 'This question is not in the quiz.',
  'error.choice_invalid': 'Please pick one of the proposed answers.',
  'error.already_answered': 'You already answered this question: only the first answer counts.',
  'error.workshop_unknown':
    'I cannot find workshop “{reference}”. Type **workshops** to see the programme and its numbers.',
  'error.workshop_unknown.number':
    'There is no workshop no. {number} in the programme: nothing changed. Type **workshops** to see the numbers.',
  'error.workshop_code_unknown':
    'Code “{code}” matches no workshop. Please check it (6 characters, no O or 0): {left} attempt(s) left.',
  'error.workshop_code_unknown.locked':
    'Code “{code}” matches no workshop. Too many wrong codes: try again from {time}.',
  'error.workshop_full': '“{workshop}” is full ({max} seats).',
  'error.signup_closed':
    '“{workshop}” has started: sign-ups no longer change. You can still check in on the spot.',
  'error.already_signed_up': 'You already signed up for “{workshop}”.',
  'error.not_signed_up': 'You have not signed up for “{workshop}”.',
  'error.checkin_not_open':
    'Check-in for “{workshop}” is not open yet: it opens on {date} at {time}.',
  'error.checkin_closed':
    'Check-in for “{workshop}” closed on {date} at {time}: it was not counted.',
  'error.checkin_locked': 'Too many wrong codes: try again from {time}.',
  'error.already_checked_in':
    'You already checked in at “{workshop}” (at {time}): only the first check-in counts, nothing changed.',
  'error.attendance_invalid':
    'Attendance by hand: choose 1 to {max} agents at a time, by their id. Nothing was counted.',
  'error.generic': 'Oops, something went wrong. Please try again in a moment.',
};

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export type { MessageKey };

/** The message in the agent's language, with `{name}` placeholders filled. */
export function t(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? `{${name}}` : String(params[name]),
  );
}

/** A rank in words: "1re", "3e" / "#1", "#3". */
export function rankText(locale: Locale, rank: number): string {
  return rank === 1 ? t(locale, 'rank.first') : t(locale, 'rank.nth', { rank });
}

/** A spec score ("4.33") as people write it in the agent's language ("4,33" in French). */
export function scoreText(locale: Locale, score: string): string {
  return locale === 'fr' ? score.replace('.', ',') : score;
}

/** The bot's one set of date formatters, built once per locale (building one costs more than using it). */
const dayInWords: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
};
const dayFormats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', dayInWords),
  en: new Intl.DateTimeFormat('en-GB', dayInWords),
};

/** A local date (YYYY-MM-DD) in words: "mardi 24 novembre" / "Tuesday 24 November". */
export function dateText(locale: Locale, date: string): string {
  const key = `${locale}|${date}`;
  let text = datesInWords.get(key);
  if (text === undefined) {
    text = /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? dayFormats[locale].format(new Date(`${date}T12:00:00Z`))
      : date;
    // Every quiz card says the same few dates (a challenge's days): each is formatted once (`format` cost ≈ 1 %
    // of the app's CPU per answer). Emptied past a year of dates.
    if (datesInWords.size >= 1000) datesInWords.clear();
    datesInWords.set(key, text);
  }
  return text;
}
const datesInWords = new Map<string, string>();

/** When a workshop takes place, in the agent's words: "mardi 24 novembre, 14:00–16:00". */
export function workshopWhen(
  locale: Locale,
  workshop: Pick<Workshop, 'startsAt' | 'endsAt'>,
  timeZone: string,
): string {
  const start = Date.parse(workshop.startsAt);
  const end = Date.parse(workshop.endsAt);
  const params = {
    date: dateText(locale, localDate(start, timeZone)),
    start: localTime(start, timeZone),
    end: localTime(end, timeZone),
    endDate: dateText(locale, localDate(end, timeZone)),
  };
  return t(
    locale,
    localDate(start, timeZone) === localDate(end, timeZone)
      ? 'workshop.when'
      : 'workshop.when.days',
    params,
  );
}

/** A workshop's format in words ("Conférence", "Talk"): the names the tab shows too. */
export function formatText(locale: Locale, format: Workshop['format']): string {
  return workshopFormatName(format, locale);
}

/** Text values made literal in Markdown (numbers need nothing): the one escaping of what people wrote. */
export function markdownSafe(
  params: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'string' ? escapeMarkdown(value) : value,
    ]),
  );
}

/** What to tell an agent about a refused action, in plain words. */
export function errorText(locale: Locale, error: unknown): string {
  if (!(error instanceof DomainError)) return t(locale, 'error.generic');
  // Details repeat what people typed or organisers wrote (a workshop's title, a team's name, a code): bot text is
  // Markdown in Teams, so they are shown as written, never as links or formatting.
  const params = markdownSafe(error.details);
  switch (error.code) {
    case 'team_name_invalid':
      return t(
        locale,
        error.details.reason === 'length'
          ? 'error.team_name_invalid.length'
          : 'error.team_name_invalid.characters',
        params,
      );
    case 'workshop_unknown':
      // A number typed from a list: say plainly that no workshop has it, so nobody thinks a seat changed.
      return t(
        locale,
        error.details.number !== undefined
          ? 'error.workshop_unknown.number'
          : 'error.workshop_unknown',
        params,
      );
    case 'workshop_code_unknown':
      return t(
        locale,
        error.details.time !== undefined
          ? 'error.workshop_code_unknown.locked'
          : 'error.workshop_code_unknown',
        params,
      );
    case 'quiz_closed':
      return error.details.reason === 'challenge_over'
        ? t(locale, 'error.quiz_closed.challenge_over', {
            date: dateText(locale, String(error.details.date)),
          })
        : t(locale, 'error.quiz_closed', params);
    case 'checkin_not_open':
    case 'checkin_closed':
      return t(locale, `error.${error.code}`, {
        ...params,
        date: dateText(locale, String(error.details.date)),
      });
    case 'invalid_snapshot':
    case 'invalid_import':
    case 'conflict':
      return t(locale, 'error.generic');
    default:
      return t(locale, `error.${error.code}` as MessageKey, params);
  }
}
