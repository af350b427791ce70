// What the run panel's e2e files share: opening a run by its uuid, starting a live run of one record,
// the panel's webview frame and the editor tabs' titles.
import { before } from 'node:test';
import type { SimulatorOptions } from '../../simulator';
import { waitFor } from '../../support/processes';
import { signIn, simulatorClient, simulatorOf, type Session, type SessionOptions } from './session';

/** The session of a run panel file: the seeded world with hostile runs, a tall window, a 2-s interval. */
export function runPanelSession(simulator: SimulatorOptions = {}): SessionOptions {
  return {
    simulator: { seed: 1, token: 'dev-token', stepMs: 400, hostile: true, ...simulator },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1280, height: 1600 },
  };
}

/** Signs in before the file's tests (registered after useSession(), so it runs once the session is up). */
export function signInFirst(s: Session): void {
  before(async () => {
    await s.wb.openView('Runs');
    await signIn(s.wb, simulatorOf(s).token);
  });
}

export function runPanels(s: Session) {
  return {
    /** The webview frame holding our panel's content, once `match` is in its text. */
    panelFrame: (match: string | RegExp) => s.wb.webviewFrame(match, 30_000),
    closeEditors: () => s.wb.runCommand('View: Close All Editors'),
    /** "Cargo: Open Run, Batch or Workflow…" with the run's uuid typed in its box. */
    async openRunByUuid(uuid: string): Promise<void> {
      await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
      await s.wb.answerInputBox(uuid);
    },
    /** Starts a batch of one record whose run advances every `stepMs`; resolves to the run's uuid once it exists. */
    async startLiveRun(name: string, stepMs: number): Promise<string> {
      const batchUuid = simulatorOf(s).startBatch({ records: [{ id: name.toLowerCase().replace(/\W+/g, '-'), name, __simOutcome: 'success' }], stepMs });
      return waitFor('the new run', async () => (await simulatorClient(s).listRuns({ batchUuid })).runs[0]?.uuid, 20_000);
    },
    /** The requests since `since` whose path has `pathPart` in it. */
    requestsFor: (since: number, pathPart: string) => simulatorOf(s).requests.filter((r) => r.time >= since && r.path.includes(pathPart)),
    activeTabTitle: async () => (await s.wb.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '',
    /** The titles of the open editor tabs whose title has `record` in it. */
    tabTitles: async (record: string) =>
      (await s.wb.page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''))).filter((title) =>
        title.includes(record),
      ),
  };
}
