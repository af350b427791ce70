// How long a run panel took to open, logged once: from its creation to the webview's first drawing of the
// run (header and executions), then of its context and computed configs. Not timed when the panel was
// hidden meanwhile: the time would include the time away.
import type { Log } from '../core/log';

const ms = (value: number | undefined) => (value === undefined ? '?' : String(Math.round(value)));

export class OpeningTimes {
  /** When the webview first said 'ready', when the run's first screen could be shown, when it was drawn: ms after opening began. */
  private readyMs: number | undefined;
  private fetchedMs: number | undefined;
  private firstScreenMs: number | undefined;
  private hidden: boolean;
  private done = false;

  constructor(
    /** performance.now() when opening began. */
    private readonly openedAt: number,
    visible: boolean,
    private readonly label: string,
    private readonly log: Pick<Log, 'info' | 'debug'>,
  ) {
    this.hidden = !visible;
  }

  panelHidden(): void {
    this.hidden = true;
  }

  webviewReady(): void {
    this.readyMs ??= this.elapsed();
  }

  runFetched(): void {
    this.fetchedMs ??= this.elapsed();
  }

  /** The webview drew the run; `withValues`: its context and computed configs came with it (nothing more to time). */
  firstScreen(withValues: boolean): void {
    if (this.done || this.firstScreenMs !== undefined) return;
    this.firstScreenMs = this.elapsed();
    if (withValues) this.done = true;
    if (this.hidden) return this.log.debug(`${this.label}: first screen drawn after the panel had been hidden; not timed.`);
    this.log.info(
      `${this.label}: first screen in ${ms(this.firstScreenMs)} ms (webview ready at ${ms(this.readyMs)} ms, run fetched at ${ms(this.fetchedMs)} ms)`,
    );
  }

  /** The context and computed configs drawn after the first screen. */
  valuesDrawn(): void {
    if (this.done || this.firstScreenMs === undefined) return;
    this.done = true;
    if (!this.hidden) this.log.info(`${this.label}: context and computed configs drawn in ${ms(this.elapsed())} ms`);
  }

  private elapsed(): number {
    return performance.now() - this.openedAt;
  }
}
