import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { formatProblem } from '../../src/data/loader.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { type Harness, startHarness, waitFor } from '../support/bot-harness.js';
import { realEngine } from '../support/fakes.js';
import { chatInputInteraction } from '../support/payloads.js';
import { runScript } from '../support/processes.js';
import { reloaderOver } from '../support/reloading.js';

describe('process-level failures', () => {
  it('logs an unhandled rejection and goes on; logs an uncaught exception, closes, exits 1; never prints the secret', async () => {
    const secret = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
    const { code, stdout, stderr } = await runScript(path.join(import.meta.dirname, 'crash-script.ts'), [], {
      clean: true,
      env: { SECRET: secret },
    });
    const output = stdout + stderr;
    expect(code).toBe(1);
    const messages = output
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual([
      'unhandled promise rejection',
      'still answering after the rejection',
      'uncaught exception: exiting',
      'closing the gateway before exiting',
    ]);
    expect(output).not.toContain(secret);
  }, 20_000);
});

describe('data faults on reload', () => {
  let directory: string;
  let engine: SearchEngine;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'conventions-faults-'));
    engine = await realEngine();
    await writeFile(
      path.join(directory, 'synonyms.json'),
      JSON.stringify({ version: 1, synonyms: {}, ignoredWords: [] }),
    );
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** A reloader over the test directory that starts from the real engine. */
  const reloaderOverDirectory = () => reloaderOver(directory, engine);

  const valid = async () =>
    JSON.parse(
      JSON.stringify((await import('../../data/conventions.json', { with: { type: 'json' } })).default),
    );

  it.each([
    [
      'truncated JSON',
      async () => JSON.stringify(await valid()).slice(0, 300),
      /conventions\.json: invalid JSON at line 1/u,
    ],
    [
      'wrong types',
      async () => {
        const data = await valid();
        data.conventions[0].sections = 'aucune';
        return JSON.stringify(data);
      },
      /conventions\[0\] \(interieur-2017\) › sections: Invalid input: expected array/u,
    ],
    [
      'duplicate ids',
      async () => {
        const data = await valid();
        data.conventions[2].id = 'interieur-2017';
        return JSON.stringify(data);
      },
      /conventions\[2\] \(interieur-2017\) › id: duplicate id/u,
    ],
    [
      'empty axes',
      async () => {
        const data = await valid();
        data.conventions[1].sections[0].items = [];
        return JSON.stringify(data);
      },
      /conventions\[1\] \(education-nationale-2017\) › sections\[0\]\.items: must list at least one item/u,
    ],
    [
      'a 50 MB file',
      async () => ' '.repeat(50 * 1024 * 1024),
      /conventions\.json: is 52428800 bytes, above the 5242880-byte limit/u,
    ],
  ])('refuses %s, names what and where, and keeps the last good index', async (_, content, message) => {
    await writeFile(path.join(directory, 'conventions.json'), await content());
    const { reloader, state, lines } = reloaderOverDirectory();
    const result = await reloader.reload();
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map(formatProblem);
    expect(
      problems.some((problem) => message.test(problem)),
      problems.join('\n'),
    ).toBe(true);
    expect(state.current).toBe(engine);
    expect(lines.some((line) => line.msg === 'data reload refused: keeping the previous index')).toBe(true);
  });

  it('refuses a file that disappeared before the reload read it', async () => {
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, JSON.stringify(await valid()));
    await unlink(file);
    const { reloader, state } = reloaderOverDirectory();
    const result = await reloader.reload();
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/conventions\.json: file not found$/u),
    ]);
    expect(state.current).toBe(engine);
  });

  it('runs reloads one after another, so the last write wins', async () => {
    const file = path.join(directory, 'conventions.json');
    const data = await valid();
    await writeFile(file, JSON.stringify(data));
    const { reloader, state } = reloaderOverDirectory();
    const first = reloader.reload();
    data.conventions = data.conventions.slice(0, 1);
    await writeFile(file, JSON.stringify(data));
    const second = reloader.reload();
    await Promise.all([first, second]);
    expect(state.current.conventions).toHaveLength(1);
  });
});

describe('secrets', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('keeps the token out of logs and replies even when a command fails with it in its message', async () => {
    let token = '';
    const leaky: Command = {
      data: { name: 'fuite', description: 'Échoue avec un secret' },
      help: { fr: { example: '/fuite', description: '' }, en: { example: '/fuite', description: '' } },
      async execute() {
        throw Object.assign(new Error(`request failed: Authorization: Bot ${token}`), {
          token,
          headers: { authorization: `Bot ${token}` },
        });
      },
    };
    harness = await startHarness({ commands: [...commands, leaky] });
    token = harness.fake.token;
    const h = harness;
    const interaction = h.fake.dispatchInteraction(
      chatInputInteraction({ context: h.fake.context, name: 'fuite' }),
    );
    const response = await h.fake.waitForInteractionResponse(interaction.id);
    await waitFor(() => h.logs.some((line) => line.msg === 'command failed'), 'the failure log');
    expect(JSON.stringify(response)).not.toContain(token);
    expect(h.rawLogs.join('\n')).not.toContain(token);
    expect(h.rawLogs.join('\n')).toContain('[REDACTED]');
  });
});
