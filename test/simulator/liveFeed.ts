// A workspace that keeps working while someone watches (the demo's `liveEveryMs`): every `everyMs` of the
// simulator's clock a new batch starts, on the workflows in turn, through the same code as POST /batches,
// its runs stepping every `stepMs`. No timer runs: the batches due by a moment are created when a
// request (or startBatch, failures) looks at that moment, each at its own time.
import { createBatch, startBatchBody } from './batches';
import type { World } from './model';
import { rngFor } from './random';

/** After a long quiet spell (a laptop asleep), only the batches of this last stretch are started. */
const MAX_CATCH_UP_MS = 5 * 60_000;

/** Which workflow each batch of the feed runs, in turn, and on what data. */
const TURNS: readonly { workflow: string; kind: 'records' | 'file' | 'recordIds' | 'filter' }[] = [
  { workflow: 'enrichLead', kind: 'records' },
  { workflow: 'newSignups', kind: 'filter' },
  { workflow: 'scoreAccount', kind: 'records' },
  { workflow: 'routeToOwner', kind: 'file' },
  { workflow: 'weeklyAbm', kind: 'recordIds' },
];

export class LiveFeed {
  private nextAt: number;
  private started = 0;

  constructor(
    private readonly world: World,
    private readonly everyMs: number,
    private readonly stepMs: number,
  ) {
    this.nextAt = world.startedAt + everyMs;
  }

  /** Starts the batches due by `now`. */
  catchUp(now: number): void {
    if (now < this.nextAt) return;
    const missed = Math.floor((now - MAX_CATCH_UP_MS - this.nextAt) / this.everyMs);
    if (missed > 0) {
      this.nextAt += missed * this.everyMs;
      this.started += missed;
    }
    for (; this.nextAt <= now; this.nextAt += this.everyMs) createBatch(this.world, this.body(this.started++), this.nextAt, this.stepMs);
  }

  /** The POST /batches body of the feed's `n`th batch: 6 to 14 records. */
  private body(n: number): Record<string, unknown> {
    const world = this.world;
    const turn = TURNS[n % TURNS.length] as (typeof TURNS)[number];
    const workflow = world.workflows.find((w) => w.key === turn.workflow);
    if (!workflow) throw new Error(`live feed: no workflow ${turn.workflow}`);
    const records = rngFor(world.seed, 'liveFeed', n).int(6, 14);
    switch (turn.kind) {
      case 'file':
        return { workflowUuid: workflow.uuid, data: { kind: 'file', s3Filename: `uploads/live-${n}/accounts.csv` } };
      case 'filter':
        return { workflowUuid: workflow.uuid, data: { kind: 'filter', modelUuid: workflow.modelUuid, limit: records } };
      default:
        // A tool gets generated records, a play records of its model by id.
        return startBatchBody(world, { workflowUuid: workflow.uuid, records });
    }
  }
}
