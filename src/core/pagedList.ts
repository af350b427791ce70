// A list fetched page by page from an offset-paged Cargo endpoint, that can be reloaded in place.
import { MAX_PAGE_SIZE } from '../api';

export interface Page<T> {
  items: T[];
  /** Total matching, when the endpoint says (runs, records); batches/list does not. */
  total?: number;
}

export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>;

export class PagedList<T> {
  items: T[] = [];
  total: number | undefined;
  /** The last load failed with this; the items (if any) are what was there before. */
  error: unknown;
  private loadedOnce = false;
  private endReached = false;
  private pending: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly pageSize: number,
  ) {}

  get isLoaded(): boolean {
    return this.loadedOnce;
  }

  /** More items can be fetched: from the total when known, else from whether the last page was full. */
  get hasMore(): boolean {
    if (!this.loadedOnce) return false;
    if (this.total !== undefined) return this.items.length < this.total;
    return !this.endReached;
  }

  get remaining(): number | undefined {
    return this.total === undefined ? undefined : Math.max(0, this.total - this.items.length);
  }

  /** The first page, once; concurrent callers share one request. */
  ensureLoaded(): Promise<void> {
    if (this.loadedOnce && this.error === undefined) return Promise.resolve();
    return this.run(false, undefined, async (signal) => {
      const page = await this.fetchPage(0, this.pageSize, signal);
      signal.throwIfAborted();
      this.items = page.items;
      this.total = page.total;
      this.endReached = page.items.length < this.pageSize;
    });
  }

  loadMore(): Promise<void> {
    if (!this.loadedOnce) return this.ensureLoaded();
    return this.run(false, undefined, async (signal) => {
      const page = await this.fetchPage(this.items.length, this.pageSize, signal);
      signal.throwIfAborted();
      this.items = [...this.items, ...page.items];
      this.total = page.total;
      this.endReached = page.items.length < this.pageSize;
    });
  }

  /**
   * Fetches again everything shown so far (at least one page), in as few requests as Cargo allows,
   * and replaces the items. Resolves to whether anything differs, compared with `same`; rejects
   * (leaving the items alone) when the reload fails.
   */
  async reload(same: (a: T, b: T) => boolean, signal?: AbortSignal): Promise<boolean> {
    if (this.pending) await this.pending;
    const before = this.items;
    const totalBefore = this.total;
    const wanted = Math.max(this.items.length, this.pageSize);
    await this.run(true, signal, async (signal) => {
      const items: T[] = [];
      let total: number | undefined;
      let lastPageFull = true;
      while (items.length < wanted && lastPageFull) {
        const limit = Math.min(MAX_PAGE_SIZE, wanted - items.length);
        const page = await this.fetchPage(items.length, limit, signal);
        items.push(...page.items);
        total = page.total;
        lastPageFull = page.items.length === limit;
        if (total !== undefined && items.length >= total) break;
      }
      signal.throwIfAborted();
      this.items = items;
      this.total = total;
      this.endReached = !lastPageFull;
    });
    return totalBefore !== this.total || before.length !== this.items.length || before.some((item, i) => !same(item, this.items[i] as T));
  }

  dispose(): void {
    this.controller?.abort();
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
