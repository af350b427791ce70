// What a run panel says of a comparison its run is in (made by "Compare with Last Success" or "Compare
// with…", kept by the run layer's Comparisons): the other run, by its record, and the first node where
// the two differ, as plain text; the webview shows it as text. Pure.
import { runRecordLabel } from '../runs/labels';
import type { Comparison } from '../runs/comparisons';
import { differenceText } from '../runs/comparisonText';
import type { ComparisonNote } from '../shared/protocol';
import { plainText } from '../shared/text';

/** The panel of `runUuid`'s line about `comparison` (its run is on either side), and the pair "Show Comparison" opens again. */
export function comparisonNote(comparison: Comparison, runUuid: string): ComparisonNote {
  const { baseline, run } = comparison.pair;
  const isBaseline = baseline.run.uuid === runUuid && run.run.uuid !== runUuid;
  const other = isBaseline ? run.run : baseline.run;
  const role = comparison.lastSuccess ? (isBaseline ? ' (this run as its last success)' : ' (last success)') : '';
  const first = comparison.first;
  const found = first ? `first differs at ${plainText(first.nodeLabel, 200)} — ${differenceText(first)}` : 'no difference in status, branch or config';
  return { text: `Compared with ${plainText(runRecordLabel(other), 100)}${role}: ${found}`, baselineUuid: baseline.run.uuid, runUuid: run.run.uuid };
}
