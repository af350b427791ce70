// A list fetched page by page from an offset-paged Cargo endpoint, kept up to date in place: a page
// more is appended (what it costs is the page's, not the list's), an item that changed replaces its
// old self, a new one goes where it belongs.
import { MAX_PAGE_SIZE } from '../api';

export interface Page<T> {
  items: T[];
  /** Total matching, when the endpoint says (runs, records); batches/list does not. */
  total?: number;
}

export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>;

export class PagedList<T extends { readonly uuid: string }> {
  private list: T[] = [];
  /** The items by uuid: what is loaded, found without a walk through it. */
  private readonly byUuid = new Map<string, T>();
  total: number | undefined;
  /** The last load failed with this; the items (if any) are what was there before. */
  error: unknown;
  private changes = 0;
  private loadedOnce = false;
  private endReached = false;
  private pending: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly pageSize: number,
  ) {}

  get items(): readonly T[] {
    return this.list;
  }

  /**
   * Changes when items move: a load from the start, a reload, an insertion, a removal. Appending a page and
   * replacing an item in place leave it, so what was made of the items before still lines up with them.
   */
  get version(): number {
    return this.changes;
  }

  get isLoaded(): boolean {
    return this.loadedOnce;
  }

  /** More items can be fetched: from the total when known, else from whether the last page was full. */
  get hasMore(): boolean {
    if (!this.loadedOnce) return false;
    if (this.total !== undefined) return this.list.length < this.total;
    return !this.endReached;
  }

  get remaining(): number | undefined {
    return this.total === undefined ? undefined : Math.max(0, this.total - this.list.length);
  }

  get(uuid: string): T | undefined {
    return this.byUuid.get(uuid);
  }

  /** The first page, once; concurrent callers share one request. */
  ensureLoaded(): Promise<void> {
    if (this.loadedOnce && this.error === undefined) return Promise.resolve();
    return this.run(false, undefined, async (signal) => {
      const page = await this.fetchPage(0, this.pageSize, signal);
      signal.throwIfAborted();
      this.setItems(page.items);
      this.total = page.total;
      this.endReached = page.items.length < this.pageSize;
    });
  }

  /** The next page, appended. */
  loadMore(): Promise<void> {
    if (!this.loadedOnce) return this.ensureLoaded();
    return this.run(false, undefined, async (signal) => {
      const page = await this.fetchPage(this.list.length, this.pageSize, signal);
      signal.throwIfAborted();
      for (const item of page.items) {
        // An item already here moved down the list (newer ones came first): keep the one copy.
        if (this.byUuid.has(item.uuid)) continue;
        this.list.push(item);
        this.byUuid.set(item.uuid, item);
      }
      this.total = page.total;
      this.endReached = page.items.length < this.pageSize;
    });
  }

  /** Puts a newer copy of an item in its place; false when the list does not hold it. */
  replace(item: T): boolean {
    const old = this.byUuid.get(item.uuid);
    if (old === undefined) return false;
    this.list[this.list.indexOf(old)] = item;
    this.byUuid.set(item.uuid, item);
    return true;
  }

  /** Takes an item out (it no longer belongs: a filter it stopped matching), counting it out of the total. */
  remove(uuid: string): boolean {
    const old = this.byUuid.get(uuid);
    if (old === undefined) return false;
    this.list.splice(this.list.indexOf(old), 1);
    this.byUuid.delete(uuid);
    if (this.total !== undefined) this.total = Math.max(0, this.total - 1);
    this.changes++;
    return true;
  }

  /**
   * Inserts items the list did not hold where `before` (the list's order) puts them, counting them in
   * the total when it is known. Items it holds already are left out. Resolves to how many went in.
   */
  insert(items: readonly T[], before: (a: T, b: T) => boolean): number {
    let inserted = 0;
    for (const item of items) {
      if (this.byUuid.has(item.uuid)) continue;
      let at = this.list.findIndex((other) => before(item, other));
      if (at < 0) at = this.list.length;
      this.list.splice(at, 0, item);
      this.byUuid.set(item.uuid, item);
      inserted++;
    }
    if (inserted > 0) {
      this.changes++;
      if (this.total !== undefined) this.total += inserted;
    }
    return inserted;
  }

  /**
   * Fetches again everything shown so far (at least one page), in as few requests as Cargo allows,
   * and replaces the items; an item that did not change (`same`) stays the object it was. Resolves to
   * whether anything differs; rejects (leaving the items alone) when the reload fails.
   */
  async reload(same: (a: T, b: T) => boolean, signal?: AbortSignal): Promise<boolean> {
    if (this.pending) await this.pending;
    const wanted = Math.max(this.list.length, this.pageSize);
    let changed = false;
    await this.run(true, signal, async (signal) => {
      const items: T[] = [];
      let total: number | undefined;
      let lastPageFull = true;
      while (items.length < wanted && lastPageFull) {
        const limit = Math.min(MAX_PAGE_SIZE, wanted - items.length);
        const page = await this.fetchPage(items.length, limit, signal);
        for (const item of page.items) {
          const old = this.byUuid.get(item.uuid);
          items.push(old !== undefined && same(old, item) ? old : item);
        }
        total = page.total;
        lastPageFull = page.items.length === limit;
        if (total !== undefined && items.length >= total) break;
      }
      signal.throwIfAborted();
      changed = total !== this.total || items.length !== this.list.length || items.some((item, i) => item !== this.list[i]);
      if (changed) this.setItems(items);
      this.total = total;
      this.endReached = !lastPageFull;
    });
    return changed;
  }

  dispose(): void {
    this.controller?.abort();
  }

  private setItems(items: T[]): void {
    this.list = [];
    this.byUuid.clear();
    for (const item of items) {
      if (this.byUuid.has(item.uuid)) continue;
      this.list.push(item);
      this.byUuid.set(item.uuid, item);
    }
    this.changes++;
  }

  /**
   * One load at a time. A failed load the user asked for is kept in `error` (the tree shows it
   * with Retry); a failed background reload (`rethrow`) leaves the list as it was and rejects.
   */
  private run(rethrow: boolean, external: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.pending) return this.pending;
    const controller = new AbortController();
    this.controller = controller;
    // Removed when the load ends: a long-lived signal (the poller's) would collect one listener per list.
    const abort = () => controller.abort();
    external?.addEventListener('abort', abort, { once: true });
    const pending = (async () => {
      try {
        await work(controller.signal);
        this.error = undefined;
        this.loadedOnce = true;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (rethrow) throw error;
        this.error = error;
      } finally {
        external?.removeEventListener('abort', abort);
        if (this.controller === controller) this.pending = undefined;
      }
    })();
    this.pending = pending;
    return pending;
  }
}
