// Compile-time only (tsc --noEmit -p test): the message types derived from their checks are exactly the hand-written ones they replaced.
import type { Infer, Check } from '../../src/shared/check';
import type {
  ComparisonNote,
  TimelineView,
  ExecutionView,
  JsonSection,
  JsonValue,
  LiveStatus,
  NodeJson,
  OpenPath,
  PanelState,
  RunLocator,
  RunView,
  ToExtension,
  ToWebview,
  ValuesStatus,
} from '../../src/shared/protocol';
import { panelState, toExtension, toWebview } from '../../src/shared/protocol';
import type { Equal, Expect } from './equal';

// ---- the declarations as they were written by hand (commit 64a02ef), with the fields added since ---

interface WasExecutionView {
  readonly nodeSlug: string;
  readonly nodeName: string | null;
  readonly status: string;
  readonly failed: boolean;
  readonly running: boolean;
  readonly title: string | null;
  readonly errorMessage: string | null;
  readonly credits: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly duration: string;
}
interface WasNodeJson {
  readonly slug: string;
  readonly size: number;
  readonly digest: string;
  readonly value?: JsonValue;
  readonly problem?: string;
}
type WasJsonSection = 'context' | 'configs';
interface WasRunView {
  readonly uuid: string;
  readonly status: string;
  readonly finished: boolean;
  readonly failed: boolean;
  readonly recordTitle: string;
  readonly recordId: string;
  readonly workflow: string;
  readonly workflowName: string | null;
  readonly batchUuid: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly duration: string;
  readonly credits: number;
  readonly errorMessage: string | null;
  readonly executions: readonly WasExecutionView[];
  readonly context: readonly WasNodeJson[] | null;
  readonly computedConfigs: readonly WasNodeJson[] | null;
}
type WasValuesStatus =
  | { readonly kind: 'loading'; readonly receivedBytes: number; readonly totalBytes: number | null }
  | { readonly kind: 'failed'; readonly message: string; readonly signIn: boolean };
interface WasLiveStatus {
  readonly kind: 'noClient' | 'stale';
  readonly message: string;
  readonly signIn: boolean;
  readonly lastUpdatedAt: string | null;
}
interface WasComparisonNote {
  readonly text: string;
  readonly baselineUuid: string;
  readonly runUuid: string;
}
interface WasTimelineBar {
  readonly depth: number;
  readonly runUuid: string;
  readonly execution: number | null;
  readonly nodeSlug: string;
  readonly nodeName: string | null;
  readonly status: string;
  readonly failed: boolean;
  readonly running: boolean;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly duration: string;
  readonly credits: number;
  readonly slowest: boolean;
  readonly costliest: boolean;
}
interface WasTimelineView {
  readonly bars: readonly WasTimelineBar[];
  readonly totals: { readonly spans: number; readonly credits: number; readonly status: string } | null;
  readonly note: string | null;
}
interface WasExpressionsView {
  readonly nodes: readonly {
    readonly slug: string;
    readonly label: string;
    readonly fields: readonly {
      readonly path: string;
      readonly kind: string;
      readonly expression: string;
      readonly value: string;
      readonly absent: boolean;
      readonly empty: boolean;
      readonly reads: readonly string[];
      readonly unreadable: readonly string[];
    }[];
    readonly branch: { readonly number: number; readonly count: number; readonly next: string | null } | null;
  }[];
  readonly emptyCount: number;
  readonly finished: boolean;
  readonly problem: string | null;
}
type WasToWebview =
  | { readonly type: 'runLoaded'; readonly run: WasRunView }
  | { readonly type: 'nodeLoaded'; readonly section: WasJsonSection; readonly slug: string; readonly value: JsonValue }
  | { readonly type: 'loadFailed'; readonly message: string; readonly signedOut: boolean }
  | { readonly type: 'liveStatus'; readonly problem: WasLiveStatus | null }
  | { readonly type: 'valuesStatus'; readonly status: WasValuesStatus | null }
  | { readonly type: 'revealExecution'; readonly index: number }
  | { readonly type: 'newerRetry'; readonly retry: { readonly batchUuid: string; readonly createdAt: string } | null }
  | { readonly type: 'comparison'; readonly note: WasComparisonNote | null }
  | { readonly type: 'timeline'; readonly timeline: WasTimelineView }
  | { readonly type: 'runOrigin'; readonly origin: { readonly recordTitle: string | null; readonly node: string | null } | null }
  | { readonly type: 'expressions'; readonly view: WasExpressionsView | null };
type WasToExtension =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered' }
  | { readonly type: 'valuesRendered' }
  | { readonly type: 'openJson' }
  | { readonly type: 'refresh' }
  | { readonly type: 'openInCargo' }
  | { readonly type: 'signIn' }
  | { readonly type: 'runCommand'; readonly command: 'showFailures' | 'retryFailedRuns' | 'watchRun' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'loadNode'; readonly section: WasJsonSection; readonly slug: string }
  | { readonly type: 'openRetry' }
  | { readonly type: 'showComparison' }
  | { readonly type: 'openChildRun'; readonly runUuid: string }
  | { readonly type: 'openOrigin' };
interface WasRunLocator {
  readonly createdAt: string;
  readonly workflowUuid: string;
  readonly recordId: string;
}
interface WasOpenPath {
  readonly section: WasJsonSection;
  readonly slug: string;
  readonly keys: readonly (string | number)[];
}
interface WasPanelState {
  readonly runUuid: string;
  readonly locator?: WasRunLocator;
  readonly scrollY: number;
  readonly open?: readonly WasOpenPath[];
  readonly query?: string;
  readonly raw?: readonly WasJsonSection[];
}

// ---- derived = as written ------------------------------------------------------------------------

export type DerivedAsWritten = [
  Expect<Equal<ExecutionView, WasExecutionView>>,
  Expect<Equal<NodeJson, WasNodeJson>>,
  Expect<Equal<JsonSection, WasJsonSection>>,
  Expect<Equal<RunView, WasRunView>>,
  Expect<Equal<ValuesStatus, WasValuesStatus>>,
  Expect<Equal<LiveStatus, WasLiveStatus>>,
  Expect<Equal<ComparisonNote, WasComparisonNote>>,
  Expect<Equal<TimelineView, WasTimelineView>>,
  Expect<Equal<ToWebview, WasToWebview>>,
  Expect<Equal<ToExtension, WasToExtension>>,
  Expect<Equal<RunLocator, WasRunLocator>>,
  Expect<Equal<OpenPath, WasOpenPath>>,
  Expect<Equal<PanelState, WasPanelState>>,
  // The exported checks admit exactly the exported types.
  Expect<Equal<Infer<typeof toWebview>, ToWebview>>,
  Expect<Equal<Infer<typeof toExtension>, ToExtension>>,
  Expect<Equal<Infer<typeof panelState>, PanelState>>,
  Expect<Equal<Infer<Check<string>>, string>>,
];
