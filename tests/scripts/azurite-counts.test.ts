import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureNamedKeyCredential, TableClient } from '@azure/data-tables';
import { AzuriteCounts, countsBetween, countsTogether, stepRequests } from '../../scripts/bench/azurite-counts';
import { surgeryRowRead } from '../../scripts/bench/azurite-process';

// Azurite's well-known development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IHsuFq2UVErCz4I6tq/K1SZFy+BxkWtLkPJZuvcLCA==';

/** The request lines the Azure Tables client really sends for `ask`, answered "no such entity". */
async function urlsOf(ask: (client: TableClient) => Promise<unknown>): Promise<string[]> {
  const urls: string[] = [];
  const server = http.createServer((req, res) => {
    urls.push(`${req.method} ${req.url}`);
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ 'odata.error': { code: 'ResourceNotFound', message: { lang: 'en-US', value: 'Not found' } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new TableClient(
    `http://127.0.0.1:${port}/${DEV_ACCOUNT}`,
    'benchab12surgeries',
    new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY),
    {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    },
  );
  await ask(client).catch(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return urls;
}

const readOf = (line: string) => {
  const [method = '', url = ''] = line.split(' ');
  return surgeryRowRead(method, url);
};

describe('the bench telling which surgery a storage request read', () => {
  it('When the Tables client reads a surgery row as a stream poll does, then the count names that surgery', async () => {
    const [line] = await urlsOf((client) => client.getEntity('surgery-7f3a', 'surgery', { queryOptions: { select: ['kind'] } }));
    expect(readOf(line!)).toBe('surgery-7f3a');
  });

  it('When the surgery id holds a quote, which OData doubles in the address, then the count names it as it is', async () => {
    const [line] = await urlsOf((client) => client.getEntity("o'brien-7f3a", 'surgery', { queryOptions: { select: ['kind'] } }));
    expect(readOf(line!)).toBe("o'brien-7f3a");
  });

  it('When the client reads another row of the surgery, or writes its row, then no surgery row read is counted', async () => {
    const lines = await urlsOf(async (client) => {
      await client.getEntity('surgery-7f3a', 'visit-1').catch(() => undefined);
      await client.upsertEntity({ partitionKey: 'surgery-7f3a', rowKey: 'surgery', data: '{}' }).catch(() => undefined);
    });
    expect(lines).toHaveLength(2);
    expect(lines.map(readOf)).toEqual([undefined, undefined]);
  });
});

describe("a resident's step, counted among other surgeries' tabs", () => {
  const counts = (surgeryRowReads: Record<string, number>, byKind: Record<string, number>): AzuriteCounts => ({
    total: Object.values(byKind).reduce((sum, n) => sum + n, 0),
    byKind,
    conflicts: 0,
    failures: 0,
    surgeryRowReads,
  });

  it("When 19 other surgeries' tabs polled during a hello, then the hello is charged only what it asked for", () => {
    const polls = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`other-${i}`, 1]));
    const before = counts({ counted: 3, 'other-0': 4 }, { 'point read benchsurgeries': 7, 'query benchsurgeryindex': 10 });
    const after = counts(
      { counted: 3, ...polls, 'other-0': 5 },
      { 'point read benchsurgeries': 26, 'query benchsurgeryindex': 11, 'point read benchchats': 1, 'outbox look benchsurgeries': 2 },
    );
    expect(stepRequests(countsBetween(before, after), 'counted')).toBe(2);
  });

  it('When the step read its own surgery row, then that read is charged to it', () => {
    const before = counts({}, {});
    const after = counts({ counted: 1, other: 1 }, { 'point read benchsurgeries': 2, 'point read benchchats': 1 });
    expect(stepRequests(countsBetween(before, after), 'counted')).toBe(2);
  });
});

describe('check-in runs counted one after another', () => {
  it('When two runs are counted apart, then together they hold every request of both, kind by kind', () => {
    const first: AzuriteCounts = {
      total: 5,
      byKind: { 'transaction benchsurgeries': 3, 'point read benchchats': 2 },
      conflicts: 1,
      failures: 0,
      surgeryRowReads: { one: 2 },
    };
    const second: AzuriteCounts = {
      total: 4,
      byKind: { 'transaction benchsurgeries': 2, 'query benchsurgeryindex': 2 },
      conflicts: 0,
      failures: 1,
      surgeryRowReads: { one: 1, two: 3 },
    };
    expect(countsTogether(first, second)).toEqual({
      total: 9,
      byKind: { 'transaction benchsurgeries': 5, 'point read benchchats': 2, 'query benchsurgeryindex': 2 },
      conflicts: 1,
      failures: 1,
      surgeryRowReads: { one: 3, two: 3 },
    });
  });
});
