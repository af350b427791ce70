// Prompts answered by a script, for the run layer's flows in plain Node: every message, progress and
// pick is recorded in order, and the script says what the person chose.
import type { MessageOptions, PickItem, Progress, Prompts, Severity } from '../../../src/core/prompts';

export type Asked =
  | {
      readonly kind: 'message';
      readonly severity: Severity;
      readonly text: string;
      readonly actions: readonly string[];
      readonly modal: boolean;
      readonly detail?: string;
    }
  | { readonly kind: 'progress'; readonly text: string }
  | { readonly kind: 'pick'; readonly text: string; readonly items: readonly PickItem[] };

/** What the person does: an action's title for a message, an item's index for a pick, or nothing (dismissed). */
export type Script = (asked: Asked) => string | number | undefined;

export class ScriptedPrompts implements Prompts {
  readonly asked: Asked[] = [];

  constructor(private readonly script: Script = () => undefined) {}

  message(severity: Severity, text: string, actions: readonly string[] = [], options: MessageOptions = {}): Promise<string | undefined> {
    const asked: Asked = {
      kind: 'message',
      severity,
      text,
      actions: [...actions],
      modal: options.modal === true,
      ...(options.detail !== undefined ? { detail: options.detail } : {}),
    };
    this.asked.push(asked);
    const answer = this.script(asked);
    return Promise.resolve(typeof answer === 'string' && actions.includes(answer) ? answer : undefined);
  }

  progress<T>(title: string, work: (progress: Progress) => Promise<T>): Promise<T> {
    this.asked.push({ kind: 'progress', text: title });
    const controller = new AbortController();
    return work({ report: () => undefined, cancelled: false, signal: controller.signal });
  }

  pick<T extends PickItem>(items: readonly T[], options: { readonly title: string }): Promise<T | undefined> {
    const asked: Asked = { kind: 'pick', text: options.title, items };
    this.asked.push(asked);
    const answer = this.script(asked);
    return Promise.resolve(typeof answer === 'number' ? items[answer] : undefined);
  }

  /** The messages shown, in order. */
  get messages(): Extract<Asked, { kind: 'message' }>[] {
    return this.asked.filter((asked): asked is Extract<Asked, { kind: 'message' }> => asked.kind === 'message');
  }
}
