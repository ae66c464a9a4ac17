/**
 * How long a test waits for something that should happen. Only a failing test waits this long, so it is set
 * for a machine busy with other work, not for a quiet one: tests count cases and never time the code.
 */
export const PATIENCE_MS = 30_000;

/** How long a page in a test waits for an element, a click or a navigation: well inside jest's 120 s per test. */
export const BROWSER_PATIENCE_MS = 60_000;

/**
 * STORAGE_CALL_TIMEOUT_MS for tests that are not about outages: production's limit is for a service, and a busy
 * machine's Azurite can take longer while perfectly well.
 */
export const PATIENT_STORAGE_MS = '20000';

/** Resolves once `check` holds; fails after `patienceMs`, saying what never happened. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, patienceMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + patienceMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still not so after ${patienceMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
