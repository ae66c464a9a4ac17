import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';

/**
 * Node's test environment, telling the tests whether the running test has failed so far (`testHasFailed()` in
 * tests/support/failure.ts): a browser test then prints what its page showed, for a failure on a machine we cannot watch.
 */
export default class TestEnvironment extends NodeEnvironment {
  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_start') this.global.__testHasFailed = false;
    if (event.name === 'test_fn_failure' || (event.name === 'hook_failure' && event.hook.type === 'beforeEach'))
      this.global.__testHasFailed = true;
  }
}
