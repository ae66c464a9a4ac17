import type { QueueView, ResidentRow, SurgerySummary } from '../api-types';
import { WaitEstimate, WaitSettings, estimateWaits } from './wait-model';
import { QueueState, waitingInOrder } from './queue';
import { Surgery } from './surgery';
import { Visit, isActive } from './visit';
import { hasOpenCase } from './case-update';

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

function row(visit: Visit, position: number | undefined, estimate: WaitEstimate | undefined): ResidentRow {
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
    ...(estimate
      ? {
          estimatedAdmitAt: estimate.admitAt.toISOString(),
          estimatedWindow: { earliest: estimate.earliest.toISOString(), latest: estimate.latest.toISOString() },
          likelyNotReached: estimate.likelyNotReached,
        }
      : {}),
    ...(visit.lastMessage ? { lastMessage: visit.lastMessage } : {}),
    ...(visit.topic ? { topic: visit.topic } : {}),
    ...(visit.followUp !== undefined ? { followUp: visit.followUp } : {}),
    ...(visit.caseReference ? { caseReference: visit.caseReference } : {}),
    ...(visit.caseReference ? { caseOpen: hasOpenCase(visit) } : {}),
    ...(visit.messages ? { messages: visit.messages } : {}),
    ...(visit.caseUpdates ? { caseUpdates: visit.caseUpdates } : {}),
  };
}

/** What councillors see: the whole queue in call order, with positions and estimates. */
export function buildQueueView(state: QueueState, wait: WaitSettings, now: Date): QueueView {
  const estimates = estimateWaits(state, wait, now);
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
  /** ISO times, like every view model: messages are stored as JSON before they are sent. */
  estimate: { admitAt: string; earliest: string; latest: string; likelyNotReached: boolean };
  surgeryEndsAt: string;
}

function isoEstimate({ admitAt, earliest, latest, likelyNotReached }: WaitEstimate): PlaceView['estimate'] {
  return { admitAt: admitAt.toISOString(), earliest: earliest.toISOString(), latest: latest.toISOString(), likelyNotReached };
}

export function placesOfWaitingResidents(state: QueueState, wait: WaitSettings, now: Date): PlaceView[] {
  const estimates = estimateWaits(state, wait, now);
  return waitingInOrder(state.visits).map((visit, index) => ({
    visitId: visit.id,
    lobbyTag: visit.lobbyTag,
    ward: state.surgery.ward,
    position: index + 1,
    estimate: isoEstimate(estimates.get(visit.id)!),
    surgeryEndsAt: state.surgery.endsAt,
  }));
}
