import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SurgerySummary } from '../../bot/api-types';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { PATIENCE_MS, eventually } from '../support/patience';
import { RecordingConnector, cardOf, textOf } from '../support/recording-connector';
import { freePort } from '../support/server-process';
import { Resident, TabApi } from '../support/test-app';

const root = path.resolve(__dirname, '..', '..');
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0';
const DAY = 86_400_000;

/** `npm start` as a newcomer runs it (without the Playground), on a port that is not the default. */
interface LocalRun {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function startLocal(env: Record<string, string>): Promise<LocalRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start-local.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PLAYGROUND: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Starting compiles the server with tsx: slow on a busy machine, so twice a test's usual patience.
  await eventually(() => output.includes('Press Ctrl+C') || child.exitCode !== null, 'npm start to say where to go', 2 * PATIENCE_MS);
  if (child.exitCode !== null) throw new Error(`npm start stopped:\n${output}`);
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** Every address a page links to or loads, on the page's own server. */
function sameOriginLinks(pageUrl: string, body: string): string[] {
  const origin = new URL(pageUrl).origin;
  return [...body.matchAll(/(?:href|src|action)="([^"]+)"/g)]
    .map((match) => new URL(match[1]!.replace(/&amp;/g, '&'), pageUrl))
    .filter((url) => url.origin === origin && !url.hash)
    .map((url) => url.href);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** Opens `url` and everything it links to on the same server; returns each address with its status. */
async function follow(url: string): Promise<Record<string, number>> {
  const page = await get(url);
  const statuses: Record<string, number> = { [url]: page.status };
  for (const link of sameOriginLinks(url, page.body)) statuses[link] ??= (await get(link)).status;
  return statuses;
}

const allOk = (statuses: Record<string, number>) => Object.entries(statuses).filter(([, status]) => status !== 200);

describe('npm start on a port of your choosing', () => {
  let azurite: RunningAzurite;
  let connector: RecordingConnector;
  let mailbox: string;
  let run: LocalRun | undefined;

  beforeAll(async () => {
    azurite = await startAzurite();
    connector = await new RecordingConnector().start();
    mailbox = mkdtempSync(path.join(os.tmpdir(), 'sq-start-local-'));
  });

  afterAll(async () => {
    await run?.stop();
    await connector.stop();
    await azurite.stop();
    rmSync(mailbox, { recursive: true, force: true });
  });

  it('When PORT is set and PUBLIC_BASE_URL is not, then every link the app gives residents opens on that port', async () => {
    const port = await freePort();
    run = await startLocal({
      PORT: String(port),
      AZURITE_TABLE_PORT: new URL(/TableEndpoint=([^;]+)/.exec(azurite.connectionString)![1]!).port,
      TABLE_PREFIX: uniqueTablePrefix(),
      LOCAL_MAILBOX_DIR: mailbox,
    });
    const base = `http://localhost:${port}`;
    expect(run.output()).toContain(`Councillors' tab:    ${base}/tab/`);
    const api = new TabApi(base);
    const app = { app: { url: base }, connector };

    // A drop-in surgery open now, and one next week that takes bookings.
    const open = await api.openSurgery({ ward: 'Abbey', joinUrl: JOIN_URL });
    const created = await api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: new Date(Date.now() + 7 * DAY).toISOString(),
      endsAt: new Date(Date.now() + 7 * DAY + 2 * 3_600_000).toISOString(),
      joinUrl: JOIN_URL,
      councillors: ['Alex Morgan'],
      mode: 'bookings',
      slotMinutes: 10,
    });
    expect(created.status).toBe(201);

    // A resident checking in is given their status page.
    const jane = new Resident(app, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'AB1 1AA', issue: 'Potholes' });
    await eventually(() => jane.received.some((c) => textOf(c.activity).includes('You are in the queue')), 'the place card');
    const place = jane.received.find((c) => textOf(c.activity).includes('You are in the queue'))!;
    const statusLink = cardOf(place.activity)!.actions.find((a: { title: string }) => a.title === 'See your place in a browser').url;
    expect(statusLink).toMatch(new RegExp(`^${base}/status/`));
    expect(allOk(await follow(statusLink))).toEqual([]);

    // A resident booking is given the manage and calendar links, in the chat and by email.
    const omar = new Resident(app, 'webchat');
    await omar.submits({
      action: 'book',
      surgeryId: created.body.id,
      slot: '2',
      name: 'Omar Farouk',
      address: '3 Castle Row',
      postcode: 'AB1 1AB',
      issue: 'Bins not collected',
      contact: 'omar@example.com',
    });
    const confirmation = cardOf(omar.lastReceived()!.activity)!;
    const [calendar, manage] = confirmation.actions.map((a: { url: string }) => a.url);
    expect(manage).toMatch(new RegExp(`^${base}/bookings/`));
    expect(calendar).toBe(`${manage}/invite.ics`);
    expect(allOk(await follow(manage))).toEqual([]);
    expect((await get(calendar)).status).toBe(200);
    await eventually(() => readdirSync(mailbox).some((file) => file.endsWith('.eml')), 'the confirmation email');
    // Unfolded, as a calendar reads the invitation's long lines.
    const email = readFileSync(
      path.join(
        mailbox,
        readdirSync(mailbox).find((file) => file.endsWith('.eml'))!,
      ),
      'utf8',
    ).replace(/\r\n[ \t]/g, '');
    // A link may end a sentence or sit in brackets, as a mail client would see it.
    const emailed = [...email.matchAll(/https?:\/\/[^\s<>"()]+[^\s<>"().,]/g)]
      .map((match) => match[0])
      .filter((url) => !url.startsWith(new URL(JOIN_URL).origin));
    expect(emailed.length).toBeGreaterThanOrEqual(2);
    for (const url of emailed) {
      expect(url).toMatch(new RegExp(`^${base}/`));
      expect([url, (await get(url)).status]).toEqual([url, 200]);
    }

    // The public listing, its calendar feed and the surgery page, with every link on them.
    expect(allOk(await follow(`${base}/surgeries`))).toEqual([]);
    const surgeryPage = await get(`${base}/surgeries/${open.id}`);
    expect(allOk(await follow(`${base}/surgeries/${open.id}`))).toEqual([]);
    const localPorts = [...surgeryPage.body.matchAll(/localhost:(\d+)/g)].map((match) => Number(match[1]));
    expect(localPorts.every((used) => used === port)).toBe(true);

    // The sample postcode lists put AB1 in Abbey.
    expect((await api.queue(open.id)).active[0]).toMatchObject({ name: 'Jane Smith', wardCheck: 'in_ward' });

    // Everything above was dozens of requests, none of which pushed the "where to go" out of sight: what
    // follows it is news a newcomer wants, such as where the confirmation email was written.
    const [startUp, afterBanner] = run.output().split('Press Ctrl+C to stop.');
    expect(afterBanner!.trim().split('\n')).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d email written to the local mailbox file=\S+\.eml$/),
    ]);
    const logLines = startUp!.split('Surgery Queue is running locally')[0]!.trim().split('\n');
    expect(logLines).toEqual(expect.arrayContaining([expect.stringMatching(/^\d\d:\d\d:\d\d server started port=\d+ localMode=true/)]));
    for (const line of logLines) {
      expect(line).toMatch(/^(\d\d:\d\d:\d\d [a-z]|Using the Azurite already listening)/);
      expect(line.length).toBeLessThan(160);
    }
    expect(run.output()).not.toMatch(/Deprecation|Warning:|^\{/m);
  });
});
