import { TableClient, TableServiceClientOptions } from '@azure/data-tables';
import { Storage } from '../ports';
import { TableChatRepository } from './table-chat-repository';
import { TableOutboxRepository } from './table-outbox-repository';
import { TableStatusLinkRepository } from './table-status-link-repository';
import { TableBookingLinkRepository } from './table-booking-link-repository';
import { TableSurgeryRepository } from './table-surgery-repository';
import { TableAuditRepository } from './table-audit-repository';
import { TableReferenceTryRepository } from './table-reference-try-repository';
import { TableWardLengthsRepository } from './table-ward-lengths-repository';
import { TableMeetingApisRepository } from './table-meeting-apis-repository';
import { isTableServiceOutage } from './table-errors';
import { RequestCounter } from './request-counter';
import { BOUNDED_RETRIES, OutageWatch } from './outage-watch';

export interface TableStorageOptions {
  connectionString: string;
  /** Goes before each table name, so several environments or test runs can share one storage account. */
  tablePrefix?: string;
  /** Azurite speaks plain http; Azure itself never needs this. */
  allowInsecureConnection?: boolean;
  /** Tests that expect storage to be down use this to fail at once instead of after several retries. */
  retryOptions?: TableServiceClientOptions['retryOptions'];
  /** Counts every request and row read, for tests and the benchmark. */
  counter?: RequestCounter;
  /**
   * How long one call to storage may take, retries included, before it fails as an outage (see OutageWatch).
   * The server passes STORAGE_CALL_TIMEOUT_MS; scripts, which nobody waits on, give storage longer.
   */
  callTimeoutMs?: number;
}

const SCRIPT_CALL_TIMEOUT_MS = 30_000;

/** Azurite (the default local connection string, or any http endpoint) speaks plain http; Azure never does. */
export function isPlainHttp(connectionString: string): boolean {
  return connectionString.includes('http://') || connectionString === 'UseDevelopmentStorage=true';
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

const HEALTH_TIMEOUT_MS = 3000;

function tableClient(options: TableStorageOptions, name: string, watch: ReturnType<OutageWatch['policy']>): TableClient {
  const tableName = `${options.tablePrefix ?? ''}${name}`;
  if (!TABLE_NAME.test(tableName)) {
    throw new Error(`"${tableName}" is not a valid table name: use 3 to 63 letters and digits, starting with a letter`);
  }
  const client = TableClient.fromConnectionString(options.connectionString, tableName, {
    allowInsecureConnection: options.allowInsecureConnection ?? false,
    retryOptions: options.retryOptions ?? BOUNDED_RETRIES,
    additionalPolicies: [watch],
  });
  // Inside the retry policy, so every attempt the service answered counts: each is a request it bills.
  if (options.counter) client.pipeline.addPolicy(options.counter.policyFor(name), { afterPhase: 'Retry' });
  return client;
}

/** Storage in Azure Tables (or Azurite). Creates its tables when they are missing. */
export async function createTableStorage(options: TableStorageOptions): Promise<Storage> {
  // One for all the tables: they are one service, up or down together.
  const outage = new OutageWatch(options.callTimeoutMs ?? SCRIPT_CALL_TIMEOUT_MS);
  const watched = outage.policy();
  const surgeries = tableClient(options, 'surgeries', watched);
  const chats = tableClient(options, 'chats', watched);
  const outboxWork = tableClient(options, 'outboxwork', watched);
  const statusLinks = tableClient(options, 'statuslinks', watched);
  const bookingLinks = tableClient(options, 'bookinglinks', watched);
  const audit = tableClient(options, 'audit', watched);
  const surgeryIndex = tableClient(options, 'surgeryindex', watched);
  const wardLengths = tableClient(options, 'wardlengths', watched);
  // Health checks must answer quickly either way, so their client does not retry.
  const healthProbe = tableClient({ ...options, retryOptions: { maxRetries: 0 } }, 'surgeries', outage.policy(true));
  const surgeryRepository = new TableSurgeryRepository(surgeries, surgeryIndex);
  await outage.patiently(async () => {
    // createTable treats "already exists" (409) as success, so this is safe on every start.
    await Promise.all([
      surgeries.createTable(),
      chats.createTable(),
      outboxWork.createTable(),
      statusLinks.createTable(),
      bookingLinks.createTable(),
      audit.createTable(),
      surgeryIndex.createTable(),
      wardLengths.createTable(),
    ]);
    await surgeryRepository.buildIndex();
  });
  const endpoint = new URL(surgeries.url).origin;
  return {
    surgeries: surgeryRepository,
    chats: new TableChatRepository(chats),
    outbox: new TableOutboxRepository(surgeries, outboxWork),
    statusLinks: new TableStatusLinkRepository(statusLinks),
    bookingLinks: new TableBookingLinkRepository(bookingLinks),
    referenceTries: new TableReferenceTryRepository(chats),
    wardLengths: new TableWardLengthsRepository(wardLengths),
    meetingApis: new TableMeetingApisRepository(chats),
    audit: new TableAuditRepository(audit),
    health: {
      async ping() {
        // At most one row, whatever the table holds: proves the service answers and accepts our key.
        const rows = healthProbe.listEntities({
          queryOptions: { select: ['PartitionKey'] },
          abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
        });
        await rows.byPage({ maxPageSize: 1 }).next();
      },
      isOutage: (error) => isTableServiceOutage(error, endpoint),
    },
  };
}
