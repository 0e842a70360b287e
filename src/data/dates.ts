/** French month names, January first: the page writes dates as "10 avril 2017". */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** Month number (1–12) of a French month name, with or without accents; undefined if unknown. */
export function frenchMonthNumber(name: string): number | undefined {
  const folded = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const index = FRENCH_MONTHS.findIndex((month) => month.normalize('NFD').replace(/\p{M}/gu, '') === folded);
  return index === -1 ? undefined : index + 1;
}

/** "2017-04-10" → "10 avril 2017" (and "1er" for the first day, as French writes it). */
export function formatFrenchDate(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  const dayNumber = Number(day);
  return `${dayNumber === 1 ? '1er' : dayNumber} ${FRENCH_MONTHS[Number(month) - 1] ?? month} ${year}`;
}

const ENGLISH_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2017-04-10" → "10 April 2017". */
export function formatEnglishDate(isoDate: string): string {
  return ENGLISH_DATE.format(new Date(`${isoDate}T00:00:00Z`));
}
