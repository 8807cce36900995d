import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** Test counts of one run. */
export interface TestCounts {
  /** Tests that passed. */
  passed: number;
  /** Tests that failed, plus test files that failed without a failing test (e.g. did not load). */
  failed: number;
  /** Skipped and todo tests. */
  skipped: number;
}

/** Counts the results of a finished run. */
export function countTests(testModules: ReadonlyArray<TestModule>): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const testModule of testModules) {
    let failedInModule = 0;
    for (const test of testModule.children.allTests()) {
      const { state } = test.result();
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') failedInModule++;
      else if (state === 'skipped') counts.skipped++;
    }
    if (failedInModule === 0 && testModule.state() === 'failed') failedInModule = 1;
    counts.failed += failedInModule;
  }
  return counts;
}

/** Formats `tests: N passed, N failed` plus `, N skipped` when any were skipped. */
export function formatSummary(counts: TestCounts): string {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `tests: ${counts.passed} passed, ${counts.failed} failed${skipped}`;
}

/** Vitest reporter that prints one `tests: N passed, N failed[, N skipped]` line at the end of a run. */
export class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const line = formatSummary(countTests(testModules));
    if (this.vitest) this.vitest.logger.log(`\n${line}`);
    else process.stdout.write(`\n${line}\n`);
  }
}
