import type { Config } from '../config';
import type { AuditTrail } from '../services/audit-trail';
import { OfficerOverview } from '../services/officer-overview';
import type { QueueService } from '../services/queue-service';
import type { Basics } from './basics';
import type { Wards } from './wards';

/**
 * What officers look over: surgeries coming up and those still holding residents' details, messages that did
 * not reach residents, the audit trail (as far back as it is kept) and the ward lists in use.
 */
export function officersFeature(
  settings: Config['retention'],
  basics: Basics,
  needs: { queue: QueueService; audit: AuditTrail; wards: Wards },
): OfficerOverview {
  const { roster, postcodes } = needs.wards;
  return new OfficerOverview({
    queue: needs.queue,
    outbox: basics.storage.outbox,
    audit: needs.audit,
    auditRetentionDays: settings.auditDays,
    ...(roster ? { roster } : {}),
    ...(postcodes ? { postcodes } : {}),
    clock: basics.clock,
  });
}
