// What a VS Code-free flow asks of the person using it: a message with actions (a notification, or a
// modal dialog), progress while something is sent, a pick among items. The extension answers with VS
// Code's windows (src/vscode/prompts.ts); unit tests answer with a script. Text passed in is already
// made safe for its sink (src/shared/text.ts).

export type Severity = 'info' | 'warning' | 'error';

export interface MessageOptions {
  /** A dialog the person must answer (confirmations), rather than a notification. */
  readonly modal?: boolean;
  /** More text under a modal's message. */
  readonly detail?: string;
}

export interface Progress {
  report(message: string, increment?: number): void;
  /** The person asked to stop (only when the progress was cancellable). */
  readonly cancelled: boolean;
  /** Fires when the person asks to stop. */
  readonly signal: AbortSignal;
}

export interface PickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
}

export interface Prompts {
  /** Resolves to the action chosen, or undefined when the message was dismissed (or not answered). */
  message(severity: Severity, text: string, actions?: readonly string[], options?: MessageOptions): Promise<string | undefined>;
  /** Shows progress (a notification, cancellable when asked) while `work` runs; resolves to what it resolves to. */
  progress<T>(title: string, work: (progress: Progress) => Promise<T>, options?: { readonly cancellable?: boolean }): Promise<T>;
  /** One of `items`, or undefined when the pick was dismissed. */
  pick<T extends PickItem>(items: readonly T[], options: { readonly title: string; readonly placeHolder?: string }): Promise<T | undefined>;
}
