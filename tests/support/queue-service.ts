import { randomBytes } from 'node:crypto';
import { STATUS_TOKEN_BYTES } from '../../bot/domain/status-token';
import { DEFAULT_WAIT_SETTINGS } from '../../bot/domain/wait-model';
import { QueueService, QueueServiceDeps } from '../../bot/services/queue-service';
import type { Storage } from '../../bot/storage/ports';

/** The queue over this storage, as a server runs it, telling nobody of its changes unless `more` says so. */
export function queueServiceOver(
  storage: Pick<Storage, 'surgeries' | 'statusLinks'>,
  clock: () => Date,
  more: Partial<QueueServiceDeps> = {},
): QueueService {
  return new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId: () => randomBytes(9).toString('base64url'),
    newStatusToken: () => randomBytes(STATUS_TOKEN_BYTES).toString('base64url'),
    statusLinks: storage.statusLinks,
    wait: DEFAULT_WAIT_SETTINGS,
    onChanged: () => undefined,
    onPromised: () => undefined,
    ...more,
  });
}
