import { execFile } from 'node:child_process';
import path from 'node:path';
import { HERMIONE, runSurgeryWithResidents } from '../support/resident-data';
import { TestApp, startTestApp } from '../support/test-app';

const root = path.resolve(__dirname, '..', '..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run data-request -- …` as an officer runs it, against the test's storage. */
function dataRequest(test: TestApp, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'data-request.ts'), ...args],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          LOCAL_MODE: 'true',
          TABLES_CONNECTION_STRING: test.config.storage.connectionString,
          TABLE_PREFIX: test.config.storage.tablePrefix,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('An officer’s data request from a shell (npm run data-request)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  it('When an officer exports a resident by email, then erases them, then everything held is printed first and nothing personal is left after', async () => {
    const ran = await runSurgeryWithResidents(test, test.api);
    await test.app.settled();
    expect(JSON.stringify(await test.api.queue(ran.surgeryId))).toContain(HERMIONE.name);

    const exported = await dataRequest(test, ['export', '--email', HERMIONE.contact]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(HERMIONE.name);
    expect(exported.stdout).toContain(HERMIONE.issue);

    const erased = await dataRequest(test, ['erase', '--email', HERMIONE.contact]);
    expect(erased.code).toBe(0);

    const after = await dataRequest(test, ['export', '--email', HERMIONE.contact]);
    expect(after.code).toBe(0);
    for (const detail of [HERMIONE.name, HERMIONE.issue, HERMIONE.contact, HERMIONE.accessNeeds])
      expect(after.stdout).not.toContain(detail);
    // A running server sees the erasure through storage.
    expect(JSON.stringify(await test.api.queue(ran.surgeryId))).not.toContain(HERMIONE.name);
  });

  it.each([
    [['export'], '--email'],
    [['delete', '--email', 'jane@example.com'], 'Say search, export or erase, once.'],
    [['export', '--email', 'not an email'], '--email'],
  ])('When the officer types %j, then nothing is done and they are told what is wrong and how to use it', async (args, problem) => {
    const ran = await dataRequest(test, args);
    expect(ran.code).toBe(64);
    expect(ran.stderr).toContain(problem);
    expect(ran.stderr).toContain('Usage: npm run data-request -- search|export|erase');
  });
});
