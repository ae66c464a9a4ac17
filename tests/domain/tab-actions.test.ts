import { admitNext, afterChange } from '../../bot/domain/queue';
import { isRefusal } from '../../bot/domain/refusal';
import { TAB_ACTIONS_KEPT, once } from '../../bot/domain/tab-actions';
import { Calling, type QueueState } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const waiting = (count: number): QueueState => {
  const surgery = aSurgery({ status: 'open', ticketsIssued: count });
  const visits = Array.from({ length: count }, (_, i) => aVisit({ id: `visit-${i + 1}`, surgeryId: surgery.id, ticket: i + 1 }));
  return { surgery, visits };
};
const admitOnce = (key: string) => once(key, (state: QueueState, now: Date) => admitNext(state, 'Cllr Ada Khan', now));

function applied(state: QueueState, key: string): { state: QueueState; change: Calling } {
  const change = admitOnce(key)(state, NOW);
  if (isRefusal(change)) throw new Error(change.message);
  return { state: afterChange(state, change), change };
}

describe('once', () => {
  it('When an admit is decided again with the key it was saved under, then it calls no one else and names the resident the first one called', () => {
    const first = applied(waiting(3), 'key-0000000000000001');

    const again = admitOnce('key-0000000000000001')(first.state, NOW) as Calling;

    expect(first.change.called.id).toBe('visit-1');
    expect(again.called.id).toBe('visit-1');
    expect([again.visits, again.events, again.surgery]).toEqual([[], [], first.state.surgery]);
  });

  it('When a new key comes, then the admit calls the next resident', () => {
    const first = applied(waiting(3), 'key-0000000000000001');

    expect(applied(first.state, 'key-0000000000000002').change.called.id).toBe('visit-2');
  });

  it(`When more than ${TAB_ACTIONS_KEPT} keyed actions were saved, then the surgery keeps only the latest ${TAB_ACTIONS_KEPT} keys`, () => {
    let state = waiting(TAB_ACTIONS_KEPT + 10);
    for (let i = 1; i <= TAB_ACTIONS_KEPT + 10; i++) state = applied(state, `key-${String(i).padStart(16, '0')}`).state;

    const keys = state.surgery.tabActions!.map((action) => action.key);
    expect(keys).toHaveLength(TAB_ACTIONS_KEPT);
    expect(keys[0]).toBe(`key-${String(11).padStart(16, '0')}`);
  });

  it('When the action is refused, then it is not remembered under its key', () => {
    const empty = waiting(0);
    expect(isRefusal(admitOnce('key-0000000000000001')(empty, NOW))).toBe(true);
    expect(empty.surgery.tabActions).toBeUndefined();
  });
});
