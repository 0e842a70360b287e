import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeControl, encodeControl } from '../../src/bot/custom-id.js';
import { formatProblem, loadDataDirectory, loadDataset, MAX_DATA_FILE_BYTES } from '../../src/data/loader.js';
import { MAX_ID_LENGTH } from '../../src/data/schema.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const validDataset = JSON.parse(await readFile(path.join(root, 'data/conventions.json'), 'utf8'));
const validThesaurus = await readFile(path.join(root, 'data/synonyms.json'), 'utf8');

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'conventions-data-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a copy of the real dataset changed by `edit`, and the real thesaurus. */
async function writeData(edit: (dataset: typeof validDataset) => unknown): Promise<string> {
  const copy = structuredClone(validDataset);
  const file = path.join(directory, 'conventions.json');
  await writeFile(file, JSON.stringify(edit(copy) ?? copy));
  await writeFile(path.join(directory, 'synonyms.json'), validThesaurus);
  return file;
}

async function problemsOf(file: string): Promise<string[]> {
  const result = await loadDataset(file);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('MAX_ID_LENGTH', () => {
  const id = `${'a'.repeat(MAX_ID_LENGTH - 5)}-2017`;

  it('lets an id be a select-menu value', () => {
    expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.components.selectOptionValue);
  });

  it('lets an id travel whole in a custom_id, after the longest owner and argument', () => {
    const state = {
      command: 'conventions',
      action: 'open',
      owner: '9'.repeat(20),
      argument: '9'.repeat(20),
      text: id,
    } as const;
    expect(decodeControl(encodeControl(state))).toEqual(state);
  });
});

