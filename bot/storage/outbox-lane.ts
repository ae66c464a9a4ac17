import type { OutboxLane, StoredOutboxEntry, TurnHold } from './ports';

/** A conversation's pending entries, the sends its entries lately recorded, and the latest hold for a turn's reply. */
export function laneOf(read: StoredOutboxEntry[], chatKey: string, since: string): OutboxLane {
  const mine = read.filter(({ entry }) => entry.chatKey === chatKey);
  const pending = mine.filter(({ entry }) => entry.status === 'pending');
  const recent = mine.filter(({ entry }) => entry.status === 'pending' || (entry.finishedAt ?? '') >= since);
  const from = Date.parse(since);
  const sends = [...new Set(recent.flatMap(({ entry }) => entry.laneSends ?? []))].filter((at) => at >= from).sort((a, b) => a - b);
  let hold: TurnHold | undefined;
  for (const { entry } of recent) if (entry.turnHold && (!hold || entry.turnHold.until > hold.until)) hold = entry.turnHold;
  return { pending, sends, ...(hold ? { hold } : {}) };
}
