import type { LoadResult } from '../data/loader.js';
import { loadDataDirectory } from '../data/loader.js';
import { SearchEngine } from './engine.js';

/** Loads and validates a data directory and builds its search engine. */
export async function loadSearchEngine(directory: string): Promise<LoadResult<SearchEngine>> {
  const data = await loadDataDirectory(directory);
  if (!data.ok) return data;
  return { ok: true, value: SearchEngine.build(data.value.dataset, data.value.thesaurus) };
}
