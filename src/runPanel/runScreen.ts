// What a run panel shows of its followed run, free of VS Code: the newest the run is known (ahead of a
// whole load, or the whole run), with the context and computed configs of the last whole load, or how
// far their download is, or why it failed; and the signature that says whether anything new is shown.
import type { FollowedRun, LoadedRun, RunAhead } from '../runs/followedRun';
import type { RunView, ValuesStatus } from '../shared/protocol';
import { runHeaderView, RunValues, viewSignature, type WholeRunView } from './runView';

export interface Screen {
  readonly view: RunView;
  /** Equal signatures: nothing new to show. */
  readonly signature: string;
  /** The context on its way, or why it could not be fetched; undefined when what is shown is all there is. */
  readonly values: ValuesStatus | undefined;
}

/** One panel's screen of a run. Each whole load's view is made once (its nodes keep their digests across loads). */
export class RunScreen {
  private readonly values = new RunValues();
  private whole: { readonly run: LoadedRun; readonly view: WholeRunView; readonly signature: string } | undefined;
  private last: { readonly inputs: readonly unknown[]; readonly screen: Screen | undefined } | undefined;

  constructor(private readonly run: FollowedRun) {}

  /** What the panel shows now; undefined while nothing of the run is known yet. */
  get current(): Screen | undefined {
    const { loaded, ahead, download, contextFailure } = this.run;
    const inputs = [loaded, ahead, download, contextFailure];
    if (this.last && this.last.inputs.every((input, i) => input === inputs[i])) return this.last.screen;
    const screen = this.make(loaded, ahead, download, contextFailure);
    this.last = { inputs, screen };
    return screen;
  }

  private make(
    loaded: LoadedRun | undefined,
    ahead: RunAhead | undefined,
    download: FollowedRun['download'],
    contextFailure: FollowedRun['contextFailure'],
  ): Screen | undefined {
    const whole = loaded ? this.wholeOf(loaded) : undefined;
    if (!whole && !ahead) return undefined;
    const values: ValuesStatus | undefined = download
      ? { kind: 'loading', receivedBytes: download.receivedBytes, totalBytes: download.totalBytes ?? null }
      : contextFailure
        ? { kind: 'failed', ...contextFailure }
        : whole
          ? undefined
          : { kind: 'loading', receivedBytes: 0, totalBytes: null };
    if (!ahead) return { view: whole!.view, signature: whole!.signature, values };
    const view: RunView = {
      ...runHeaderView(ahead.run, { workflowName: ahead.workflowName, spans: ahead.spans }),
      context: whole?.view.context ?? null,
      computedConfigs: whole?.view.computedConfigs ?? null,
    };
    return { view, signature: viewSignature(view), values };
  }

  private wholeOf(run: LoadedRun): { view: WholeRunView; signature: string } {
    if (this.whole?.run !== run) {
      const view: WholeRunView = {
        ...runHeaderView(run.details.run, { workflowName: run.workflowName, spans: run.spans }),
        ...this.values.update({ details: run.details, body: run.body, layout: run.layout }),
      };
      this.whole = { run, view, signature: viewSignature(view) };
    }
    return this.whole;
  }
}
