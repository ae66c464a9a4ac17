import { RestError, TableClient } from '@azure/data-tables';

/** The service's error code. A failed transaction carries it in `code`; a single operation only in `details`. */
function serviceCode(error: RestError): string | undefined {
  const details = error.details as { odataError?: { code?: string } } | undefined;
  return error.code ?? details?.odataError?.code;
}

export function isServiceError(error: unknown, statusCode: number, code?: string): boolean {
  return error instanceof RestError && error.statusCode === statusCode && (code === undefined || serviceCode(error) === code);
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
