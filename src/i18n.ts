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
  noResultTitle: 'Aucune convention trouvée',
  noResult: (query: string) => `Aucune convention ne correspond à « ${query} ».`,
  didYouMean: 'Vouliez-vous dire :',
  tryInstead: 'Essayez par exemple :',
  emptyQuery: 'Indiquez un sujet, par exemple `/convention sujet:transports`.',
  ministryTitle: (query: string) => `Qui s’occupe de « ${query} » ?`,
  ministryIntro: 'Ministères classés du plus au moins concerné, avec les axes qui le montrent :',
  agreement: 'Convention',
  evidence: 'Axes',
  noEvidence: 'Le sujet figure dans l’intitulé ou le contexte de la convention.',
  overviewTitle: 'Les conventions interministérielles d’objectifs',
  overviewIntro: (count: number) =>
    `${plural(count, 'convention signée', 'conventions signées')} entre le ministère chargé de la Ville et ses partenaires.`,
  overviewFooter: 'Tapez /convention sujet:<texte> pour chercher dans les axes.',
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
  noResultTitle: 'No agreement found',
  noResult: (query: string) => `No agreement matches “${query}”.`,
  didYouMean: 'Did you mean:',
  tryInstead: 'Try for example:',
  emptyQuery: 'Give a topic, for example `/convention topic:transports`.',
  ministryTitle: (query: string) => `Who covers “${query}”?`,
  ministryIntro: 'Ministries ranked from most to least concerned, with the objectives that show it:',
  agreement: 'Agreement',
  evidence: 'Objectives',
  noEvidence: 'The topic appears in the title or context of the agreement.',
  overviewTitle: 'The interministerial objective agreements',
  overviewIntro: (count: number) =>
    `${plural(count, 'agreement', 'agreements')} signed between the ministry in charge of urban policy (la Ville) and its partners.`,
  overviewFooter: 'Type /convention topic:<text> to search the objectives.',
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
};

/** The strings of the bot's replies in a language. */
export function messages(language: Language): Messages {
  return language === 'en' ? en : fr;
}

export type { Messages };
