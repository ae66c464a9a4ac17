import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RestError, TableClient } from '@azure/data-tables';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { startAzurite, uniqueTablePrefix } from '../support/azurite';

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The request an Azure SDK error names: only its address matters here. */
const towards = (url: string) => ({ url }) as NonNullable<ConstructorParameters<typeof RestError>[1]>['request'];

/** What an error thrown by `attempt` is, or a failure if it did not throw. */
async function errorFrom(attempt: () => Promise<unknown>): Promise<unknown> {
  try {
    await attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected the attempt to fail');
}

describe('Telling a storage outage from other failures', () => {
  it('When the Table service stops answering, then its errors are a storage outage and a refusal from it is not', async () => {
    const azurite = await startAzurite();
    const storage = await createTableStorage({
      connectionString: azurite.connectionString,
      tablePrefix: uniqueTablePrefix(),
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    // The service answered, and said no: a missing table is a fault to surface, not to retry.
    const missing = await errorFrom(() =>
      TableClient.fromConnectionString(azurite.connectionString, 'nosuchtable', { allowInsecureConnection: true }).getEntity('a', 'b'),
    );
    expect(missing).toBeInstanceOf(RestError);
    expect(storage.health.isOutage(missing)).toBe(false);

    await azurite.stop();
    const down = await errorFrom(() => storage.surgeries.current());
    expect(storage.health.isOutage(down)).toBe(true);
  });

  it('When Notify, Direct Line, Teams or Graph cannot be reached, then that is not a storage outage', async () => {
    const azurite = await startAzurite();
    const storage = await createTableStorage({
      connectionString: azurite.connectionString,
      tablePrefix: uniqueTablePrefix(),
      allowInsecureConnection: true,
    });
    await azurite.stop();
    const port = await closedPort();
    const elsewhere = [
      // fetch (Direct Line, Entra's keys, Graph) reports the refused connection as its cause.
      await errorFrom(() => fetch(`http://127.0.0.1:${port}/v3/directline/tokens/generate`, { method: 'POST' })),
      // Clients built on Node's http (Notify's) carry the system code itself.
      await errorFrom(
        () =>
          new Promise((resolve, reject) => {
            http.get(`http://127.0.0.1:${port}/v2/notifications/email`, resolve).on('error', reject);
          }),
      ),
      // An Azure SDK client bound for somewhere else, as the Bot Connector's is: same name and code as storage's.
      new RestError('connect ECONNREFUSED', {
        code: 'ECONNREFUSED',
        request: towards('http://connector.invalid/v3/conversations/x/activities'),
      }),
      new RestError('Service Unavailable', {
        statusCode: 503,
        request: towards('https://smba.trafficmanager.net/uk/v3/conversations/x/activities'),
      }),
    ];
    for (const error of elsewhere) expect(storage.health.isOutage(error)).toBe(false);
  });
});
