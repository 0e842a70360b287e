/**
 * Cuts text to at most `max` characters, ending with "…", at a word boundary when one is near.
 * Never leaves half of a surrogate pair or a dangling escape backslash behind.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  if (max === 1) return '…';
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${kept
    .replace(/[\uD800-\uDBFF]$/u, '')
    .replace(/\\+$/u, '')
    .trimEnd()}…`;
}
