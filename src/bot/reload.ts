import { createHash } from 'node:crypto';
import { readFileSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import type { DataProblem } from '../data/loader.js';
import { DATA_FILES, MAX_DATA_FILE_BYTES } from '../data/loader.js';
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

/**
 * What the data files hold, as one string that changes when any of them does: a hash of each
 * file's content (through symlinks, so a Kubernetes ConfigMap's `..data` swap shows), its error
 * code when it cannot be read, or its size and time when it is too large to be data anyway.
 * Synchronous: the files are a few kilobytes, and the baseline must be taken before `watch`
 * returns, or a write right after it would go unseen.
 */
function fingerprint(dataPath: string): string {
  return Object.values(DATA_FILES)
    .map((name) => {
      const file = path.join(dataPath, name);
      try {
        const info = statSync(file);
        if (!info.isFile() || info.size > MAX_DATA_FILE_BYTES) return `${name}:${info.size}:${info.mtimeMs}`;
        return `${name}:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
      } catch (error) {
        return `${name}:${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      }
    })
    .join('\n');
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
  /**
   * Watches the data directory and reloads, debounced, when the data files' content changed
   * (edited in place, replaced, or swapped through a ConfigMap's `..data`); returns the function
   * that stops.
   */
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
      // The directory, not the files by name: a Kubernetes ConfigMap is updated by swapping its
      // `..data` symlink, so the data files never get an event of their own. Any event in the
      // directory is a hint; the files' content decides whether to reload.
      let last = fingerprint(dataPath);
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(dataPath, () => {
        clearTimeout(timer);
        // Editors and the ConfigMap writer change things in several steps: wait for them to settle.
        timer = setTimeout(() => {
          const next = fingerprint(dataPath);
          if (next === last) return;
          last = next;
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