describe('loadDataset', () => {
  it('accepts the committed dataset', async () => {
    const result = await loadDataset(path.join(root, 'data/conventions.json'));
    expect(result.ok && result.value.conventions).toHaveLength(5);
  });

  it.each([
    [
      'a missing field',
      (d: typeof validDataset) => {
        delete d.conventions[1].summary;
      },
      /conventions\[1\] \(education-nationale-2017\) › summary: Invalid input: expected string, received undefined/u,
    ],
    [
      'a wrongly typed field',
      (d: typeof validDataset) => {
        d.conventions[2].period = '2016-2020';
      },
      /conventions\[2\] \(transports-2017\) › period: .*expected object/u,
    ],
    [
      'a duplicate id',
      (d: typeof validDataset) => {
        d.conventions[4].id = 'culture-2017';
      },
      /conventions\[4\] \(culture-2017\) › id: duplicate id "culture-2017" \(already used by conventions\[3\]\)/u,
    ],
    [
      'an impossible date',
      (d: typeof validDataset) => {
        d.conventions[0].signedOn = '2017-02-30';
      },
      /conventions\[0\] \(interieur-2017\) › signedOn: is not a real calendar date/u,
    ],
    [
      'an empty list of axes',
      (d: typeof validDataset) => {
        d.conventions[3].sections[0].items = [];
      },
      /conventions\[3\] \(culture-2017\) › sections\[0\]\.items: must list at least one item/u,
    ],
    [
      'a period that ends before it starts',
      (d: typeof validDataset) => {
        d.conventions[0].period = { from: 2020, to: 2017 };
      },
      /conventions\[0\] \(interieur-2017\) › period\.to: must not end before it starts/u,
    ],
    [
      'a record without a usable id',
      (d: typeof validDataset) => {
        d.conventions[2].id = 42;
      },
      /conventions\[2\] › id: Invalid input: expected string, received number/u,
    ],
    [
      'a document of the wrong shape',
      () => [1, 2, 3],
      /conventions\.json › \(root\): Invalid input: expected object, received array/u,
    ],
  ])('reports %s with the file, the record and the field', async (_, edit, message) => {
    const problems = await problemsOf(await writeData(edit));
    expect(
      problems.some((problem) => message.test(problem)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('refuses an id longer than MAX_ID_LENGTH, naming it', async () => {
    const long = `ministere-de-la-transition-ecologique-et-solidaire-${'x'.repeat(60)}-2017`;
    const problems = await problemsOf(
      await writeData((d) => {
        d.conventions[2].id = long;
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(
      `${path.join(directory, 'conventions.json')} › conventions[2] (${long.slice(0, 59)}…) › id: must be at most ${MAX_ID_LENGTH} characters, not ${long.length}: "${long.slice(0, MAX_ID_LENGTH * 2 - 1)}…"`,
    );
  });

  it('accepts an id of exactly MAX_ID_LENGTH characters', async () => {
    const id = `${'a'.repeat(MAX_ID_LENGTH - 5)}-2017`;
    const file = await writeData((d) => {
      d.conventions[2].id = id;
    });
    expect(await problemsOf(file)).toEqual([]);
  });

  it('reports every problem, one message each, not only the first', async () => {
    const file = await writeData((d) => {
      d.conventions[0].signedOn = 'hier';
      d.conventions[1].ministries = [];
      d.conventions[3].sourceUrl = 'ftp://example.org';
    });
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/signedOn[\s\S]*ministries[\s\S]*sourceUrl/u);
  });

  it('locates invalid JSON by line and column', async () => {
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, '{\n  "version": 1,\n  "source": oops\n}');
    expect(await problemsOf(file)).toEqual([
      expect.stringMatching(
        /conventions\.json: invalid JSON at line 3, column 13 \(at "oops\\n\}"\): Unexpected token/u,
      ),
    ]);
  });

  it('reports a deeply nested file instead of throwing', async () => {
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, '['.repeat(200_000));
    expect((await problemsOf(file))[0]).toMatch(/conventions\.json: invalid JSON/u);
  });

  it('refuses a truncated file', async () => {
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, JSON.stringify(validDataset).slice(0, 500));
    expect((await problemsOf(file))[0]).toMatch(/invalid JSON/u);
  });

  it('refuses a file above the size limit without reading it', async () => {
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, Buffer.alloc(MAX_DATA_FILE_BYTES + 1, 0x20));
    expect(await problemsOf(file)).toEqual([expect.stringMatching(/above the 5242880-byte limit/u)]);
  });

  it('reports a missing file', async () => {
    expect(await problemsOf(path.join(directory, 'absent.json'))).toEqual([
      expect.stringMatching(/absent\.json: file not found$/u),
    ]);
  });
});

describe('loadDataDirectory', () => {
  it('reports the problems of both files at once', async () => {
    await writeFile(path.join(directory, 'conventions.json'), '{');
    await writeFile(
      path.join(directory, 'synonyms.json'),
      JSON.stringify({ version: 1, synonyms: { bus: [] }, ignoredWords: [] }),
    );
    const result = await loadDataDirectory(directory);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/conventions\.json: invalid JSON/u),
      expect.stringMatching(/synonyms\.json › synonyms\.bus: must list at least one expansion/u),
    ]);
  });
});

describe('npm run data:check', () => {
  const check = (dir?: string) =>
    run(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'src/cli/check.ts'), ...(dir ? [dir] : [])],
      {
        cwd: root,
      },
    );

  it('validates the committed data directory', async () => {
    const { stdout } = await check();
    expect(stdout).toMatch(/data\/conventions\.json: 5 agreements, 18 items, valid/u);
  });

  it('exits 1 with one line per problem on bad data', async () => {
    await writeData((d) => {
      d.conventions[0].signedOn = '2017-13-01';
      d.conventions[4].id = 'interieur-2017';
    });
    const failure = await check(directory).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/conventions\[0\] \(interieur-2017\) › signedOn: is not a real calendar date$/u),
      expect.stringMatching(/conventions\[4\] \(interieur-2017\) › id: duplicate id "interieur-2017"/u),
      `2 problem(s) in ${directory}`,
    ]);
  });
});
