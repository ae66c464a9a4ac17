import { isUnchanged } from './queue';
import type { QueueChange, QueueState, TabAction, Visit } from './model';
import { Refusal, isRefusal } from './refusal';

/**
 * How many of a surgery's latest keyed actions are kept. A repeat comes within seconds of the first try,
 * never after this many other actions, and the surgery row stays small however long the surgery runs.
 */
export const TAB_ACTIONS_KEPT = 50;

type Decide<C extends QueueChange> = (state: QueueState, now: Date) => C | Refusal;

const visitIn = (state: QueueState, id: string | undefined): Visit | undefined =>
  id === undefined ? undefined : state.visits.find((visit) => visit.id === id);

const idOf = (change: QueueChange, field: 'called' | 'created'): string | undefined => {
  const value = (change as Partial<Record<typeof field, unknown>>)[field];
  return typeof value === 'object' && value !== null && 'lobbyTag' in value ? (value as Visit).id : undefined;
};

/**
 * The action, remembered under `key` in the same save as its change. Decided again on a surgery that already
 * holds the key, it changes nothing and names the resident it called or added the first time, so a councillor's
 * retry after a lost answer never calls a second resident or sends a message twice.
 */
export function once<C extends QueueChange>(key: string, decide: Decide<C>): Decide<C> {
  return (state, now) => {
    const done = state.surgery.tabActions?.find((action) => action.key === key);
    if (done) {
      const called = visitIn(state, done.called);
      const created = visitIn(state, done.created);
      // The same shape as the first time's change, with nothing in it to save.
      return {
        surgery: state.surgery,
        visits: [],
        events: [],
        ...(called ? { called } : {}),
        ...(created ? { created } : {}),
      } as QueueChange as C;
    }
    const change = decide(state, now);
    if (isRefusal(change) || isUnchanged(state, change)) return change;
    const called = idOf(change, 'called');
    const created = idOf(change, 'created');
    const action: TabAction = { key, ...(called ? { called } : {}), ...(created ? { created } : {}) };
    const kept = [...(change.surgery.tabActions ?? []), action].slice(-TAB_ACTIONS_KEPT);
    return { ...change, surgery: { ...change.surgery, tabActions: kept } };
  };
}
