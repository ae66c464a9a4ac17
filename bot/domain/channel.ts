import { CHANNEL_NAMES } from '../api-types';
import type { Channel } from './model';

const BOT_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['msteams', 'webchat', 'directline', 'emulator']);

export function channelName(channel: Channel): string {
  // Rows saved before channels were checked may name one that is not in the list.
  return CHANNEL_NAMES[channel] ?? CHANNEL_NAMES.other;
}

/** The channel a bot activity came through, from the id its sender gave. */
export function botChannel(channelId: string): Channel {
  return BOT_CHANNELS.has(channelId as Channel) ? (channelId as Channel) : 'other';
}
