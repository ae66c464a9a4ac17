import type { StoredOutboxEntry } from './ports';

/** A conversation's pending entries, and the sends its entries lately recorded. */
export function laneOf(read: StoredOutboxEntry[], chatKey: string, since: string): { pending: StoredOutboxEntry[]; sends: number[] } {
  const mine = read.filter(({ entry }) => entry.chatKey === chatKey);
  const pending = mine.filter(({ entry }) => entry.status === 'pending');
  const recent = mine.filter(({ entry }) => entry.status === 'pending' || (entry.finishedAt ?? '') >= since);
  const from = Date.parse(since);
  const sends = [...new Set(recent.flatMap(({ entry }) => entry.laneSends ?? []))].filter((at) => at >= from).sort((a, b) => a - b);
  return { pending, sends };
}
