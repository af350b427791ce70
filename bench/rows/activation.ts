// Activation: require + activate() of the production bundle in a fresh Node process (fetch loaded,
// as in an extension host) against an empty extension in the same run; the bundles' sizes; and what
// the first use costs (loading dist/features.js). `npm run bench` builds dist/ with --production first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { msRange, repeatEach, type BenchRow } from '../harness';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const PROBE = join(__dirname, 'activationProbe.js');

interface Probe {
  requireMs: number;
  activateMs: number;
  firstUseMs?: number;
}

function probe(...bundles: string[]): Probe {
  const result = spawnSync(process.execPath, [PROBE, ...bundles], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`activation probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as Probe;
}

const kilobytes = (file: string) => statSync(file).size / 1024;

export async function activationRows(): Promise<BenchRow[]> {
  const extension = join(DIST, 'extension.js');
  const features = join(DIST, 'features.js');
  if (!existsSync(extension) || !existsSync(features)) throw new Error('No dist/: run `node esbuild.mjs --production` first (npm run bench does).');
  const emptyDir = join(__dirname, 'empty-extension');
  mkdirSync(emptyDir, { recursive: true });
  const empty = join(emptyDir, 'extension.js');
  writeFileSync(empty, 'exports.activate = function activate() {};\n');

  const times = await repeatEach(
    async () => {
      const ours = probe(extension, features);
      const baseline = probe(empty);
      return {
        activation: ours.requireMs + ours.activateMs,
        requireOnly: ours.requireMs,
        activateOnly: ours.activateMs,
        firstUse: ours.firstUseMs ?? NaN,
        empty: baseline.requireMs + baseline.activateMs,
      };
    },
    9,
    1,
  );
  const sizes = { extension: kilobytes(extension), features: kilobytes(features), webview: kilobytes(join(DIST, 'webview', 'runPanel.js')) };
  return [
    {
      what: 'Activation: require + activate() in Node, fetch loaded',
      before: '27 ms (goal 15); 91–117 ms in VS Code (empty extension 53–68 ms)',
      now: `${msRange(times.activation)}; an empty extension ${msRange(times.empty)}`,
      goal: '≤ 15 ms',
      met: times.activation.median <= 15,
      figures: times,
    },
    {
      what: 'Bundle loaded at activation (production, minified)',
      before: 'one bundle, ~211 KB, everything loaded at activation',
      now: `${sizes.extension.toFixed(1)} KB; the features ${sizes.features.toFixed(0)} KB on first use; the webview ${sizes.webview.toFixed(0)} KB`,
      goal: '≤ 150 KB',
      met: sizes.extension <= 150,
      figures: sizes,
    },
    {
      what: 'First use (a command, the view, a run file): loading the features',
      before: 'paid at activation',
      now: msRange(times.firstUse),
      goal: 'off the activation path',
      met: true,
      figures: { firstUse: times.firstUse },
    },
  ];
}
