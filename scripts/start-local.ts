/**
 * `npm start`: runs everything locally. Starts Azurite (data kept in .data/azurite, so a restart loses
 * nothing), the server (bot/index.ts, whose surgery pages carry web chat through its own Direct Line) and the
 * Microsoft 365 Agents Playground as a resident's Teams client, then says where to go. Ctrl+C stops all three.
 *
 * The server reads its own settings from the environment; this script only fills in local defaults.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LOCAL_MAILBOX_DIR } from '../bot/config';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const port = process.env.PORT ?? '3978';
const azuritePort = Number(process.env.AZURITE_TABLE_PORT ?? '10002');
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
const dataDirectory = path.join(root, '.data', 'azurite');
const children: ChildProcess[] = [];

function portAnswers(portNumber: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(portNumber, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${seconds} seconds`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} stopped (${signal ?? `exit code ${code}`}).\n`);
      if (name === 'server') stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());

async function main(): Promise<void> {
  if (await portAnswers(azuritePort)) {
    process.stdout.write(`Using the Azurite already listening on 127.0.0.1:${azuritePort}.\n`);
  } else {
    mkdirSync(dataDirectory, { recursive: true });
    run(
      'Azurite',
      bin('azurite-table'),
      [
        '--tableHost',
        '127.0.0.1',
        '--tablePort',
        String(azuritePort),
        '--location',
        dataDirectory,
        '--disableTelemetry',
        '--silent',
        '--skipApiVersionCheck',
      ],
      process.env,
      true,
    );
    await waitFor('Azurite', () => portAnswers(azuritePort), 20);
  }

  const tables = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${azuritePort}/devstoreaccount1;`;
  // The sample roster and postcode lists (wards Abbey, Castle, Riverside and Market) unless you name your own lists, or '' for none.
  const sampleWards = process.env.WARD_POSTCODES_FILE === undefined && process.env.WARD_POSTCODES_DIR === undefined;
  const wardLists = sampleWards
    ? { WARD_POSTCODES_FILE: path.join(root, 'data', 'ward-postcodes.sample.csv'), WARDS_FILE: path.join(root, 'data', 'wards.sample.csv') }
    : {};
  run('server', bin('tsx'), [path.join(root, 'bot', 'index.ts')], {
    ...process.env,
    LOCAL_MODE: 'true',
    PORT: port,
    // Links given to residents (status pages, booking emails, calendar and manage links) name the port in use.
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    TABLES_CONNECTION_STRING: process.env.TABLES_CONNECTION_STRING ?? tables,
    ...wardLists,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('The server', async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200, 60);

  const withPlayground = process.env.PLAYGROUND !== 'off';
  if (withPlayground) {
    run(
      'Agents Playground',
      bin('agentsplayground'),
      ['-e', `${base}/api/messages`, '-c', process.env.PLAYGROUND_CHANNEL ?? 'msteams', '--dt', '-p', playgroundPort],
      {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none',
      },
      true,
    );
  }

  process.stdout.write(
    [
      '',
      'Surgery Queue is running locally (local mode: no sign-in, not for production).',
      '',
      `  Councillors' tab:    http://localhost:${port}/tab/`,
      `  Officers' page:      http://localhost:${port}/officers/  (residents' data requests, ward lists, failed messages, audit trail)`,
      `  Residents' web chat: http://localhost:${port}/surgeries  (open a surgery's page in two or three windows: each is a resident)`,
      withPlayground
        ? `  Resident in Teams:   http://localhost:${playgroundPort}  (Microsoft 365 Agents Playground; send any message to check in)`
        : `  Resident in Teams:   npx agentsplayground -e ${base}/api/messages -c msteams`,
      `  Health:              ${base}/healthz`,
      `  Data:                ${path.relative(root, dataDirectory)}/ (delete it to start afresh)`,
      process.env.NOTIFY_API_KEY
        ? '  Emails and texts:    sent to residents through GOV.UK Notify (NOTIFY_API_KEY is set)'
        : `  Emails and texts:    ${process.env.LOCAL_MAILBOX_DIR ?? LOCAL_MAILBOX_DIR}/ (written to files; nothing is sent)`,
      ...(sampleWards
        ? [
            '  Wards:               data/wards.sample.csv (Abbey, Castle, Riverside and Market wards and their councillors)',
            '  Ward postcodes:      data/ward-postcodes.sample.csv',
          ]
        : []),
      '',
      'Set up and open a surgery in the tab, then chat as a resident. Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  stop(1);
});
