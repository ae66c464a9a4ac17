import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import { FILES_POLL_MS } from '../../bot/services/reloading-files';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { launchChromium } from '../support/chromium';
import { RecordingConnector, textOf } from '../support/recording-connector';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { Resident, TabApi, TestApp, startTestApp } from '../support/test-app';
import { eventually } from '../support/patience';

const LISTS = 'postcode,ward\nRV1 1AA,Abbey\nRV1 1AB,Abbey\nRV2 1AA,Castle\n';
const ROSTER_HEADER = 'ward code,ward name,councillor,email,entra object id';

describe('The ward check on drop-in check-ins', () => {
  let root: string;
  let test: TestApp | undefined;
  const listFile = () => path.join(root, 'ward-postcodes.csv');

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ward-check-'));
    writeFileSync(listFile(), LISTS);
    test = undefined;
  });

  afterEach(async () => {
    await test?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const firstReply = (resident: Resident) =>
    textOf(resident.received.find((call) => textOf(call.activity).includes('You are in the queue'))!.activity);

  it("When residents from the ward, from another ward and from no list check in, then the tab's queue shows each as in the ward, outside it or unknown", async () => {
    test = await startTestApp({ env: { WARD_POSTCODES_FILE: listFile() } });
    const surgery = await test.api.openSurgery({ ward: 'Abbey Ward' });
    const residents = {
      inWard: new Resident(test),
      outside: new Resident(test, 'webchat'),
      unknown: new Resident(test),
    };
    await residents.inWard.checksIn({ name: 'Ann Lee', postcode: 'rv1 1ab', issue: 'Bins' });
    await residents.outside.checksIn({ name: 'Bob Ray', postcode: 'RV2 1AA', issue: 'Parking' });
    await residents.unknown.checksIn({ name: 'Cat Moss', postcode: 'SW1A 1AA', issue: 'Noise' });

    const rows = (await test.api.queue(surgery.id)).active.map(({ name, wardCheck, postcodeWard }) => ({ name, wardCheck, postcodeWard }));
    expect(rows).toEqual([
      { name: 'Ann Lee', wardCheck: 'in_ward', postcodeWard: 'Abbey' },
      { name: 'Bob Ray', wardCheck: 'outside', postcodeWard: 'Castle' },
      { name: 'Cat Moss', wardCheck: 'unknown', postcodeWard: undefined },
    ]);

    expect(firstReply(residents.outside)).toContain(
      'Your postcode is in Castle ward. The councillors at the Abbey Ward surgery can still talk to you today. For help with something in Castle ward, your own ward councillors may be able to do more.',
    );
    expect(firstReply(residents.inWard)).not.toContain('Your postcode is in');
    expect(firstReply(residents.unknown)).not.toContain('Your postcode is in');
  });

  it("When the councillors' tab shows the queue, then each resident's ward check is written out in words", async () => {
    test = await startTestApp({ env: { WARD_POSTCODES_FILE: listFile() } });
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'RV1 1AA', issue: 'Bins' });
    await new Resident(test).checksIn({ name: 'Bob Ray', postcode: 'RV2 1AA', issue: 'Parking' });
    await new Resident(test).checksIn({ name: 'Cat Moss', postcode: 'SW1A 1AA', issue: 'Noise' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 320, height: 800 }, locale: 'en-GB' });
      await page.goto(`${test.app.url}/tab/?surgery=${surgery.id}`);
      const line = async (lobbyTag: string) => {
        const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: lobbyTag }) });
        await item.waitFor();
        return (await item.locator('p').first().textContent())?.replace(/\s+/g, ' ');
      };

      expect(await line('Ann L · A1')).toBe('Ann Lee, RV1 1AA In ward');
      expect(await line('Bob R · A2')).toBe('Bob Ray, RV2 1AA Outside ward (Castle)');
      expect(await line('Cat M · A3')).toBe('Cat Moss, SW1A 1AA Address not checked');
    } finally {
      await browser.close();
    }
  });

  it('When the council keeps no postcode lists, then check-ins say nothing about wards', async () => {
    test = await startTestApp();
    const surgery = await test.api.openSurgery();
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'RV1 1AA', issue: 'Bins' });

    const [row] = (await test.api.queue(surgery.id)).active;
    expect(row).not.toHaveProperty('wardCheck');
    expect(row).not.toHaveProperty('postcodeWard');
  });

  it('When the list is changed and reloaded, then later check-ins are checked against the new list and earlier ones keep their check', async () => {
    test = await startTestApp({ env: { WARD_POSTCODES_FILE: listFile() } });
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'RV1 1AA', issue: 'Bins' });
    writeFileSync(listFile(), `${LISTS}RV9 9ZZ,Castle\n`);
    await test.app.reloadWardLists();
    await new Resident(test).checksIn({ name: 'Bob Ray', postcode: 'RV9 9ZZ', issue: 'Parking' });

    const rows = (await test.api.queue(surgery.id)).active.map(({ name, wardCheck }) => [name, wardCheck]);
    expect(rows).toEqual([
      ['Ann Lee', 'outside'],
      ['Bob Ray', 'in_ward'],
    ]);
  });

  it('When the council keeps a roster and a postcode list by ward code, then residents are told their ward by its roster name', async () => {
    const rosterFile = path.join(root, 'wards.csv');
    writeFileSync(rosterFile, `${ROSTER_HEADER}\nE05009388,Abbey Ward,Jane Smith,jane.smith@council.gov.uk,\nE05009389,Castle,,,\n`);
    writeFileSync(listFile(), 'postcode,ward\r\nRV1 1AA,E05009388\r\nRV2 1AA,E05009389\r\n');
    test = await startTestApp({ env: { WARDS_FILE: rosterFile, WARD_POSTCODES_FILE: listFile() } });
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    const outside = new Resident(test);
    await outside.checksIn({ name: 'Bob Ray', postcode: 'RV2 1AA', issue: 'Parking' });
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'RV1 1AA', issue: 'Bins' });

    const rows = (await test.api.queue(surgery.id)).active.map(({ name, wardCheck, postcodeWard }) => ({ name, wardCheck, postcodeWard }));
    expect(rows).toEqual([
      { name: 'Bob Ray', wardCheck: 'outside', postcodeWard: 'Castle' },
      { name: 'Ann Lee', wardCheck: 'in_ward', postcodeWard: 'Abbey' },
    ]);
    expect(firstReply(outside)).toContain('Your postcode is in Castle ward.');
    expect(firstReply(outside)).not.toContain('E05009389');
  });

  it('When a postcode list names a ward the roster does not have, then the app refuses to start and says which file and line', async () => {
    const rosterFile = path.join(root, 'wards.csv');
    writeFileSync(rosterFile, `${ROSTER_HEADER}\nE05009388,Abbey,,,\n`);
    writeFileSync(listFile(), 'postcode,ward\nRV1 1AA,E05009388\nRV2 1AA,E05009389\n');
    const config = loadConfig({
      LOCAL_MODE: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      WARDS_FILE: rosterFile,
      WARD_POSTCODES_FILE: listFile(),
    });

    const started = startApp(config, { storage: createMemoryStorage(), logger: silentLogger });

    await expect(started).rejects.toThrow(`${listFile()}, line 3: E05009389 is not a ward on the roster (WARDS_FILE).`);
  });

  it('When the postcode list has a mistake, then the app refuses to start and says which file and line', async () => {
    writeFileSync(listFile(), 'postcode,ward\nRV1 1AA,Abbey\nRV1 1AA,Castle\n');
    const config = loadConfig({ LOCAL_MODE: 'true', PORT: '0', HOST: '127.0.0.1', WARD_POSTCODES_FILE: listFile() });

    const started = startApp(config, { storage: createMemoryStorage(), logger: silentLogger });

    await expect(started).rejects.toThrow(
      `${listFile()}, line 3: RV1 1AA is listed in Castle ward here, but in Abbey ward at ${listFile()}, line 2.`,
    );
  });
});

