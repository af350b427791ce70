// The extension's settings (`cargo.*`), as the code uses them: typed, normalised and bounded. Read in
// one place (./vscode/settings.ts hands VS Code's configuration to settingsFrom).
import { MAX_PAGE_SIZE } from '../api/limits';
import { DEFAULT_API_BASE_URL, normaliseBaseUrl } from './baseUrl';

export { DEFAULT_API_BASE_URL, normaliseBaseUrl, problemWithBaseUrl } from './baseUrl';

export interface CargoSettings {
  /** Normalised: no trailing slash. */
  apiBaseUrl: string;
  requestTimeoutMs: number;
  /** Cargo's web app, for "Open in Cargo". No trailing slash. */
  webAppBaseUrl: string;
  /** Runs and batches per page in the explorer (at most Cargo's MAX_PAGE_SIZE). */
  pageSize: number;
  autoRefreshIntervalMs: number;
  /** What opens when a run started from VS Code has been created. */
  afterStartingRun: AfterStartingRun;
  /** Failures of runs started from files go to the Problems panel. */
  diagnosticsEnabled: boolean;
}

export type AfterStartingRun = 'panel' | 'tree' | 'nothing';

export const DEFAULT_WEB_APP_BASE_URL = 'https://app.getcargo.io';

/** Settings as a configuration holds them (VS Code's WorkspaceConfiguration is one). */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
}

export function settingsFrom(config: SettingsSource): CargoSettings {
  return {
    apiBaseUrl: normaliseBaseUrl(config.get<string>('apiBaseUrl') ?? DEFAULT_API_BASE_URL),
    requestTimeoutMs: Math.round(clamp(config.get<number>('requestTimeoutSeconds') ?? 15, 1, 300) * 1000),
    webAppBaseUrl: (config.get<string>('webAppBaseUrl') || DEFAULT_WEB_APP_BASE_URL).trim().replace(/\/+$/, ''),
    pageSize: Math.round(clamp(config.get<number>('pageSize') ?? 50, 1, MAX_PAGE_SIZE)),
    autoRefreshIntervalMs: Math.round(clamp(config.get<number>('autoRefreshIntervalSeconds') ?? 10, 2, 3600) * 1000),
    afterStartingRun: afterStartingRun(config.get<string>('afterStartingRun')),
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled') !== false,
  };
}

function afterStartingRun(value: string | undefined): AfterStartingRun {
  return value === 'tree' || value === 'nothing' ? value : 'panel';
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
