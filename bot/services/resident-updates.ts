import { EtaSettings } from '../domain/eta';
import { placesOfWaitingResidents, PlaceView } from '../domain/queue-view';
import { formatTime, roundUp } from '../domain/time-format';
import { MessageKind, Visit } from '../domain/visit';
import { ChatRepository } from '../storage/ports';
import { Applied, QueueService } from './queue-service';
import { ResidentMessage, ResidentMessenger } from './resident-messages';

export interface ResidentUpdatesDeps {
  chats: ChatRepository;
  messenger: ResidentMessenger;
  queue: QueueService;
  eta: EtaSettings;
  clock: () => Date;
  calledAdmitMinutes: number;
  onError: (error: unknown) => void;
}

/** What a place card shows; a card is only updated when this changes. */
export function placeFingerprint(place: PlaceView): string {
  return `${place.position}|${formatTime(roundUp(place.estimatedAdmitAt, 5))}`;
}

/**
 * Tells residents what a queue change means for them: a new message when called or not reached, and
 * their place card updated in place. Work for one surgery runs in order, one change after another.
 */
export class ResidentUpdates {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: ResidentUpdatesDeps) {}

  afterChange(applied: Applied): void {
    const surgeryId = applied.state.surgery.id;
    const previous = this.running.get(surgeryId) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(applied))
      .catch(this.deps.onError)
      .finally(() => {
        if (this.running.get(surgeryId) === next) this.running.delete(surgeryId);
      });
    this.running.set(surgeryId, next);
  }

  /** Resolves when every update started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private async deliver({ change, state }: Applied): Promise<void> {
    const { surgery } = state;
    let queueMoved = false;
    for (const event of change.events) {
      if (event.type === 'checked_in') continue;
      queueMoved = true;
      if (event.type === 'surgery_ended') continue;
      const visit = state.visits.find((v) => v.id === event.visitId);
      if (!visit) continue;
      if (event.type === 'called') {
        await this.tell(visit, 'called', {
          kind: 'called',
          lobbyTag: visit.lobbyTag,
          joinUrl: surgery.joinUrl,
          ward: surgery.ward,
          admitWithinMinutes: this.deps.calledAdmitMinutes,
        });
      } else if (event.type === 'not_reached') {
        await this.tell(visit, 'not_reached', { kind: 'not_reached', ward: surgery.ward, lobbyTag: visit.lobbyTag });
      }
      // After the news itself, which matters more and is time-sensitive.
      await this.closePlaceCard(visit, event.type);
    }
    if (queueMoved) await this.refreshPlaceCards(surgery.id);
  }

  private async tell(visit: Visit, kind: MessageKind, message: ResidentMessage): Promise<void> {
    if (!visit.chatKey) return;
    const chat = await this.deps.chats.get(visit.chatKey);
    const delivery = chat ? await this.deps.messenger.send(chat.reference, message) : { delivered: false };
    await this.deps.queue.recordDelivery(visit.surgeryId, visit.id, kind, delivery.delivered);
  }

  private async closePlaceCard(visit: Visit, reason: 'called' | 'left' | 'not_reached' | 'finished'): Promise<void> {
    const chat = visit.chatKey ? await this.deps.chats.get(visit.chatKey) : undefined;
    if (!chat?.placeCardActivityId) return;
    await this.deps.messenger.replace(chat.reference, chat.placeCardActivityId, { kind: 'place_closed', lobbyTag: visit.lobbyTag, reason });
    const { placeCardActivityId: _closed, placeCardShows: _shown, ...rest } = chat;
    await this.deps.chats.put({ ...rest, updatedAt: this.deps.clock().toISOString() });
  }

  private async refreshPlaceCards(surgeryId: string): Promise<void> {
    const state = await this.deps.queue.load(surgeryId);
    if (!state) return;
    const visits = new Map(state.visits.map((v) => [v.id, v]));
    for (const place of placesOfWaitingResidents(state, this.deps.eta, this.deps.clock())) {
      const visit = visits.get(place.visitId)!;
      const chat = visit.chatKey ? await this.deps.chats.get(visit.chatKey) : undefined;
      const shows = placeFingerprint(place);
      if (!chat?.placeCardActivityId || chat.placeCardShows === shows) continue;
      const delivery = await this.deps.messenger.replace(chat.reference, chat.placeCardActivityId, { kind: 'place', place });
      if (delivery.delivered) await this.deps.chats.put({ ...chat, placeCardShows: shows, updatedAt: this.deps.clock().toISOString() });
      const wasFailing = visit.lastMessage?.kind === 'place' && !visit.lastMessage.delivered;
      if (!delivery.delivered || wasFailing) await this.deps.queue.recordDelivery(surgeryId, visit.id, 'place', delivery.delivered);
    }
  }
}
