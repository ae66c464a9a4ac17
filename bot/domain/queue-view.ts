import type { QueueView, ResidentRow, SurgerySummary } from '../api-types';
import { EtaSettings, estimateAdmitTimes } from './eta';
import { QueueState, waitingInOrder } from './queue';
import { Surgery } from './surgery';
import { Visit, isActive } from './visit';

const CHANNEL_NAMES: Record<string, string> = {
  msteams: 'Teams',
  webchat: 'Web chat',
  directline: 'Web chat',
  emulator: 'Test chat',
  phone: 'Phone',
};

export function channelName(channel: string): string {
  return CHANNEL_NAMES[channel] ?? channel;
}

export function surgerySummary(surgery: Surgery): SurgerySummary {
  const { id, ward, startsAt, endsAt, joinUrl, councillors, status } = surgery;
  return { id, ward, startsAt, endsAt, joinUrl, councillors, status };
}

const STAGE: Record<string, number> = { in_consultation: 0, called: 1, waiting: 2 };

function row(visit: Visit, position: number | undefined, estimate: Date | undefined): ResidentRow {
  return {
    visitId: visit.id,
    lobbyTag: visit.lobbyTag,
    name: visit.name,
    postcode: visit.postcode,
    issue: visit.issue,
    ...(visit.accessNeeds ? { accessNeeds: visit.accessNeeds } : {}),
    hasContact: visit.contact !== undefined,
    channel: channelName(visit.channel),
    status: visit.status,
    checkedInAt: visit.checkedInAt,
    ...(visit.calledAt ? { calledAt: visit.calledAt } : {}),
    ...(visit.calledBy ? { calledBy: visit.calledBy } : {}),
    ...(visit.joinedAt ? { joinedAt: visit.joinedAt } : {}),
    ...(visit.finishedAt ? { finishedAt: visit.finishedAt } : {}),
    ...(visit.outcome ? { outcome: visit.outcome } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(estimate ? { estimatedAdmitAt: estimate.toISOString() } : {}),
    ...(visit.lastMessage ? { lastMessage: visit.lastMessage } : {}),
  };
}

/** What councillors see: the whole queue in call order, with positions and estimates. */
export function buildQueueView(state: QueueState, eta: EtaSettings, now: Date): QueueView {
  const estimates = estimateAdmitTimes(state, eta, now);
  const positions = new Map(waitingInOrder(state.visits).map((v, i) => [v.id, i + 1]));
  const active = state.visits
    .filter(isActive)
    .sort((a, b) => STAGE[a.status]! - STAGE[b.status]! || (a.calledAt ?? '').localeCompare(b.calledAt ?? '') || a.ticket - b.ticket)
    .map((v) => row(v, positions.get(v.id), estimates.get(v.id)));
  const finished = state.visits
    .filter((v) => !isActive(v))
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))
    .map((v) => row(v, undefined, undefined));
  return { surgery: surgerySummary(state.surgery), active, finished, generatedAt: now.toISOString() };
}

/** What one waiting resident is told about their place. */
export interface PlaceView {
  visitId: string;
  lobbyTag: string;
  ward: string;
  position: number;
  estimatedAdmitAt: string;
  surgeryEndsAt: string;
}

export function placesOfWaitingResidents(state: QueueState, eta: EtaSettings, now: Date): PlaceView[] {
  const estimates = estimateAdmitTimes(state, eta, now);
  return waitingInOrder(state.visits).map((visit, index) => ({
    visitId: visit.id,
    lobbyTag: visit.lobbyTag,
    ward: state.surgery.ward,
    position: index + 1,
    estimatedAdmitAt: estimates.get(visit.id)!.toISOString(),
    surgeryEndsAt: state.surgery.endsAt,
  }));
}
