// The icons of run, batch and execution states, one set for every view that shows them (the Runs view,
// the Failures view): a codicon id and a theme colour id, free of VS Code's types.

export interface IconSpec {
  /** A codicon id, e.g. 'pass', 'loading~spin'. */
  readonly id: string;
  /** A theme colour id, e.g. 'testing.iconFailed'. */
  readonly color?: string;
}

export const STATE_ICONS = {
  running: { id: 'loading~spin' },
  pending: { id: 'clock' },
  success: { id: 'pass', color: 'testing.iconPassed' },
  error: { id: 'error', color: 'testing.iconFailed' },
  /** Some failed: a finished batch with failed runs, a node that failed in some runs. */
  warning: { id: 'warning', color: 'list.warningForeground' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
  skipped: { id: 'debug-step-over', color: 'disabledForeground' },
  unknown: { id: 'question' },
} as const satisfies Record<string, IconSpec>;
