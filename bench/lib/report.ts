/**
 * Plain-text tables for the terminal and the evaluation of the issue's targets.
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

/** A table before rendering. */
export interface TableData {
  headers: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
}

/** The data of a table, rendered later for the terminal or for Markdown. */
export function tableData(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): TableData {
  return { headers, rows };
}

function isNumericColumn(data: TableData, column: number): boolean {
  return data.rows.every((row) => /^[-–+.\d]/u.test(row[column] ?? '') || (row[column] ?? '') === '');
}

/** A GitHub-flavoured Markdown table, figures aligned right. */
export function markdownTable(data: TableData): string {
  const cell = (text: string) => (text === '' ? ' ' : text.replaceAll('|', '\\|'));
  const header = `| ${data.headers.map(cell).join(' | ')} |`;
  const rule = `| ${data.headers.map((_, column) => (isNumericColumn(data, column) ? '---:' : '---')).join(' | ')} |`;
  return [header, rule, ...data.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/** Titled tables, printed on the terminal and written as Markdown. */
export class ReportBuilder {
  readonly #sections: Array<{ title: string; major: boolean; table?: TableData }> = [];

  /** Starts a section: `major` ones are headings, the others captions. */
  title(text: string, major: boolean): void {
    this.#sections.push({ title: text, major });
  }

  /** The table of the current section. */
  add(data: TableData): void {
    const last = this.#sections.at(-1);
    if (last === undefined) this.#sections.push({ title: '', major: false, table: data });
    else last.table = data;
  }

  /** Everything as plain-text tables. */
  terminal(): string {
    return this.#sections
      .map(
        (section) =>
          `${section.major ? heading(section.title) : `\n${section.title}`}\n${section.table === undefined ? '' : table(section.table.headers, section.table.rows)}`,
      )
      .join('\n');
  }

  /** Everything as Markdown (major sections as `###`, captions in bold). */
  markdown(): string {
    return this.#sections
      .map(
        (section) =>
          `${section.major ? `### ${section.title}` : `**${section.title}**`}\n\n${section.table === undefined ? '' : markdownTable(section.table)}`,
      )
      .join('\n\n');
  }
}
