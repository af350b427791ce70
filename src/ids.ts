// Every identifier VS Code and the manifest (package.json) share with the code, in one place:
// commands, views, webview types, context keys (for `when` clauses), state keys, URI schemes.

export const COMMANDS = {
  signIn: 'cargo.signIn',
  signOut: 'cargo.signOut',
  showLog: 'cargo.showLog',
  refresh: 'cargo.refresh',
  groupByWorkflow: 'cargo.groupByWorkflow',
  ungroup: 'cargo.ungroup',
  filterByStatus: 'cargo.filterByStatus',
  filterByWorkflow: 'cargo.filterByWorkflow',
  filterByRecord: 'cargo.filterByRecord',
  clearFilters: 'cargo.clearFilters',
  loadMore: 'cargo.loadMore',
  retry: 'cargo.retry',
  openRun: 'cargo.openRun',
  openRunByUuid: 'cargo.openRunByUuid',
  copyUuid: 'cargo.copyUuid',
  copyRecordId: 'cargo.copyRecordId',
  copyVsCodeLink: 'cargo.copyVsCodeLink',
  openInCargo: 'cargo.openInCargo',
  cancelRun: 'cargo.cancelRun',
  cancelBatch: 'cargo.cancelBatch',
  rerun: 'cargo.rerun',
  retryFailedRuns: 'cargo.retryFailedRuns',
  retryFromFailedNode: 'cargo.retryFromFailedNode',
  retryShownFailures: 'cargo.retryShownFailures',
  runFile: 'cargo.runFile',
  runFileAgainstRelease: 'cargo.runFileAgainstRelease',
  chooseWorkflow: 'cargo.chooseWorkflow',
  newRunFile: 'cargo.newRunFile',
  showStartedRuns: 'cargo.showStartedRuns',
  clearStartedRuns: 'cargo.clearStartedRuns',
  forgetStartedRun: 'cargo.forgetStartedRun',
  openChildRun: 'cargo.openChildRun',
  openFailingExecution: 'cargo.openFailingExecution',
  copyRunError: 'cargo.copyRunError',
  showFailures: 'cargo.showFailures',
  sortFailures: 'cargo.sortFailures',
  copyFailuresMarkdown: 'cargo.copyFailuresMarkdown',
  closeFailures: 'cargo.closeFailures',
  listMoreFailedRuns: 'cargo.listMoreFailedRuns',
  showExecutionError: 'cargo.showExecutionError',
  watchRun: 'cargo.watchRun',
  showNodeHealth: 'cargo.showNodeHealth',
  compareWithLastSuccess: 'cargo.compareWithLastSuccess',
  compareWith: 'cargo.compareWith',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  runs: 'cargo.runs',
  failures: 'cargo.failures',
} as const;

export const WEBVIEWS = {
  runPanel: 'cargo.runPanel',
} as const;

/** Context keys, set with `setContext` and read by `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  signedIn: 'cargo.signedIn',
  viewState: 'cargo.viewState',
  filtered: 'cargo.filtered',
  groupByWorkflow: 'cargo.groupByWorkflow',
  /** The Failures view shows (a report, or, after a sign-out, what to do). */
  failuresShown: 'cargo.failuresShown',
  /** The Failures view has a report (Sort and Copy act on it). */
  failuresReport: 'cargo.failuresReport',
  /** The paths of the JSON files with a remembered workflow: the editor title's ▶ Run in Cargo shows on them (and on run files). */
  filesWithWorkflow: 'cargo.filesWithWorkflow',
  /** A batch's row has been expanded in this window (the walkthrough's "Browse a batch" completes on it). */
  batchExpanded: 'cargo.batchExpanded',
  /** A run has been created from a file in this window (the walkthrough's "Run a file"). */
  fileRunStarted: 'cargo.fileRunStarted',
  /** A run panel has shown a failed run in this window (the walkthrough's "Open a failed run"). */
  failedRunOpened: 'cargo.failedRunOpened',
  /** A run's failure has been put in the Problems panel in this window (the walkthrough's "See a failure in Problems"). */
  runFailureShown: 'cargo.runFailureShown',
} as const;

/** Keys of the workspace state (vscode.Memento). */
export const STATE_KEYS = {
  groupByWorkflow: 'cargo.groupByWorkflow',
  /** The runs started from VS Code (StartedRuns). */
  startedRuns: 'cargo.startedRuns',
  /** The workflow each plain JSON file is run with (FileWorkflows). */
  fileWorkflows: 'cargo.fileWorkflows',
} as const;

export const SCHEMES = {
  runDocument: 'cargo-run',
  /** "Show Error": a failed execution's error, input and config. */
  errorDocument: 'cargo-error',
  /** "Compare with Last Success" / "Compare with…": the two runs' documents in the diff editor. */
  comparison: 'cargo-compare',
} as const;

/** The authentication provider (package.json `contributes.authentication`): the Accounts menu shows its account. */
export const AUTH_PROVIDER = {
  id: 'cargo',
  label: 'Cargo',
} as const;
