import { lobbyTag } from '../../bot/domain/lobby-tag';
import type { CallLengthFigures, QueueState, Surgery, Visit, VisitEvent } from '../../bot/domain/model';
import { isRefusal } from '../../bot/domain/refusal';
import { applyVisitEvent } from '../../bot/domain/visit';
import { SimulatedResident, SimulatedSurgery } from './surgery-simulator';

export const SURGERY_START = new Date('2025-03-01T10:00:00.000Z');

export function timeAt(minutes: number): Date {
  return new Date(SURGERY_START.getTime() + minutes * 60_000);
}

function surgeryOf(simulated: SimulatedSurgery, ticketsIssued: number, callLengthPrior?: CallLengthFigures): Surgery {
  return {
    id: `surgery-${simulated.scenario.seed}`,
    ward: 'Riverside',
    startsAt: SURGERY_START.toISOString(),
    endsAt: timeAt(simulated.lengthMinutes).toISOString(),
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_simulated%40thread.v2/0',
    councillors: simulated.councillors,
    status: 'open',
    ticketsIssued,
    createdAt: timeAt(-60 * 24).toISOString(),
    createdBy: simulated.councillors[0]!,
    openedAt: SURGERY_START.toISOString(),
    ...(callLengthPrior ? { callLengthPrior } : {}),
  };
}

/** What had happened to a resident before `minutes`, as the app would have recorded it. */
function visitAt(surgeryId: string, resident: SimulatedResident, minutes: number): Visit {
  let visit: Visit = {
    id: resident.id,
    surgeryId,
    ticket: resident.ticket,
    lobbyTag: lobbyTag(resident.name, resident.ticket),
    channel: 'webchat',
    name: resident.name,
    postcode: 'SW1A 1AA',
    issue: 'Simulated visit.',
    status: 'waiting',
    checkedInAt: timeAt(resident.checkInAt).toISOString(),
  };
  const events: [number | undefined, VisitEvent][] = [
    [resident.calledAt, { type: 'call', by: resident.calledBy ?? '' }],
    [resident.joinedAt, { type: 'join' }],
    [resident.finishedAt, resident.outcome === 'no_show' ? { type: 'no_show' } : { type: 'see', outcome: 'Simulated.' }],
  ];
  if (resident.leftAt !== undefined) events.push([resident.leftAt, { type: 'leave' }]);
  for (const [at, event] of events) {
    if (at === undefined) continue;
    if (at >= minutes) break;
    const next = applyVisitEvent(visit, event, timeAt(at));
    if (isRefusal(next)) throw new Error(`Simulation broke a visit rule: ${next.message}`);
    visit = next;
  }
  return visit;
}

/**
 * The queue as stored at `minutes`: everyone checked in by then, with what happened to them before then.
 * (Strictly before, so a resident checking in at that moment is still waiting, as they are when first told.)
 */
export function queueAt(simulated: SimulatedSurgery, minutes: number, callLengthPrior?: CallLengthFigures): QueueState {
  const present = simulated.residents.filter((r) => r.checkInAt <= minutes);
  const surgery = surgeryOf(simulated, present.length, callLengthPrior);
  return { surgery, visits: present.map((r) => visitAt(surgery.id, r, minutes)) };
}
