/**
 * Words that carry no topic, folded (lowercase, no accents). Kept in code rather than in `data/`
 * because they describe the French language and how people phrase a question, not this corpus;
 * corpus-specific noise ("convention", "ministère") lives in the thesaurus file.
 */

/** Elided forms cut off the next word: "l’", "d’", "qu’", "j’"… */
export const FRENCH_ELISIONS: ReadonlySet<string> = new Set([
  'l',
  'd',
  'j',
  'm',
  'n',
  's',
  't',
  'c',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
  'presqu',
]);

const FRENCH = `
au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me
meme mes moi mon ne nos notre nous on ou par pas pour sa se ses son sur ta te tes toi ton tu un une vos votre
vous y contre a ai as avons avez ont est es sont suis etait etaient ete etre avoir fait faire font sera seront soit
sont cela ceci ca celui celle ceux celles ici tout tous toute toutes autre autres aussi bien tres plus
moins peu beaucoup encore deja alors donc car ni si sinon puis comme chez entre vers sous sans selon afin
dont lequel laquelle lesquels lesquelles auquel auxquels duquel desquels sont etc svp stp merci bonjour salut
hello hi please thanks
`;

/** How people ask: "quel ministère s’occupe de…", "qui gère…", "je cherche la convention sur…". */
const QUESTIONS = `
quel quelle quels quelles qui que quoi comment pourquoi quand combien est-ce estce qu quest
occupe occupent occuper soccupe soccupent gere gerent gerer traite traitent traiter concerne concernent
concerner couvre couvrent couvrir parle parlent parler porte portent responsable responsables competent
competente competents charge chargee chargees charges cherche chercher trouver trouve montre
montrer affiche afficher liste lister donne donner voir veux voudrais aimerais besoin savoir sais infos info
information informations sujet sujets theme themes topic topics question questions propos concernant
matiere existe existent
`;

/** English function words, for colleagues who ask in English. */
const ENGLISH = `
the of and in on for to an is are was were be by with from about which who what whom whose how does do
did doing handles handle covers cover deals deal dealing any there their this that these those it its
into at as or not no yes can could would should my our your me we you us i
`;

function words(list: string): string[] {
  return list.split(/\s+/u).filter((word) => word !== '');
}

/** Every stopword, folded. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  ...words(FRENCH),
  ...words(QUESTIONS),
  ...words(ENGLISH),
]);
