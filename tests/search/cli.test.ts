import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, startScript } from '../support/processes.js';

const root = path.resolve(import.meta.dirname, '../..');

const run = (script: string, args: string[], input?: string) =>
  runScript(script, args, input === undefined ? {} : { input });

describe('npm run search', () => {
  it('prints one JSON object with the results best first', async () => {
    const { code, stdout } = await run('src/cli/search.ts', ['--json', '/convention transports en commun']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      query: string;
      results: Array<{
        id: string;
        title: string;
        ministries: string[];
        signedOn: string;
        score: number;
        axes: Array<{ text: string; highlights: number[][] }>;
      }>;
    };
    expect(answer.query).toBe('/convention transports en commun');
    expect(answer.results[0]).toMatchObject({
      id: 'transports-2017',
      ministries: ['Ministère des Transports'],
      signedOn: '2017-02-08',
    });
    const axis = answer.results[0]?.axes[0];
    expect(axis?.highlights.map(([start, end]) => axis.text.slice(start, end))).toEqual([
      'transports',
      'collectifs',
    ]);
  });

  it('prints results: [] when nothing matches', async () => {
    const { stdout } = await run('src/cli/search.ts', ['--json', 'xqzvbn']);
    expect(JSON.parse(stdout)).toEqual({ query: 'xqzvbn', results: [] });
  });

  it('reads one query per line and prints JSON Lines, in one process', async () => {
    const { code, stdout } = await run(
      'src/cli/search.ts',
      ['--json', '--stdin'],
      'police\npizza\nchômage\n',
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { query: string; results: Array<{ id: string }> });
    expect(lines.map((line) => [line.query, line.results[0]?.id ?? null])).toEqual([
      ['police', 'interieur-2017'],
      ['pizza', null],
      ['chômage', 'emploi-2016'],
    ]);
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    const running = startScript('src/cli/search.ts', ['--json', '--stdin'], {
      input: 'transports\n'.repeat(5000),
    });
    running.child.stdout.once('data', () => running.child.stdout.destroy());
    expect(await running.exited()).toBe(0);
    expect(running.stderr()).not.toContain('EPIPE');
  });

  it('ranks ministries with --ministry', async () => {
    const { stdout } = await run('src/cli/search.ts', ['--json', '--ministry', 'qui s’occupe du chômage ?']);
    const answer = JSON.parse(stdout) as { results: Array<{ ministry: { label: string }; id: string }> };
    expect(answer.results.slice(0, 2).map((result) => result.ministry.label)).toEqual([
      'Emploi',
      'Service public de l’emploi',
    ]);
  });

  it('prints readable text by default', async () => {
    const { stdout } = await run('src/cli/search.ts', ['radicalisation']);
    expect(stdout).toContain('1. Intérieur');
    expect(stdout).toContain('• Soutenir et promouvoir la prévention de la radicalisation');
  });

  it.each([
    [['--bogus', 'x'], /Unknown option '--bogus'/u],
    [[], /missing the query/u],
    [['--limit', 'zero', 'x'], /--limit must be a whole number/u],
    [['--stdin', 'x'], /either a query or --stdin/u],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const { code, stderr } = await run('src/cli/search.ts', args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: npm run search');
  });
});

describe('npm run data:import', () => {
  it('writes exactly the committed dataset from the source page', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'conventions-import-'));
    try {
      const out = path.join(directory, 'conventions.json');
      const { code, stdout } = await run('src/cli/import.ts', [
        'data/source/conventions-interministerielles.txt',
        '--out',
        out,
      ]);
      expect(code).toBe(0);
      expect(stdout).toContain('5 agreements, 18 items');
      expect(await readFile(out, 'utf8')).toBe(
        await readFile(path.join(root, 'data/conventions.json'), 'utf8'),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('names the line of a malformed page and exits 1', async () => {
    const { code, stderr } = await run('src/cli/import.ts', ['README.md', '--out', '/dev/null']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^README\.md:\d+: /u);
  });

  it('exits 2 without a page', async () => {
    const { code, stderr } = await run('src/cli/import.ts', []);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run data:import');
  });
});
