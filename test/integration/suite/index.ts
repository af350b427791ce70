// Entry point VS Code's extension host loads for an integration run (`--extensionTestsPath`, or the
// `extensionTestsPath` payload in code-server): runs every *.test.js next to this file with mocha.
// When CARGO_TEST_RESULTS names a file, the outcome is also written there as JSON, because the runner
// cannot see this process's console in code-server.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { recordUnhandledRejections } from './unhandledRejections';

export interface IntegrationTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface IntegrationResults {
  done: boolean;
  passed: number;
  failed: number;
  pending: number;
  tests: IntegrationTestResult[];
  /** Set when the suite could not run at all. */
  error?: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => join(dir, file));
}

export function run(): Promise<void> {
  recordUnhandledRejections();
  const resultsFile = process.env.CARGO_TEST_RESULTS;
  const results: IntegrationResults = { done: false, passed: 0, failed: 0, pending: 0, tests: [] };
  const save = () => {
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };
  // CARGO_INTEGRATION_GREP (passed on by the runner) runs only the tests whose full title matches it.
  const grep = process.env.CARGO_INTEGRATION_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: !resultsFile, timeout: 20_000, ...(grep ? { grep } : {}) });
  try {
    for (const file of testFiles(__dirname)) mocha.addFile(file);
  } catch (error) {
    results.done = true;
    results.error = String(error);
    save();
    return Promise.reject(error);
  }
  save();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.done = true;
      save();
      if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
      save();
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? String(error) });
      save();
    });
    runner.on('pending', (test) => {
      results.pending++;
      results.tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
      save();
    });
  });
}
