/** Whether the test now running has failed so far: set by tests/support/environment.ts. */
export function testHasFailed(): boolean {
  return (globalThis as { __testHasFailed?: boolean }).__testHasFailed === true;
}
