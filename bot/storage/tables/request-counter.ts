import type { TableClient } from '@azure/data-tables';

type PipelinePolicy = Parameters<TableClient['pipeline']['addPolicy']>[0];

/**
 * Storage requests made and rows read, per table, as the service answered them. Tests and the benchmark
 * read it to prove an operation's cost does not grow with history; production leaves it out.
 */
export class RequestCounter {
  requests = 0;
  rowsRead = 0;
  readonly byTable = new Map<string, { requests: number; rowsRead: number }>();

  /** The counts from now on, from zero. */
  reset(): void {
    this.requests = 0;
    this.rowsRead = 0;
    this.byTable.clear();
  }

  /** A pipeline policy that counts each request to `table`. */
  policyFor(table: string): PipelinePolicy {
    return {
      name: `count-${table}`,
      sendRequest: async (request, next) => {
        const response = await next(request);
        const rows = response.status === 200 && request.method === 'GET' ? rowsIn(response.bodyAsText) : 0;
        this.requests += 1;
        this.rowsRead += rows;
        const counts = this.byTable.get(table) ?? { requests: 0, rowsRead: 0 };
        this.byTable.set(table, { requests: counts.requests + 1, rowsRead: counts.rowsRead + rows });
        return response;
      },
    };
  }
}

/** A query answers `{ value: [rows] }`, a point read the row itself. */
function rowsIn(body: string | null | undefined): number {
  if (!body) return 0;
  try {
    const parsed = JSON.parse(body) as { value?: unknown };
    return Array.isArray(parsed.value) ? parsed.value.length : 1;
  } catch {
    return 0;
  }
}
