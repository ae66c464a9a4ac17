import type { ResidentMessage, StageNoticeMessage } from '../domain/messages';
import type { Channel } from '../domain/model';

/** One message from a resident, whatever channel it came through. */
export interface ResidentTurn {
  /** Stable key of this conversation. */
  chatKey: string;
  channel: Channel;
  /** How to reach this conversation later (opaque here). */
  reference: unknown;
  text?: string;
  /** What a card's submit button sent. */
  value?: unknown;
  /** The message whose button sent `value`, where the channel names it (Teams does, Web Chat does not). */
  pressed?: string;
  /** Said where others can read it (a meeting or group chat), so nothing personal may be asked or shown. */
  shared?: boolean;
}

export interface Delivery {
  delivered: boolean;
  /** The id the channel gave the message, to update it in place later. */
  activityId?: string;
  error?: string;
  /** Worth trying again later: throttled, a passing server fault, no answer in time or a network error. */
  retryable?: boolean;
  /** Never worth trying again: the bot was blocked or removed (401, 403) or the conversation is gone (404). */
  chatClosed?: boolean;
  /** How long the channel asked us to wait before trying again. */
  retryAfterMs?: number;
}

/** Sends messages to a resident outside a turn (proactively), through whichever channel they used. */
export interface ResidentMessenger {
  send(reference: unknown, message: ResidentMessage): Promise<Delivery>;
  /** Replaces a message sent earlier (the place card) with a new version, in place. */
  replace(reference: unknown, activityId: string, message: ResidentMessage): Promise<Delivery>;
  /** Shows a notice on the meeting stage of the councillors it names, through the meeting chat (`reference`). */
  notifyStage(reference: unknown, notice: StageNoticeMessage): Promise<Delivery>;
}
