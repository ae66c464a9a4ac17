import { FakeNotify } from './fake-notify';
import { TestApp, startTestApp } from './test-app';

export interface StillApp {
  test: TestApp;
  notify: FakeNotify;
  /** The moment its clock stands at, in ms: everything read during a test is read at it. */
  now: number;
}

/**
 * An app that tells residents through GOV.UK Notify's stand-in, on a clock standing still at the moment it
 * started, so an estimate read in one place is the one every other place shows. The ticker waits ten minutes.
 */
export async function startStillApp(): Promise<StillApp> {
  const now = Date.now();
  const notify = await new FakeNotify().start();
  const test = await startTestApp({
    notify,
    clock: () => new Date(now),
    env: { OUTBOX_RETRY_BASE_MS: '10', OUTBOX_POLL_MS: '50', SURGERY_TICK_SECONDS: '600' },
  });
  return { test, notify, now };
}

export async function stopStillApp(app: Partial<StillApp>): Promise<void> {
  await app.test?.stop();
  await app.notify?.stop();
}
