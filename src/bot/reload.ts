import { watch } from 'node:fs';
import type { DataProblem } from '../data/loader.js';
import { DATA_FILES } from '../data/loader.js';
import type { Convention } from '../data/schema.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { loadSearchEngine } from '../search/load.js';

/** What changed between two datasets. */
export interface DatasetDiff {
  added: string[];
  removed: string[];
  changed: string[];
  axesAdded: number;
  axesRemoved: number;
}

/** The outcome of a reload: the new index and what changed, or every problem and the old index kept. */
export type ReloadResult =
  | { ok: true; diff: DatasetDiff; conventions: number; axes: number }
  | { ok: false; problems: DataProblem[] };

const itemsOf = (convention: Convention) => convention.sections.flatMap((section) => section.items);

/** Compares agreements by id, and their bullets as a multiset. */
export function diffDatasets(before: readonly Convention[], after: readonly Convention[]): DatasetDiff {
  const old = new Map(before.map((convention) => [convention.id, convention]));
  const next = new Map(after.map((convention) => [convention.id, convention]));
  const diff: DatasetDiff = { added: [], removed: [], changed: [], axesAdded: 0, axesRemoved: 0 };
  const countItems = (items: string[]) =>
    items.reduce((map, item) => map.set(item, (map.get(item) ?? 0) + 1), new Map<string, number>());
  const oldItems = countItems(before.flatMap(itemsOf));
  const newItems = countItems(after.flatMap(itemsOf));
  for (const [item, count] of newItems) diff.axesAdded += Math.max(0, count - (oldItems.get(item) ?? 0));
  for (const [item, count] of oldItems) diff.axesRemoved += Math.max(0, count - (newItems.get(item) ?? 0));
  for (const [id, convention] of next) {
    const previous = old.get(id);
    if (previous === undefined) diff.added.push(id);
    else if (JSON.stringify(previous) !== JSON.stringify(convention)) diff.changed.push(id);
  }
  for (const id of old.keys()) if (!next.has(id)) diff.removed.push(id);
  return diff;
}

/** Options of {@link createReloader}. */
export interface ReloaderOptions {
  dataPath: string;
  logger: Logger;
  current(): SearchEngine;
  /** Installs the new engine; one assignment, so an interaction sees the old index or the new one. */
  swap(next: SearchEngine): void;
}

/** Reloads `data/` on demand or when its files change, keeping the last good index on error. */
export interface Reloader {
  reload(): Promise<ReloadResult>;
  /** Starts watching the data files; returns the function that stops. */
  watch(debounceMs?: number): () => void;
}

export function createReloader(options: ReloaderOptions): Reloader {
  const { dataPath, logger } = options;
  // Reloads run one after another: two at once could install an older index last.
  let queue: Promise<unknown> = Promise.resolve();

  const reloadNow = async (): Promise<ReloadResult> => {
    const loaded = await loadSearchEngine(dataPath);
    if (!loaded.ok) {
      logger.error({ problems: loaded.problems }, 'data reload refused: keeping the previous index');
      return { ok: false, problems: loaded.problems };
    }
    const before = options.current().conventions;
    const next = loaded.value;
    options.swap(next);
    const diff = diffDatasets(before, next.conventions);
    const axes = next.conventions.reduce((sum, convention) => sum + itemsOf(convention).length, 0);
    logger.info({ diff, conventions: next.conventions.length, axes }, 'data reloaded');
    return { ok: true, diff, conventions: next.conventions.length, axes };
  };

  const reload = () => {
    const run = queue.then(reloadNow, reloadNow);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    reload,
    watch(debounceMs = 300) {
      let timer: NodeJS.Timeout | undefined;
      const names = new Set<string>(Object.values(DATA_FILES));
      const watcher = watch(dataPath, (_event, file) => {
        if (file !== null && !names.has(String(file))) return;
        clearTimeout(timer);
        // Editors write in several steps: wait for the writes to settle before reading.
        timer = setTimeout(() => {
          reload().catch((error: unknown) => logger.error({ err: error }, 'data reload failed'));
        }, debounceMs);
      });
      watcher.on('error', (error) => logger.error({ err: error }, 'data watcher failed'));
      return () => {
        clearTimeout(timer);
        watcher.close();
      };
    },
  };
}
