// One answer shared by every caller until it is dropped; a failure is not kept, so the next caller
// asks again (a connection being built, the workflow names being fetched).

export class SharedPromise<T> {
  private current: Promise<T> | undefined;

  /** The answer in hand or on its way; otherwise `make()`'s, shared from now on (unless it fails). */
  get(make: () => Promise<T>): Promise<T> {
    if (!this.current) {
      const made = make();
      this.current = made;
      made.catch(() => {
        if (this.current === made) this.current = undefined;
      });
    }
    return this.current;
  }

  /** The next caller asks afresh. */
  drop(): void {
    this.current = undefined;
  }
}
