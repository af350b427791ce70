// The e2e harness: start a session (simulator + code-server + Chromium) and drive the workbench. The
// helpers it shares with the integration runner live in test/support/ and are re-exported here.
export { startSession, useSession, signIn, simulatorOf, simulatorClient, type Session, type SessionOptions } from './session';
export { selectBatchRow } from './cargoRows';
export { runPanels, runPanelSession, signInFirst } from './runPanels';
export { requestsInQuietWindow, type QuietWindow } from './quiet';
export { startDemo, demoSimulatorOptions, DEMO_TOKEN, DEMO_LIVE_EVERY_SECONDS, type Demo, type DemoOptions } from './demo';
export { Workbench, safeFileName, escapeRegExp, type TreeItemInfo, type NotificationInfo, type ProblemInfo, type InputBoxInfo } from './workbench';
export { startCodeServer, stageExtension, readManifest, QUIET_SETTINGS, type CodeServer, type CodeServerOptions } from '../../support/codeServer';
export { launchBrowser, CHROMIUM_ARGS, type Browser } from '../../support/browser';
export { freePort, waitFor, sleep, spawnGroup, stopGroup } from '../../support/processes';
export {
  REPO_ROOT,
  CODE_SERVER_ENTRY,
  CHROMIUM,
  TEST_RESULTS_DIR,
  FIXTURE_WORKSPACE,
  HARNESS_EXTENSION,
  DEMO_WORKSPACE,
  DEMO_COMPANION,
  DEMO_EXTENSION,
} from '../../support/paths';
export { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
