import type { Config } from '../config';
import { dataRequestsOver } from '../services/data-requests';
import type { QueueService } from '../services/queue-service';
import { Retention } from '../services/retention';
import { RetentionJob } from '../services/retention-job';
import type { Basics } from './basics';

/** Residents' data: its removal when due, the audit trail of who saw what, and officers' data requests. */
export function retentionFeature(settings: Config['retention'], basics: Basics, queue: QueueService, newId: () => string) {
  const { clock, scheduler, log, onError, storage } = basics;
  const { dataRequests, eraser, audit } = dataRequestsOver(storage, queue, clock, newId);
  const job = new RetentionJob({
    retention: new Retention({
      queue,
      eraser,
      audit,
      clock,
      settings: { retentionDays: settings.days, auditRetentionDays: settings.auditDays },
    }),
    intervalMs: settings.checkMinutes * 60_000,
    scheduler,
    // A run that removed nothing is routine, and would only push the start-up's "where to go" out of sight.
    onRun: (run) => {
      if (Object.values(run).some((count) => count > 0)) log.info('retention run', { ...run });
      else log.debug('retention run', { ...run });
    },
    onError,
  });
  return { job, dataRequests, audit };
}
