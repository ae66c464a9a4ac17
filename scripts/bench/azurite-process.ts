/**
 * Azurite's table service, in memory, in a process of its own, counting the requests it answers. Started
 * by azurite.ts with an IPC channel: it sends { type: 'ready', port } and answers { type: 'counts' }.
 * The server is the one tests/support/azurite.ts builds, so the bench measures what the tests use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inMemoryTableServer } from '../../tests/support/azurite';
import { SURGERY_ROW } from '../../bot/storage/tables/storage-keys';
import type { AzuriteCounts } from './azurite-counts';

const counts: AzuriteCounts = { total: 0, byKind: {}, conflicts: 0, failures: 0, surgeryRowReads: {} };

/** What a Tables REST call does, and to which table: "query sqsurgeries", "point write sqchats", "batch". */
function requestKind(method: string, url: string): string {
  const path = decodeURIComponent(url.split('?')[0] ?? '');
  const rest = path.replace(/^\/[^/]+\//, '');
  if (rest.startsWith('$batch')) return 'batch';
  if (rest === 'Tables' || rest.startsWith('Tables(')) return `${method === 'GET' ? 'list' : 'create/delete'} tables`;
  const table = rest.split('(')[0];
  if (rest.includes('(PartitionKey=')) {
    if (method === 'GET') return `point read ${table}`;
    if (method === 'DELETE') return `delete ${table}`;
    return `point write ${table}`;
  }
  // The outbox's look at a surgery marked as having work: its due messages and whether any are pending.
  if (
    method === 'GET' &&
    /kind eq 'outbox' and status eq 'pending'/.test(decodeURIComponent(url)) &&
    !/chatKey eq/.test(decodeURIComponent(url))
  )
    return `outbox look ${table}`;
  return method === 'GET' ? `query ${table}` : `insert ${table}`;
}

// A point read of a surgery's own row; OData doubles a quote inside a key.
const SURGERY_ROW_READ = new RegExp(`^/[^/]+/\\w*surgeries\\(PartitionKey='((?:[^']|'')*)',RowKey='${SURGERY_ROW}'\\)$`);

/** The surgery whose own row a point read asks for, if it is one. */
export function surgeryRowRead(method: string, url: string): string | undefined {
  if (method !== 'GET') return undefined;
  const found = SURGERY_ROW_READ.exec(decodeURIComponent(url.split('?')[0] ?? ''));
  return found?.[1]?.replace(/''/g, "'");
}

function count(req: IncomingMessage, res: ServerResponse): void {
  const kind = requestKind(req.method ?? 'GET', req.url ?? '/');
  counts.total += 1;
  counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
  // Only a point read can be one; the pattern need not run on every request of the counted Azurite.
  const surgeryId = kind.startsWith('point read ') ? surgeryRowRead(req.method ?? 'GET', req.url ?? '/') : undefined;
  if (surgeryId !== undefined) counts.surgeryRowReads[surgeryId] = (counts.surgeryRowReads[surgeryId] ?? 0) + 1;
  if (kind === 'batch') {
    // A transaction answers 202 even when its condition fails; the 412 is inside the multipart body.
    const sniff = (chunk: unknown) => {
      if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && chunk.includes(' 412 ')) counts.conflicts += 1;
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => (sniff(chunk), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => (sniff(chunk), end(chunk, ...rest))) as typeof res.end;
  }
  res.once('finish', () => {
    // 404 is how Tables says "no such entity", which the app asks routinely; only real failures count.
    if (res.statusCode >= 400 && res.statusCode !== 404) counts.failures += 1;
  });
}

async function main(): Promise<void> {
  const server = inMemoryTableServer();
  server.httpServer.prependListener('request', count);
  await server.start();
  const { port } = server.httpServer.address() as AddressInfo;
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message.type === 'counts') process.send?.({ type: 'counts', id: message.id, counts });
  });
  // Never outlive the bench, however it ends.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Azurite did not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
