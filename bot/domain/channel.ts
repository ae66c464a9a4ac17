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
