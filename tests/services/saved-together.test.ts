import { randomBytes } from 'node:crypto';
import type { QueueChange, Surgery, Visit } from '../../bot/domain/model';
import { Refusal, isRefusal } from '../../bot/domain/refusal';
import type { Applied, QueueService } from '../../bot/services/queue-service';
import type { Storage, SurgeryRepository } from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { queueServiceOver } from '../support/queue-service';

const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-12-14T18:00:00.000Z',
  endsAt: '2026-12-14T20:00:00.000Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3asaved_together%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
};
const clock = () => new Date('2026-12-14T18:05:00.000Z');

/**
 * The surgeries' storage with each save counted, and any save held at its start until the test lets it go: changes
 * asked for meanwhile wait for their turn, as they do while a real save is under way.
 */
class HeldSaves {
  readonly surgeries: SurgeryRepository;
  saves = 0;
  private readonly held = new Map<number, { started: () => void; startedYet: Promise<void>; release: () => void; go: Promise<void> }>();

  constructor(private readonly storage: SurgeryRepository) {
    const surgeries = Object.create(storage) as SurgeryRepository;
    surgeries.saveQueue = async (...args) => {
      this.saves += 1;
      const hold = this.held.get(this.saves);
      if (hold) {
        hold.started();
        await hold.go;
      }
      return this.storage.saveQueue(...args);
    };
    this.surgeries = surgeries;
  }

  /** Holds the `nth` save from now, once it starts: resolves when it has, with the way to let it go. */
  hold(nth: number): Promise<() => void> {
    let started!: () => void;
    let release!: () => void;
    const startedYet = new Promise<void>((resolve) => (started = resolve));
    const go = new Promise<void>((resolve) => (release = resolve));
    this.held.set(this.saves + nth, { started, startedYet, release, go });
    return startedYet.then(() => release);
  }
}

