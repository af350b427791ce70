// The extension's settings, read in one place and re-read when they change.
import * as vscode from 'vscode';
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
  /** What opens when a run started from a file has been created. */
  afterStartingRun: AfterStartingRun;
  /** Failures of runs started from files go to the Problems panel. */
  diagnosticsEnabled: boolean;
}

export type AfterStartingRun = 'panel' | 'tree' | 'nothing';

export const DEFAULT_WEB_APP_BASE_URL = 'https://app.getcargo.io';

export function readSettings(): CargoSettings {
  const config = vscode.workspace.getConfiguration('cargo');
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

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('cargo')) listener();
  });
}
