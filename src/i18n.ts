/** The languages the bot answers in: French by default, English for English Discord clients. */
export type Language = 'fr' | 'en';

/** French unless the Discord locale is an English one (`en-US`, `en-GB`). */
export function languageOf(discordLocale: string | null | undefined): Language {
  return discordLocale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const fr = {
  ministries: (count: number) => (count > 1 ? 'Ministères partenaires' : 'Ministère partenaire'),
  signedOn: 'Signée le',
  period: 'Période',
  noPeriod: 'Non précisée',
  axes: 'Axes',
  results: 'Bilan de la convention précédente',
  goals: 'Objectifs chiffrés',
  continued: '(suite)',
  source: 'Source',
  sourceLink: 'Lire la page source',
  otherMatches: 'Autres conventions correspondantes',
  resultCount: (count: number, query: string) =>
    `${plural(count, 'convention correspond', 'conventions correspondent')} à « ${query} »`,
  matchingAxes: (count: number) => plural(count, 'axe correspondant', 'axes correspondants'),
  axisCount: (count: number) => plural(count, 'axe', 'axes'),
  reviewPointCount: (count: number) => plural(count, 'point de bilan', 'points de bilan'),
  noResultTitle: 'Aucune convention trouvée',
  noResult: (query: string) => `Aucune convention ne correspond à « ${query} ».`,
  didYouMean: 'Vouliez-vous dire :',
  tryInstead: 'Essayez par exemple :',
  inService: (labels: readonly string[]) =>
    labels.length === 1
      ? `Convention disponible : ${labels.join(', ')}. \`/conventions\` la présente.`
      : `Conventions disponibles : ${labels.join(', ')}. \`/conventions\` les présente.`,
  emptyQuery: 'Indiquez un sujet, par exemple `/convention sujet:transports`.',
  ministryTitle: (query: string) => `Qui s’occupe de « ${query} » ?`,
  ministryIntro: 'Ministères classés du plus au moins concerné, avec les axes qui le montrent :',
  agreementOf: (date: string) => `Convention du ${date}`,
  evidence: 'Axes',
  noEvidence: 'Le sujet figure dans l’intitulé ou le contexte de la convention.',
  overviewTitle: 'Les conventions interministérielles d’objectifs',
  overviewIntro: (count: number) =>
    `${plural(count, 'convention signée', 'conventions signées')} entre le ministère chargé de la Ville et ses partenaires.`,
  overviewFooter: 'Tapez /convention sujet:<texte> pour chercher dans les axes.',
  everyAgreement: (query: string) => `Toutes les conventions portent sur « ${query} » : les voici.`,
  helpTitle: 'Aide',
  helpIntro:
    'Ce bot cherche dans les conventions interministérielles d’objectifs de la politique de la ville : qui s’occupe de quoi, quels axes, quels objectifs.',
  helpCommands: 'Commandes',
  helpData: 'Données',
  helpDataText: (url: string, count: number) =>
    `${plural(count, 'convention', 'conventions')} issues de la page « Conventions interministérielles d’objectifs » du CGET : ${url}`,
  helpTips: 'Astuces',
  helpTipsText:
    'Accents et majuscules sont facultatifs, les fautes de frappe sont corrigées, et les mots courants (police, bus, chômage, école…) sont reconnus.',
  errorTitle: 'Une erreur est survenue',
  error: (reference: string) =>
    `La commande n’a pas pu aboutir. Réessayez dans un instant ; si cela persiste, signalez la référence \`${reference}\`.`,
  unknownCommand: (name: string) => `La commande « ${name} » n’existe pas ou n’est plus disponible.`,
  previous: 'Précédent',
  next: 'Suivant',
  position: (index: number, total: number) => `Résultat ${index} sur ${total}`,
  jumpPlaceholder: 'Aller à une convention…',
  openPlaceholder: 'Ouvrir une convention…',
  suggestionPlaceholder: 'Choisir une suggestion…',
  share: 'Partager dans le salon',
  sharedBy: (user: string) => `Partagé par ${user}`,
  addressedTo: (user: string) => `${user}, ceci pourrait vous intéresser :`,
  notYourControl:
    'Seule la personne qui a posé la question peut utiliser ces boutons. Lancez votre propre recherche avec /convention.',
  staleControl:
    'Ce bouton vient d’une ancienne version du bot. Relancez la commande pour obtenir une réponse à jour.',
  malformedControl: 'Ce bouton n’est pas valide. Relancez la commande.',
  noLongerAvailable: 'Cette convention n’est plus dans les données. Relancez la commande.',
  cooldown: (retryAt: number) =>
    `Vous avez lancé beaucoup de commandes en peu de temps : réessayez <t:${retryAt}:R>.`,
  reloadTitle: 'Données rechargées',
  reloadUnchanged: 'Aucun changement : les données sont identiques.',
  reloadFailedTitle: 'Données refusées',
  reloadFailed: (count: number) =>
    `${plural(count, 'problème', 'problèmes')} : l’index précédent reste en service.`,
  reloadAdded: 'Ajoutées',
  reloadRemoved: 'Retirées',
  reloadChanged: 'Modifiées',
  reloadSummary: (conventions: number, axes: number) =>
    `${plural(conventions, 'convention', 'conventions')}, ${plural(axes, 'axe', 'axes')} en service.`,
  axesDiff: (added: number, removed: number) => `axes : +${added} / −${removed}`,
  reloadUnavailable:
    'Le rechargement n’est pas disponible ici : relancez le bot pour prendre en compte les nouvelles données.',
  andMore: (count: number) => `… et ${count} autres`,
} as const;

type Messages = {
  [K in keyof typeof fr]: (typeof fr)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : string;
};

const en: Messages = {
  ministries: (count: number) => (count > 1 ? 'Partner ministries' : 'Partner ministry'),
  signedOn: 'Signed on',
  period: 'Period',
  noPeriod: 'Not stated',
  axes: 'Objectives',
  results: 'Results of the previous agreement',
  goals: 'Quantified goals',
  continued: '(continued)',
  source: 'Source',
  sourceLink: 'Read the source page',
  otherMatches: 'Other matching agreements',
  resultCount: (count: number, query: string) =>
    `${plural(count, 'agreement matches', 'agreements match')} “${query}”`,
  matchingAxes: (count: number) => plural(count, 'matching objective', 'matching objectives'),
  axisCount: (count: number) => plural(count, 'objective', 'objectives'),
  reviewPointCount: (count: number) => plural(count, 'review point', 'review points'),
  noResultTitle: 'No agreement found',
  noResult: (query: string) => `No agreement matches “${query}”.`,
  didYouMean: 'Did you mean:',
  tryInstead: 'Try for example:',
  inService: (labels: readonly string[]) =>
    labels.length === 1
      ? `Agreement available: ${labels.join(', ')}. \`/agreements\` lists it.`
      : `Agreements available: ${labels.join(', ')}. \`/agreements\` lists them.`,
  emptyQuery: 'Give a topic, for example `/convention topic:transports`.',
  ministryTitle: (query: string) => `Who covers “${query}”?`,
  ministryIntro: 'Ministries ranked from most to least concerned, with the objectives that show it:',
  agreementOf: (date: string) => `Agreement of ${date}`,
  evidence: 'Objectives',
  noEvidence: 'The topic appears in the title or context of the agreement.',
  overviewTitle: 'The interministerial objective agreements',
  overviewIntro: (count: number) =>
    `${plural(count, 'agreement', 'agreements')} signed between the ministry in charge of urban policy (la Ville) and its partners.`,
  overviewFooter: 'Type /convention topic:<text> to search the objectives.',
  everyAgreement: (query: string) => `Every agreement is about “${query}”: here they all are.`,
  helpTitle: 'Help',
  helpIntro:
    'This bot searches the French “conventions interministérielles d’objectifs” of urban policy: which ministry covers what, with which objectives. The agreements themselves are in French.',
  helpCommands: 'Commands',
  helpData: 'Data',
  helpDataText: (url: string, count: number) =>
    `${plural(count, 'agreement', 'agreements')} from the CGET page “Conventions interministérielles d’objectifs”: ${url}`,
  helpTips: 'Tips',
  helpTipsText:
    'Accents and capitals are optional, typos are corrected, and everyday words (police, bus, jobs, school…) are understood, in French or English.',
  errorTitle: 'Something went wrong',
  error: (reference: string) =>
    `The command could not complete. Try again in a moment; if it keeps happening, report reference \`${reference}\`.`,
  unknownCommand: (name: string) => `The command “${name}” does not exist or is no longer available.`,
  previous: 'Previous',
  next: 'Next',
  position: (index: number, total: number) => `Result ${index} of ${total}`,
  jumpPlaceholder: 'Go to an agreement…',
  openPlaceholder: 'Open an agreement…',
  suggestionPlaceholder: 'Pick a suggestion…',
  share: 'Share in the channel',
  sharedBy: (user: string) => `Shared by ${user}`,
  addressedTo: (user: string) => `${user}, this may interest you:`,
  notYourControl: 'Only the person who asked can use these buttons. Run your own search with /convention.',
  staleControl:
    'This button comes from an older version of the bot. Run the command again for an up-to-date answer.',
  malformedControl: 'This button is not valid. Run the command again.',
  noLongerAvailable: 'This agreement is no longer in the data. Run the command again.',
  cooldown: (retryAt: number) =>
    `You have run a lot of commands in a short time: try again <t:${retryAt}:R>.`,
  reloadTitle: 'Data reloaded',
  reloadUnchanged: 'No change: the data is identical.',
  reloadFailedTitle: 'Data refused',
  reloadFailed: (count: number) =>
    `${plural(count, 'problem', 'problems')}: the previous index stays in service.`,
  reloadAdded: 'Added',
  reloadRemoved: 'Removed',
  reloadChanged: 'Changed',
  reloadSummary: (conventions: number, axes: number) =>
    `${plural(conventions, 'agreement', 'agreements')}, ${plural(axes, 'objective', 'objectives')} in service.`,
  axesDiff: (added: number, removed: number) => `objectives: +${added} / −${removed}`,
  reloadUnavailable: 'Reloading is not available here: restart the bot to use the new data.',
  andMore: (count: number) => `… and ${count} more`,
};

/** The strings of the bot's replies in a language. */
export function messages(language: Language): Messages {
  return language === 'en' ? en : fr;
}

export type { Messages };
