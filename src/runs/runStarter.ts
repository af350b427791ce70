// Starting runs where a person asked for them (Run in Cargo, Re-run, and whatever starts runs next),
// free of VS Code: each run sent once with its progress shown; a run that started is kept among the
// runs started from VS Code (followed to its end, announced) and shown as the settings say; a refusal
// said in the person's words with what helps; a lost answer never sent again, with "Look for It".
import type { CargoClient, CreateRunBody, Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import type { Log } from '../core/log';
import type { Prompts } from '../core/prompts';
import { plural } from '../shared/format';
import { errorText, notificationText, quickPickText } from '../shared/text';
import { findRunsStartedSince, startRun, startRuns, summarizeMany, type CreateFailure, type RunRequest, type StartOutcome } from './runCreation';
import type { StartedRuns } from './startedRuns';

/** What one start sends, and what the run is kept with. */
export interface StartRequest {
  readonly client: CargoClient;
  readonly body: CreateRunBody;
  /** The workflow's name, for what the person reads. */
  readonly workflowName: string;
  /** What it is started from, e.g. "lead.cargo-run.json" (kept with the run; shown as plain text). */
  readonly source: string;
  /** The document it comes from, for its CodeLens and the failure's diagnostic. */
  readonly documentUri?: string;
  /** Where in that document the data sent lies (a JSON path). */
  readonly inputPath?: readonly (string | number)[];
}

/** Several runs at once, one per item (an array of records): confirmed by the caller. */
export interface StartManyRequest {
  readonly client: CargoClient;
  readonly workflowName: string;
  readonly source: string;
  readonly documentUri?: string;
  readonly items: readonly { readonly body: CreateRunBody; readonly label: string; readonly inputPath?: readonly (string | number)[] }[];
  /** Called once some of the runs were created, before the summary (which waits for the user). */
  readonly onStarted?: () => void;
}

export type Refused = Extract<CreateFailure, { kind: 'refused' }>;

/** A way out of a refusal the caller knows (e.g. "Choose Workflow…" for a file whose workflow Cargo does not know). */
export interface RefusalAction {
  readonly title: string;
  run(): Promise<unknown>;
}

export interface RunStarterDeps {
  readonly clients: ClientSource;
  readonly started: StartedRuns;
  readonly prompts: Prompts;
  readonly log: Log;
  /** Shows a run just started (its panel, its row, or nothing: cargo.afterStartingRun); `many`: one of several. */
  show(run: Run, many: boolean): void;
  signIn(): Promise<unknown>;
  showLog(): void;
}

const LOOK_FOR_IT = 'Look for It';

export class RunStarter {
  constructor(private readonly deps: RunStarterDeps) {}

  /** Sends one POST /runs and carries on from what came of it; `refusalActions`: the caller's ways out of a refusal. */
  async startOne(request: StartRequest, refusalActions: (refused: Refused) => readonly RefusalAction[] = () => []): Promise<StartOutcome> {
    const { prompts, log } = this.deps;
    const outcome = await prompts.progress(`Starting a run of "${notificationText(request.workflowName, 80)}"…`, () => startRun(request.client, request.body));
    switch (outcome.kind) {
      case 'started':
        log.info(`Started run ${outcome.run.uuid} of workflow ${request.body.workflowUuid} from ${request.source}.`);
        this.keep(outcome.run, request, {});
        this.deps.show(outcome.run, false);
        break;
      case 'refused':
        await this.refused(request, outcome, refusalActions(outcome));
        break;
      case 'uncertain':
        log.warn(`Run of workflow ${request.body.workflowUuid} from ${request.source}: no answer to POST /runs (${outcome.detail}). Not sent again.`);
        if ((await prompts.message('warning', lostAnswerText(outcome.message, request.workflowName), [LOOK_FOR_IT])) === LOOK_FOR_IT)
          await this.lookForRun(request, outcome.sentAt);
        break;
    }
    return outcome;
  }

  /** One run per item, one request at a time, with progress and Cancel between requests; then one summary. */
  async startMany(request: StartManyRequest): Promise<void> {
    const { prompts, log } = this.deps;
    const count = request.items.length;
    const requests: RunRequest[] = request.items.map((item) => ({ body: item.body, label: item.label }));
    const results = await prompts.progress(
      `Starting ${plural(count, 'run')} of "${notificationText(request.workflowName, 80)}"`,
      (progress) =>
        startRuns(request.client, requests, {
          shouldStop: () => progress.cancelled,
          onProgress: (done, total) => progress.report(`${done} of ${total}`, 100 / total),
        }),
      { cancellable: true },
    );
    const launch = `${request.documentUri ?? request.source}@${Date.now()}`;
    // Newest first: the first item ends up at the top of the list.
    for (let i = results.length - 1; i >= 0; i--) {
      const { request: sent, outcome } = results[i]!;
      const item = request.items[i];
      if (outcome?.kind === 'started') this.keep(outcome.run, { source: sent.label, documentUri: request.documentUri, inputPath: item?.inputPath }, { launch });
    }
    const summary = summarizeMany(results);
    log.info(`Runs of workflow ${request.items[0]?.body.workflowUuid ?? '?'} from ${request.source}: ${summary.text}`);
    for (const line of summary.lines) log.info(`  ${line}`);
    const firstStarted = results.find((r) => r.outcome?.kind === 'started')?.outcome;
    if (firstStarted?.kind === 'started') {
      this.deps.show(firstStarted.run, true);
      request.onStarted?.();
    }
    for (const { outcome } of results) if (outcome?.kind === 'refused') noteFailure(this.deps.clients, outcome.error);
    const details = 'Show Details';
    const buttons = summary.uncertain > 0 ? [LOOK_FOR_IT, details] : [details];
    const answer = await prompts.message(summary.started === count ? 'info' : 'warning', notificationText(summary.text, 600), buttons);
    if (answer === details) this.deps.showLog();
    const lost = results.find((r) => r.outcome?.kind === 'uncertain');
    if (answer === LOOK_FOR_IT && lost?.outcome?.kind === 'uncertain')
      await this.lookForRun({ ...request, source: lost.request.label, body: lost.request.body }, lost.outcome.sentAt);
  }

  private keep(
    run: Run,
    from: { readonly source: string; readonly documentUri?: string | undefined; readonly inputPath?: readonly (string | number)[] | undefined },
    options: { readonly launch?: string },
  ): void {
    this.deps.started.add(run, from.source, {
      ...(from.documentUri !== undefined ? { documentUri: from.documentUri } : {}),
      ...(from.inputPath !== undefined ? { inputPath: from.inputPath } : {}),
      ...options,
    });
  }

  private async refused(request: StartRequest, outcome: Refused, extra: readonly RefusalAction[]): Promise<void> {
    this.deps.log.warn(`Cargo did not start a run of workflow ${request.body.workflowUuid} from ${request.source}: ${outcome.detail}`);
    noteFailure(this.deps.clients, outcome.error);
    const signIn = 'Sign In Again';
    const showLog = 'Show Log';
    const actions = [...(outcome.signIn ? [signIn] : []), ...extra.map((action) => action.title), showLog];
    const answer = await this.deps.prompts.message('error', notificationText(outcome.message, 600), actions);
    if (answer === signIn) await this.deps.signIn();
    else if (answer === showLog) this.deps.showLog();
    else await extra.find((action) => action.title === answer)?.run();
  }

  /** Lists the workflow's runs created since just before the lost request; the one the person picks is kept and shown. */
  private async lookForRun(request: StartRequest, sentAt: number): Promise<void> {
    const { prompts } = this.deps;
    const name = request.workflowName;
    const since = new Date(sentAt).toLocaleTimeString();
    let runs: Run[];
    try {
      runs = await prompts.progress(`Looking for runs of "${notificationText(name, 80)}" started since ${since}…`, () =>
        findRunsStartedSince(request.client, request.body.workflowUuid, sentAt),
      );
    } catch (error) {
      noteFailure(this.deps.clients, error);
      void prompts.message('error', notificationText(`Could not look for the run: ${errorText(error, 400)}`, 500));
      return;
    }
    if (runs.length === 0) {
      void prompts.message(
        'info',
        `No run of "${notificationText(name, 80)}" was created since ${since}: it most likely did not start. Start it again if it is still wanted.`,
      );
      return;
    }
    const picked = await prompts.pick(
      runs.map((run) => ({
        label: quickPickText(run.recordTitle || run.recordId || run.uuid, 100),
        description: quickPickText(`${run.status.raw} · created ${new Date(run.createdAt).toLocaleTimeString()}`, 80),
        detail: quickPickText(`run ${run.uuid}`, 60),
        run,
      })),
      {
        title: `Runs of "${quickPickText(name, 80)}" started since ${since}`,
        placeHolder: `Pick the run that was started from ${quickPickText(request.source, 80)}, to follow it`,
      },
    );
    if (!picked) return;
    this.keep(picked.run, request, {});
    this.deps.show(picked.run, false);
  }
}

/** A lost answer, said once for every start: it was not sent again, and where to look. */
function lostAnswerText(message: string, workflowName: string): string {
  return notificationText(
    `${message} It was not sent again, so that it cannot start twice. Look for it among the runs of "${workflowName}" started since?`,
    800,
  );
}
