/** One directory entry as `ls` shows it. */
export interface DirEntry {
  readonly name: string;
  readonly kind: 'directory' | 'symlink' | 'other';
}

/** What listing a directory gave: the first entries by name, or why it was refused. */
export type Listing =
  | { readonly type: 'entries'; readonly entries: readonly DirEntry[]; readonly more: number }
  | { readonly type: 'error'; readonly message: string };

/** Most entries one `ls` shows; the rest are counted in a `… N more` line. */
export const LIST_CAP = 200;

export interface EntryCollector {
  add(entry: DirEntry): void;
  /** The `cap` first entries by name (code-unit order, like `LC_ALL=C ls`) and how many more there were. */
  result(): Listing;
}

const byName = (a: DirEntry, b: DirEntry): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Keeps the first `cap` entries by name out of any number, in O(cap) memory. */
export function createEntryCollector(cap: number = LIST_CAP): EntryCollector {
  let kept: DirEntry[] = [];
  let total = 0;
  const trim = () => {
    kept.sort(byName);
    if (kept.length > cap) kept = kept.slice(0, cap);
  };
  return {
    add(entry) {
      total++;
      kept.push(entry);
      // Sorting every 2×cap additions keeps the cost O(n log cap) without a heap.
      if (kept.length >= 2 * cap) trim();
    },
    result() {
      trim();
      return { type: 'entries', entries: kept, more: total - kept.length };
    },
  };
}
