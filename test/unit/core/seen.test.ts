// The "can someone see it" gate of live updates: a view visible and the window focused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchSeen, type Visibility } from '../../../src/core/seen';

describe('watchSeen', () => {
  class Toggle implements Visibility {
    visible: boolean;
    private readonly listeners = new Set<(value: unknown) => void>();
    constructor(visible: boolean) {
      this.visible = visible;
    }
    readonly onDidChange = (listener: (value: unknown) => void) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    set(visible: boolean): void {
      this.visible = visible;
      for (const listener of this.listeners) listener(undefined);
    }
  }

  test('seen = visible and the window focused; told at once and on every change, not on repeats', () => {
    const view = new Toggle(true);
    const window = new Toggle(false);
    const told: boolean[] = [];
    const watcher = watchSeen(view, window, (seen) => told.push(seen));
    window.set(true);
    window.set(true);
    view.set(false);
    view.set(true);
    assert.deepEqual(told, [false, true, false, true]);
    watcher.dispose();
    window.set(false);
    assert.equal(told.length, 4, 'nothing after dispose');
  });
});