describe('Changes to one surgery that wait while one is being saved are saved together', () => {
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite();
  });

  afterAll(async () => {
    await azurite?.stop();
  });

  async function openSurgery(
    tablePrefix = uniqueTablePrefix(),
  ): Promise<{ queue: QueueService; saves: HeldSaves; storage: Storage; surgeryId: string; tablePrefix: string }> {
    const storage = await createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true });
    const saves = new HeldSaves(storage.surgeries);
    const queue = queueServiceOver({ ...storage, surgeries: saves.surgeries }, clock);
    const surgery = await queue.planSurgery(PLAN, 'Cllr Ada Khan');
    if (isRefusal(surgery)) throw new Error(surgery.message);
    const opened = await queue.open(surgery.id, true);
    if (isRefusal(opened)) throw new Error(opened.message);
    return { queue, saves, storage, surgeryId: surgery.id, tablePrefix };
  }

  const resident = (n: number, issue = `Issue ${n}`) => ({
    name: `Resident ${n}`,
    postcode: 'AB1 2CD',
    issue,
    channel: 'webchat' as const,
    chatKey: `webchat:chat-${n}`,
  });

  const ticketOf = (applied: Applied | Refusal): number => {
    if (isRefusal(applied)) throw new Error(`Refused: ${applied.code}`);
    return (applied.change as QueueChange & { created: Visit }).created.ticket;
  };

  const storedTickets = async (storage: Storage, surgeryId: string): Promise<Record<string, number>> => {
    const stored = (await storage.surgeries.loadQueue(surgeryId))!;
    return Object.fromEntries(stored.visits.map((v) => [v.name, v.ticket]));
  };

  it('When nine residents check in while a check-in is being saved, then all nine are saved in one more transaction, each with their own ticket, in the order they came', async () => {
    const { queue, saves, storage, surgeryId } = await openSurgery();
    const released = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const release = await released;
    const waiting = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => queue.checkIn(surgeryId, resident(n)));
    const before = saves.saves;

    release();
    const answers = await Promise.all([first, ...waiting]);

    expect(answers.map(ticketOf)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(saves.saves - before).toBe(1);
    expect(await storedTickets(storage, surgeryId)).toEqual(Object.fromEntries(answers.map((_, i) => [`Resident ${i + 1}`, i + 1])));
    // Each resident's answer holds the queue as it stood after their own check-in, so their place is theirs.
    expect(answers.map((a) => (isRefusal(a) ? 0 : a.state.visits.length))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await storage.surgeries.loadQueue(surgeryId))!.surgery.ticketsIssued).toBe(10);
  });

  it('When a resident checks in and leaves while a check-in is being saved, then both are saved together, and their row as the leave left it', async () => {
    const { queue, saves, storage, surgeryId } = await openSurgery();
    const released = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const release = await released;
    const checkedIn = queue.checkIn(surgeryId, resident(2), 'visit-two');
    // A check-in takes its place in line once its status page token is made, which needs no request here.
    await new Promise((resolve) => setImmediate(resolve));
    const left = queue.leave(surgeryId, 'visit-two');
    const before = saves.saves;

    release();

    expect(ticketOf(await first)).toBe(1);
    expect(ticketOf(await checkedIn)).toBe(2);
    expect(isRefusal(await left)).toBe(false);
    expect(saves.saves - before).toBe(1);
    const stored = (await storage.surgeries.loadQueue(surgeryId))!;
    expect(stored.visits.find((v) => v.id === 'visit-two')).toMatchObject({ status: 'left', ticket: 2 });
  });

  it('When one waiting change is refused and another fails, then the rest are saved, and each of those two alone is told so', async () => {
    const { queue, saves, storage, surgeryId } = await openSurgery();
    const released = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const release = await released;
    const again = queue.checkIn(surgeryId, { ...resident(1), name: 'Resident 1 again' });
    const failing = queue.apply(surgeryId, () => {
      throw new Error('This rule is broken');
    });
    const second = queue.checkIn(surgeryId, resident(2));

    release();

    expect(ticketOf(await first)).toBe(1);
    expect(await again).toMatchObject({ code: 'QUEUE.ALREADY_JOINED' });
    await expect(failing).rejects.toThrow('This rule is broken');
    expect(ticketOf(await second)).toBe(2);
    expect(await storedTickets(storage, surgeryId)).toEqual({ 'Resident 1': 1, 'Resident 2': 2 });
  });

  it('When storage refuses the transaction for one change’s row, then the others waiting with it are saved, and only that change fails', async () => {
    const { queue, saves, storage, surgeryId } = await openSurgery();
    const released = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const release = await released;
    const second = queue.checkIn(surgeryId, resident(2));
    // A row over the service's 64 KB for one property: Tables refuses the whole transaction with 400.
    const tooBig = queue.checkIn(surgeryId, resident(3, 'x'.repeat(40_000)));
    const fourth = queue.checkIn(surgeryId, resident(4));

    release();

    expect(ticketOf(await first)).toBe(1);
    expect(ticketOf(await second)).toBe(2);
    await expect(tooBig).rejects.toThrow(/refused/);
    expect(ticketOf(await fourth)).toBe(3);
    expect(await storedTickets(storage, surgeryId)).toEqual({ 'Resident 1': 1, 'Resident 2': 2, 'Resident 4': 3 });
  });

  it('When another instance saves the queue while changes are being saved together, then they are all decided again on its queue and each is saved once', async () => {
    const { queue, saves, storage, surgeryId, tablePrefix } = await openSurgery();
    const other = queueServiceOver(
      await createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true }),
      clock,
    );
    const firstHeld = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const releaseFirst = await firstHeld;
    const waiting = [2, 3, 4].map((n) => queue.checkIn(surgeryId, resident(n)));
    const togetherHeld = saves.hold(1);
    releaseFirst();
    expect(ticketOf(await first)).toBe(1);
    const releaseTogether = await togetherHeld;

    expect(ticketOf(await other.checkIn(surgeryId, resident(5)))).toBe(2);
    releaseTogether();

    expect((await Promise.all(waiting)).map(ticketOf)).toEqual([3, 4, 5]);
    expect(await storedTickets(storage, surgeryId)).toEqual({
      'Resident 1': 1,
      'Resident 5': 2,
      'Resident 2': 3,
      'Resident 3': 4,
      'Resident 4': 5,
    });
  });

  it('When the waiting changes would write more rows than one transaction holds, then they are saved in as many as they need, in order', async () => {
    const { queue, saves, storage, surgeryId } = await openSurgery();
    // Each change adds ten residents at once: nine changes fill one transaction (the surgery row is the 91st row).
    const addTen = (batch: number) =>
      queue.apply(surgeryId, (state) => {
        const visits: Visit[] = Array.from({ length: 10 }, (_, i) => ({
          ...(state.visits[0] as Visit),
          id: `${batch}-${i}-${randomBytes(3).toString('hex')}`,
          name: `Batch ${batch} resident ${i}`,
          ticket: state.surgery.ticketsIssued + i + 1,
          chatKey: `webchat:${batch}-${i}`,
        }));
        const surgery: Surgery = { ...state.surgery, ticketsIssued: state.surgery.ticketsIssued + 10 };
        return { surgery, visits, events: [] };
      });
    const released = saves.hold(1);
    const first = queue.checkIn(surgeryId, resident(1));
    const release = await released;
    const waiting = Array.from({ length: 15 }, (_, batch) => addTen(batch));
    const before = saves.saves;

    release();
    await first;
    const answers = await Promise.all(waiting);

    expect(answers.filter(isRefusal)).toEqual([]);
    expect(saves.saves - before).toBe(2);
    const stored = (await storage.surgeries.loadQueue(surgeryId))!;
    expect(stored.visits).toHaveLength(151);
    expect(stored.surgery.ticketsIssued).toBe(151);
    expect(new Set(stored.visits.map((v) => v.ticket)).size).toBe(151);
  });
});
