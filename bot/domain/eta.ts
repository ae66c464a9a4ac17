import { QueueState, waitingInOrder } from './queue';

export interface EtaSettings {
  /** Expected length of one consultation, in minutes. */
  consultationMinutes: number;
}

/**
 * A plain estimate: each councillor sees one resident at a time, each consultation takes the expected
 * length, and residents already called or with a councillor are ahead of everyone waiting.
 * Returns each waiting resident's estimated admit time, by visit id.
 */
export function estimateAdmitTimes(state: QueueState, settings: EtaSettings, now: Date): Map<string, Date> {
  const councillors = Math.max(1, state.surgery.councillors.length);
  const busy = state.visits.filter((v) => v.status === 'called' || v.status === 'in_consultation').length;
  const slotMs = settings.consultationMinutes * 60_000;
  const estimates = new Map<string, Date>();
  waitingInOrder(state.visits).forEach((visit, index) => {
    const ahead = busy + index;
    const rounds = ahead < councillors ? 0 : Math.floor((ahead - councillors) / councillors) + 1;
    estimates.set(visit.id, new Date(now.getTime() + rounds * slotMs));
  });
  return estimates;
}
