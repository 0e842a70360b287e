import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/search/engine.js';
import { waitFor } from '../support/bot-harness.js';
import { realEngine } from '../support/fakes.js';
import { reloaderOver } from '../support/reloading.js';

const DATA = path.resolve(import.meta.dirname, '../../data');
const DEBOUNCE_MS = 50;

interface Dataset {
  conventions: unknown[];
}

let directory: string;
let engine: SearchEngine;
let dataset: Dataset;
let synonyms: string;
const stops: Array<() => void> = [];

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'conventions-watch-'));
  engine = await realEngine();
  dataset = JSON.parse(await readFile(path.join(DATA, 'conventions.json'), 'utf8')) as Dataset;
  synonyms = await readFile(path.join(DATA, 'synonyms.json'), 'utf8');
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await rm(directory, { recursive: true, force: true });
});

/** A reloader over the test directory, watching it; starts from the real engine. */
function watching() {
  const { reloader, state, lines } = reloaderOver(directory, engine);
  stops.push(reloader.watch(DEBOUNCE_MS));
  const reloads = () => lines.filter((line) => line.msg === 'data reloaded').length;
  return { state, reloads };
}

/** Writes a timestamped directory of data files, as Kubernetes' atomic writer does. */
async function version(name: string, conventions: unknown[]): Promise<void> {
  await mkdir(path.join(directory, name));
  await writeFile(
    path.join(directory, name, 'conventions.json'),
    JSON.stringify({ ...dataset, conventions }),
  );
  await writeFile(path.join(directory, name, 'synonyms.json'), synonyms);
}

/**
 * The layout of a mounted ConfigMap: each file is a symlink through `..data`, itself a symlink to
 * the current timestamped directory.
 */
async function configMap(): Promise<void> {
  await version('..2024_01_01_00_00_00.000000001', dataset.conventions);
  await symlink('..2024_01_01_00_00_00.000000001', path.join(directory, '..data'));
  for (const file of ['conventions.json', 'synonyms.json'])
    await symlink(path.join('..data', file), path.join(directory, file));
}

/** A ConfigMap update: a new timestamped directory, `..data` swapped to it atomically by a rename. */
async function swapConfigMap(conventions: unknown[]): Promise<void> {
  await version('..2024_01_02_00_00_00.000000002', conventions);
  await symlink('..2024_01_02_00_00_00.000000002', path.join(directory, '..data_tmp'));
  await rename(path.join(directory, '..data_tmp'), path.join(directory, '..data'));
  await rm(path.join(directory, '..2024_01_01_00_00_00.000000001'), { recursive: true });
}

describe('createReloader > watch', () => {
  it('reloads once when a Kubernetes ConfigMap update swaps the ..data symlink', async () => {
    await configMap();
    const { state, reloads } = watching();
    await swapConfigMap(dataset.conventions.slice(0, 2));
    await waitFor(() => state.current.conventions.length === 2, 'the reload after the ..data swap');
    await sleep(DEBOUNCE_MS * 4);
    expect(reloads()).toBe(1);
  });

  it('reloads once, after the writes settle, when a data file is written in several steps', async () => {
    await writeFile(path.join(directory, 'conventions.json'), JSON.stringify(dataset));
    await writeFile(path.join(directory, 'synonyms.json'), synonyms);
    const { state, reloads } = watching();
    const file = path.join(directory, 'conventions.json');
    await writeFile(file, '{ "version": 1, "conventions": [');
    await writeFile(file, JSON.stringify({ ...dataset, conventions: dataset.conventions.slice(0, 3) }));
    await waitFor(() => state.current.conventions.length === 3, 'the reload after the write');
    await sleep(DEBOUNCE_MS * 4);
    expect(reloads()).toBe(1);
  });

  it('does not reload when nothing in the data files changed', async () => {
    await writeFile(path.join(directory, 'conventions.json'), JSON.stringify(dataset));
    await writeFile(path.join(directory, 'synonyms.json'), synonyms);
    const { state, reloads } = watching();
    await writeFile(path.join(directory, 'notes.txt'), 'a file that is not data');
    await writeFile(path.join(directory, 'synonyms.json'), synonyms);
    await sleep(DEBOUNCE_MS * 6);
    expect(reloads()).toBe(0);
    expect(state.current).toBe(engine);
  });
});
