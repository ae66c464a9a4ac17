import { CHANNEL_NAMES } from '../api-types';
import type { Channel } from './model';

const BOT_CHANNELS: readonly Channel[] = ['msteams', 'webchat', 'directline', 'emulator'];

/** The channel as the lists know it: rows saved before channels were checked may name one that is not in them. */
export function knownChannel(channel: Channel): Channel {
  return Object.hasOwn(CHANNEL_NAMES, channel) ? channel : 'other';
}

export function channelName(channel: Channel): string {
  return CHANNEL_NAMES[knownChannel(channel)];
}

/** The channel a bot activity came through, from the id its sender gave. */
export function botChannel(channelId: string): Channel {
  return BOT_CHANNELS.find((channel) => channel === channelId) ?? 'other';
}

/**
 * Whether the channel lets the bot change a message it has sent. Azure's Direct Line (Web Chat) does not: an
 * update or delete is answered 405 {"error":{"code":"BadArgument","message":"This channel does not support this
 * operation"}} (https://github.com/microsoft/botframework-sdk/issues/4734,
 * https://github.com/microsoft/BotFramework-WebChat/issues/2426, https://github.com/microsoft/BotFramework-WebChat/issues/3709;
 * support is still only proposed in https://github.com/microsoft/BotFramework-WebChat/pull/4649). There a resident
 * hears what changed as new messages instead.
 */
export function updatesInPlace(channel: Channel): boolean {
  return !isDirectLine(channel);
}

/** Web Chat's channels, through Azure's Direct Line or ours in local mode. */
export function isDirectLine(channel: Channel): boolean {
  return channel === 'webchat' || channel === 'directline';
}
