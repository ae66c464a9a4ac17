import type { SurgerySummary } from '../api-types';
import { FieldProblem } from '../domain/refusal';
import { PlaceView } from '../domain/queue-view';

/**
 * Everything the bot says to a resident, as view models. bot/teams/ turns each into an activity
 * (text or Adaptive Card); nothing outside it knows what a card looks like.
 */
export type ResidentMessage =
  | { kind: 'check_in_form'; surgery: SurgerySummary; values?: Record<string, string>; problems?: FieldProblem[] }
  | { kind: 'choose_surgery'; surgeries: SurgerySummary[] }
  | { kind: 'no_surgery_open'; next?: SurgerySummary }
  | { kind: 'place'; place: PlaceView }
  /** The place card once the resident is no longer waiting, so an old card never misleads. */
  | { kind: 'place_closed'; lobbyTag: string; reason: 'called' | 'left' | 'not_reached' | 'finished' }
  | { kind: 'called'; lobbyTag: string; joinUrl: string; ward: string; admitWithinMinutes: number }
  | { kind: 'not_reached'; ward: string; lobbyTag: string }
  | { kind: 'left'; lobbyTag: string }
  | { kind: 'with_councillor' }
  | { kind: 'not_in_queue' }
  | { kind: 'ask_privately' }
  | { kind: 'help' }
  | { kind: 'refused'; message: string };

export type ResidentMessageKind = ResidentMessage['kind'];

export interface Delivery {
  delivered: boolean;
  /** The id the channel gave the message, to update it in place later. */
  activityId?: string;
  error?: string;
  /** Worth trying again later: throttled, a passing server fault or a network error. */
  retryable?: boolean;
  /** How long the channel asked us to wait before trying again. */
  retryAfterMs?: number;
}

/** Sends messages to a resident outside a turn (proactively), through whichever channel they used. */
export interface ResidentMessenger {
  send(reference: unknown, message: ResidentMessage): Promise<Delivery>;
  /** Replaces a message sent earlier (the place card) with a new version, in place. */
  replace(reference: unknown, activityId: string, message: ResidentMessage): Promise<Delivery>;
}
