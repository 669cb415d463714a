/**
 * Prints the closing line CI reads: `e2e: N passed, N failed, N skipped` (scripts/test-all.mjs
 * adds these counts to the workspace total). Used alongside the `list` reporter.
 * A flaky test (passed on retry) counts as passed; a test that never ran counts as skipped.
 */
import type { FullResult, Reporter, Suite } from '@playwright/test/reporter';

export default class SummaryLineReporter implements Reporter {
  private root: Suite | undefined;

  onBegin(_config: unknown, suite: Suite): void {
    this.root = suite;
  }

  onEnd(result: FullResult): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const test of this.root?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') counts.passed++;
      else if (outcome === 'unexpected') counts.failed++;
      else counts.skipped++;
    }
    // A run that broke before or between tests (global setup, global timeout) is a failure even with no failed test.
    if (result.status !== 'passed' && counts.failed === 0) counts.failed = 1;
    console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
