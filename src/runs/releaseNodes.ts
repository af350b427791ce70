// A release's nodes (their names): batches, runs and run metrics name nodes by uuid or slug only, the
// release they ran has the names. One request per release for the whole extension, kept until the
// connection changes (a release's graph does not change once it has run).
import type { CargoClient, CargoNode } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { SharedPromise } from '../core/sharedPromise';

/** What a report needs of the cache: a release's nodes, asked of Cargo once. */
export interface ReleaseNodesSource {
  /** Rejects when the release cannot be read (the next call asks again). `onRequest` hears when Cargo is asked. */
  nodesOf(client: CargoClient, releaseUuid: string, onRequest?: () => void): Promise<readonly CargoNode[]>;
}

export class ReleaseNodes implements ReleaseNodesSource, Disposable {
  private readonly releases = new Map<string, SharedPromise<readonly CargoNode[]>>();
  private readonly subscription: Disposable;

  constructor(clients: Pick<ClientSource, 'onDidChange'>) {
    // Another token or base URL may see other releases, or none.
    this.subscription = clients.onDidChange(() => this.releases.clear());
  }

  /** No AbortSignal: the answer is shared by whoever asks next. */
  nodesOf(client: CargoClient, releaseUuid: string, onRequest?: () => void): Promise<readonly CargoNode[]> {
    let release = this.releases.get(releaseUuid);
    if (!release) {
      release = new SharedPromise();
      this.releases.set(releaseUuid, release);
    }
    return release.get(async () => {
      onRequest?.();
      return (await client.getRelease(releaseUuid)).nodes ?? [];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.releases.clear();
  }
}
