/**
 * `npm run data-request -- search|export|erase --email <address> | --phone <number> | --reference <ref>`:
 * an officer's subject access or erasure request, run straight against the configured storage
 * (TABLES_CONNECTION_STRING, TABLE_PREFIX) with the same service as the server's routes. Prints JSON.
 * Audited as "cli:<this computer's user name>".
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../bot/config';
import { ResidentKey, parseResidentKey } from '../bot/domain/data-request';
import { DEFAULT_WAIT_SETTINGS } from '../bot/domain/wait-model';
import { dataRequestsOver } from '../bot/services/data-requests';
import { QueueService } from '../bot/services/queue-service';
import { createTableStorage, isPlainHttp } from '../bot/storage/tables/table-storage';

const ACTIONS = ['search', 'export', 'erase'] as const;
type Action = (typeof ACTIONS)[number];

const USAGE = 'Usage: npm run data-request -- search|export|erase --email <address> | --phone <number> | --reference <reference>';

function request(argv: string[]): { action: Action; key: ResidentKey } | string[] {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: 'string' }, phone: { type: 'string' }, mobile: { type: 'string' }, reference: { type: 'string' } },
    });
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const problems: string[] = [];
  const action = ACTIONS.find((a) => a === parsed.positionals[0]);
  if (!action || parsed.positionals.length !== 1) problems.push('Say search, export or erase, once.');
  const key = parseResidentKey(parsed.values);
  if (!key.ok) problems.push(...key.problems.map((p) => `--${p.field}: ${p.message}`));
  return action && key.ok && problems.length === 0 ? { action, key: key.value } : problems;
}

async function main(): Promise<number> {
  const asked = request(process.argv.slice(2));
  if (Array.isArray(asked)) {
    process.stderr.write(`${[...asked, USAGE].join('\n')}\n`);
    return 64;
  }
  const config = loadConfig(process.env);
  const storage = await createTableStorage({
    connectionString: config.storage.connectionString,
    tablePrefix: config.storage.tablePrefix,
    allowInsecureConnection: isPlainHttp(config.storage.connectionString),
  });
  const clock = () => new Date();
  const newId = () => randomBytes(9).toString('base64url');
  // Running servers see the changes through storage (the queue's ETag), so nothing here tells them.
  const queue = new QueueService({
    surgeries: storage.surgeries,
    statusLinks: storage.statusLinks,
    clock,
    newId,
    newStatusToken: newId,
    wait: DEFAULT_WAIT_SETTINGS,
    onChanged: () => undefined,
    onPromised: () => undefined,
  });
  const { dataRequests: requests } = dataRequestsOver(storage, queue, clock, newId);
  const officer = { id: `cli:${userInfo().username}`, name: `cli:${userInfo().username}` };
  const { action, key } = asked;
  const result =
    action === 'search'
      ? { matches: await requests.search(key, officer) }
      : action === 'export'
        ? await requests.export(key, officer)
        : await requests.erase(key, officer);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`The request failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
