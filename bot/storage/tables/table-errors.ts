import { RestError, TableClient } from '@azure/data-tables';

/** The service's error code. A failed transaction carries it in `code`; a single operation only in `details`. */
function serviceCode(error: RestError): string | undefined {
  const details = error.details as { odataError?: { code?: string } } | undefined;
  return error.code ?? details?.odataError?.code;
}

export function isServiceError(error: unknown, statusCode: number, code?: string): boolean {
  return error instanceof RestError && error.statusCode === statusCode && (code === undefined || serviceCode(error) === code);
}

/**
 * The Table service at `endpoint` did not answer or could not serve the request (no status: the network;
 * 5xx: the service). Known by where the failed request was going, since other Azure and Bot Framework
 * clients throw errors of the same name and codes.
 */
export function isTableServiceOutage(error: unknown, endpoint: string): boolean {
  if (!(error instanceof RestError)) return false;
  const url = error.request?.url;
  return url !== undefined && new URL(url).origin === endpoint && (error.statusCode === undefined || error.statusCode >= 500);
}

/** The entity is missing (not the table: a missing table is a deployment fault and must surface). */
export function isEntityNotFound(error: unknown): boolean {
  return isServiceError(error, 404, 'ResourceNotFound');
}

/** Deletes a row; one already gone is not an error, so forgetting a resident can safely be repeated. */
export async function deleteIfPresent(table: TableClient, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await table.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (!isEntityNotFound(error)) throw error;
  }
}
