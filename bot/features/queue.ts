import type { Config } from '../config';
import { statusPagePath } from '../domain/status-token';
import { DEFAULT_WAIT_SETTINGS, WaitSettings } from '../domain/wait-model';
import { QueueStreams } from '../server/queue-streams';
import { Applied, QueueService } from '../services/queue-service';
import { ResidentUpdates } from '../services/resident-updates';
import type { Basics } from './basics';
import type { Wards } from './wards';

interface QueueNeeds {
  publicBaseUrl: string;
  councilName: string;
  /** Named as organiser on booked residents' calendar invitations. */
  invitationsOrganiser: string;
  wards: Wards;
  newId(): string;
  newStatusToken(): string;
  /** Asks the outbox to look for messages now rather than at its next poll. */
  sendSoon(): void;
}

/**
 * The live queue: the queue service that applies every change, what each change promises residents (planned
 * into the change's own transaction) and the live view pushed to the tabs watching.
 */
export function queueFeature(settings: Config['queue'], basics: Basics, needs: QueueNeeds) {
  const { clock, scheduler, onError, storage } = basics;
  const wait: WaitSettings = { ...DEFAULT_WAIT_SETTINGS, priorMinutes: settings.consultationMinutes };
  const statusUrl = (token: string) => `${needs.publicBaseUrl}${statusPagePath(token)}`;
  // Told of every change, to push it to the tabs watching: it reads the queue's view through the queue service,
  // which is made next and only called once a tab connects.
  const streams = new QueueStreams({
    load: async (surgeryId) => {
      const stored = await storage.surgeries.loadQueue(surgeryId);
      return stored && { view: queue.viewOf(stored), etag: stored.etag };
    },
    currentEtag: (surgeryId) => storage.surgeries.currentEtag(surgeryId),
    pollMs: settings.streamPollMs,
    scheduler,
    onError,
  });
  // It reads queues from storage itself, so it is made before the queue service that tells it of changes.
  const updates = new ResidentUpdates({
    chats: storage.chats,
    outbox: storage.outbox,
    sendSoon: needs.sendSoon,
    surgeries: storage.surgeries,
    wait,
    clock,
    newId: needs.newId,
    calledAdmitMinutes: settings.calledAdmitMinutes,
    gettingCloseMinutes: settings.gettingCloseMinutes,
    publicBaseUrl: needs.publicBaseUrl,
    statusUrl,
    bookingInvites: {
      councilName: needs.councilName,
      organiserEmail: needs.invitationsOrganiser,
      publicBaseUrl: needs.publicBaseUrl,
      wardSlugOf: needs.wards.wardSlugOf,
    },
  });
  const current = needs.wards.current;
  const queue = new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId: needs.newId,
    newStatusToken: needs.newStatusToken,
    statusLinks: storage.statusLinks,
    wait,
    calledAdmitMinutes: settings.calledAdmitMinutes,
    openEarlyMinutes: settings.openEarlyMinutes,
    onChanged: (surgeryId, saved) => streams.changed(surgeryId, { view: () => queue.viewOf(saved), etag: saved.etag }),
    planMessages: (applied: Applied) => updates.plan(applied),
    outbox: storage.outbox,
    onPromised: needs.sendSoon,
    wards: needs.wards.postcodes,
    ...(current ? { roster: current } : {}),
    wardLengths: storage.wardLengths,
    meetingApis: storage.meetingApis,
    publicBaseUrl: needs.publicBaseUrl,
  });
  return { queue, streams, updates, wait, statusUrl };
}
