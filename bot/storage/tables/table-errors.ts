import { RestError } from '@azure/data-tables';

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
