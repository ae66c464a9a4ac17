import { sameWard } from '../domain/ward';
import { surgerySummary } from '../domain/queue-view';
import type { QueueState, Visit } from '../domain/model';
import { isRefusal } from '../domain/refusal';
import { QueueService } from './queue-service';
import type { ResidentMessage } from '../domain/messages';
import { refusalReply } from './refusal-replies';
import type { MayNotBeReachedChoice } from './card-actions';

/**
 * Does what the resident chose. `active` is their visit still in a queue, if any; a choice made for a visit
 * that is no longer waiting (called, left, a surgery since ended) is answered kindly and changes nothing.
 */
export async function answerMayNotBeReached(
  queue: Pick<QueueService, 'currentSurgeries' | 'leaveIssue'>,
  choice: MayNotBeReachedChoice,
  visitId: unknown,
  active: { state: QueueState; visit: Visit } | undefined,
  now: Date,
  datesUrl: string,
): Promise<ResidentMessage[] | undefined> {
  if (!active || active.visit.id !== visitId || active.visit.status !== 'waiting') return undefined;
  const { state, visit } = active;
  switch (choice) {
    case 'keep_waiting':
      return [{ kind: 'still_waiting', lobbyTag: visit.lobbyTag }];
    case 'next_surgery': {
      const later = (await queue.currentSurgeries()).filter(
        (s) => s.status === 'scheduled' && s.startsAt > now.toISOString() && sameWard(s, state.surgery),
      );
      const next = later[0];
      return [
        {
          kind: 'next_surgery',
          ward: state.surgery.ward,
          lobbyTag: visit.lobbyTag,
          ...(next ? { next: surgerySummary(next) } : {}),
          datesUrl,
        },
      ];
    }
    case 'leave_issue': {
      const applied = await queue.leaveIssue(state.surgery.id, visit.id);
      if (isRefusal(applied)) return [refusalReply(applied)];
      const left = applied.state.visits.find((v) => v.id === visit.id)!;
      return [{ kind: 'issue_left', ward: state.surgery.ward, caseReference: left.caseReference! }];
    }
  }
}
