// The e2e harness: start a session (simulator + code-server + Chromium) and drive the workbench.
export { startSession, useSession, signIn, type Session, type SessionOptions } from './session';
export { Workbench, safeFileName, type TreeItemInfo, type NotificationInfo, type ProblemInfo, type InputBoxInfo } from './workbench';
export { startCodeServer, stageExtension, readManifest, QUIET_SETTINGS, type CodeServer, type CodeServerOptions } from './codeServer';
export { launchBrowser, CHROMIUM_ARGS, type Browser } from './browser';
export { freePort, waitFor, sleep, spawnGroup, stopGroup } from './processes';
export { REPO_ROOT, CODE_SERVER_ENTRY, CHROMIUM, TEST_RESULTS_DIR, FIXTURE_WORKSPACE } from './paths';
export { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
