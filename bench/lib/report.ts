/**
 * Plain-text tables for the terminal and the evaluation of the targets.
 *
 * @module
 */

/** A target of the issue, the figure it is judged on, and whether it is met. */
export interface TargetResult {
  id: string;
  /** What the issue asks. */
  target: string;
  /** The measured figure(s), in words. */
  measured: string;
  met: boolean;
}

/**
 * A table with a header row, columns sized to their content: text columns aligned left, columns
 * of figures (every cell starts with a digit, a sign or a dash) aligned right.
 */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const numeric = headers.map((_, column) =>
    rows.every((row) => /^[-–+.\d]/u.test(row[column] ?? '') || (row[column] ?? '') === ''),
  );
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric[column] === true ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Bytes as MB (10^6) or kB. */
export function bytes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(1)} MB`;
  return `${(value / 1e3).toFixed(1)} kB`;
}

/** A ratio as `12.3×`. */
export function ratio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value < 0.01) return `${value.toPrecision(2)}×`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

/** A title underlined, for the sections of the terminal output. */
export function heading(title: string): string {
  return `\n${title}\n${'═'.repeat(title.length)}`;
}
