import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { truncate } from '../util/truncate.js';
import { jsonErrorOffset } from './json-syntax.js';
import type { Dataset, Thesaurus } from './schema.js';
import { DatasetSchema, ThesaurusSchema } from './schema.js';

/** Data files are a few kilobytes; anything this large is a mistake, not a dataset. */
export const MAX_DATA_FILE_BYTES = 5 * 1024 * 1024;

/** One thing wrong with a data file, located precisely enough to fix it. */
export interface DataProblem {
  file: string;
  /** The record concerned: its id when it has one, else its index, e.g. `conventions[2] (culture-2017)`. */
  record?: string;
  /** Dotted path of the field inside the record (or the file, when there is no record). */
  field?: string;
  message: string;
}

/** The outcome of reading and validating a data file: the value, or every problem found. */
export type LoadResult<T> = { ok: true; value: T } | { ok: false; problems: DataProblem[] };

/** Renders a problem as one line: `file › record › field: message`. */
export function formatProblem(problem: DataProblem): string {
  const where = [problem.file, problem.record, problem.field].filter(Boolean).join(' › ');
  return `${where}: ${problem.message}`;
}

/**
 * Describes a JSON syntax error as "line L, column C: …" so the message points into an editor.
 * Node 20's messages do not always carry the offset, so the scanner finds it.
 */
function describeJsonError(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\s*in JSON at position.*$/u,
    '',
  );
  let offset: number;
  try {
    offset = jsonErrorOffset(text);
  } catch {
    // A pathologically nested file exhausts the scanner's stack: report it without a position.
    return `invalid JSON: ${message.split('\n')[0]}`;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset >= text.length ? 'end of file' : JSON.stringify(text.slice(offset, offset + 12));
  return `invalid JSON at line ${line}, column ${column} (at ${found}): ${message.split('\n')[0]}`;
}

function pathToString(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? String(segment) : `${text}.${String(segment)}`;
  }, '');
}

/**
 * Splits a zod path into the record (a `conventions[i]` entry, named by its id when it has a
 * usable one) and the field inside it, so messages read "conventions[2] (culture-2017) › signedOn".
 */
function locateIssue(
  issuePath: readonly PropertyKey[],
  input: unknown,
): Pick<DataProblem, 'record' | 'field'> {
  const [collection, index, ...rest] = issuePath;
  if (typeof collection === 'string' && typeof index === 'number') {
    const list = (input as Record<string, unknown> | null)?.[collection];
    const entry = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
    // The id names the record; a runaway one is cut, its own problem names it in full length.
    const id = typeof entry?.id === 'string' && entry.id !== '' ? ` (${truncate(entry.id, 60)})` : '';
    return {
      record: `${collection}[${index}]${id}`,
      field: rest.length > 0 ? pathToString(rest) : undefined,
    };
  }
  return { field: issuePath.length > 0 ? pathToString(issuePath) : '(root)' };
}

/** Validates already-parsed JSON against a schema, reporting every issue with its location. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, file: string): LoadResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue) => ({
    file,
    ...locateIssue(issue.path, input),
    message: issue.message,
  }));
  return { ok: false, problems };
}

/**
 * Reads a JSON data file and validates it: the one door through which data enters the bot.
 * Never throws for bad data; a missing, oversized, unreadable or invalid file is a problem list.
 */
export async function loadJsonFile<T>(schema: z.ZodType<T>, filePath: string): Promise<LoadResult<T>> {
  const relative = path.relative(process.cwd(), filePath);
  const file = relative === '' || relative.startsWith('..') ? filePath : relative;
  let text: string;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return { ok: false, problems: [{ file, message: 'is not a regular file' }] };
    if (info.size > MAX_DATA_FILE_BYTES) {
      return {
        ok: false,
        problems: [{ file, message: `is ${info.size} bytes, above the ${MAX_DATA_FILE_BYTES}-byte limit` }],
      };
    }
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`;
    return { ok: false, problems: [{ file, message }] };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ file, message: describeJsonError(text, error) }] };
  }
  return validate(schema, input, file);
}

/** Loads and validates `conventions.json`. */
export function loadDataset(filePath: string): Promise<LoadResult<Dataset>> {
  return loadJsonFile(DatasetSchema, filePath);
}

/** Loads and validates `synonyms.json`. */
export function loadThesaurus(filePath: string): Promise<LoadResult<Thesaurus>> {
  return loadJsonFile(ThesaurusSchema, filePath);
}

/** The two files of a data directory, both valid. */
export interface DataBundle {
  dataset: Dataset;
  thesaurus: Thesaurus;
}

/** File names inside the data directory. */
export const DATA_FILES = { dataset: 'conventions.json', thesaurus: 'synonyms.json' } as const;

/** Loads both data files of a directory, reporting the problems of both at once. */
export async function loadDataDirectory(directory: string): Promise<LoadResult<DataBundle>> {
  const [dataset, thesaurus] = await Promise.all([
    loadDataset(path.join(directory, DATA_FILES.dataset)),
    loadThesaurus(path.join(directory, DATA_FILES.thesaurus)),
  ]);
  if (dataset.ok && thesaurus.ok)
    return { ok: true, value: { dataset: dataset.value, thesaurus: thesaurus.value } };
  return {
    ok: false,
    problems: [...(dataset.ok ? [] : dataset.problems), ...(thesaurus.ok ? [] : thesaurus.problems)],
  };
}