describe('The server process and its ward postcode lists', () => {
  let root: string;
  let azurite: RunningAzurite | undefined;
  let server: ServerProcess | undefined;
  const listFile = () => path.join(root, 'ward-postcodes.csv');

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ward-process-'));
  });

  afterEach(async () => {
    await server?.stop();
    await azurite?.stop();
    server = undefined;
    azurite = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('When the server is started with a list that has a mistake, then it does not start and prints what to fix', async () => {
    writeFileSync(listFile(), 'postcode,ward\nRV1 1AA,Abbey\nRV1 1A,Abbey\n');

    await expect(startServerProcess({ WARD_POSTCODES_FILE: listFile() })).rejects.toThrow(
      `The ward postcode lists (WARD_POSTCODES_FILE, WARD_POSTCODES_DIR) have problems. Fix them and start again:\n  - ${listFile()}, line 3: "RV1 1A" is not a UK postcode.`,
    );
  });

  it('When the server is started with a roster that has a mistake, then it does not start and prints the file and line', async () => {
    const rosterFile = path.join(root, 'wards.csv');
    writeFileSync(rosterFile, `${ROSTER_HEADER}\nE05009388,Abbey,Jane Smith,jane smith,\n`);

    await expect(startServerProcess({ WARDS_FILE: rosterFile })).rejects.toThrow(
      `The ward roster (WARDS_FILE) has problems. Fix them and start again:\n  - ${rosterFile}, line 2: "jane smith" is not an email address.`,
    );
  });

  it('When the running server is sent SIGHUP, then it reads the list again at once', async () => {
    writeFileSync(listFile(), LISTS);
    azurite = await startAzurite();
    const running = await startServerProcess({
      TABLES_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
      WARD_POSTCODES_FILE: listFile(),
    });
    server = running;
    const connector = await new RecordingConnector().start();
    try {
      const surgery = await new TabApi(server.url).openSurgery({ ward: 'Market' });
      writeFileSync(listFile(), `${LISTS}RV10 1AA,Market\n`);
      server.child.kill('SIGHUP');
      // The files are also looked at every FILES_POLL_MS, but a change is only read once it has held still
      // for two looks, so a reload sooner than one look after the change can only be SIGHUP's: the one wait in
      // this file that is a time limit, kept as long as that allows.
      await eventually(() => running.output().includes('ward postcode lists reloaded'), 'the lists are reloaded', FILES_POLL_MS);

      await new Resident({ app: server, connector }).checksIn({ name: 'Ann Lee', postcode: 'RV10 1AA', issue: 'Bins' });
      expect((await new TabApi(server.url).queue(surgery.id)).active.map((row) => row.wardCheck)).toEqual(['in_ward']);
    } finally {
      await connector.stop();
    }
  });
});
