import { isRefusal } from '../../bot/domain/refusal';
import type { Surgery, SurgeryMeeting } from '../../bot/domain/model';
import type { CalendarOutcome, MeetingCalendar } from '../../bot/services/meeting-calendar';
import type { MeetingFollows } from '../../bot/domain/meeting-pending';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import type { QueueService } from '../../bot/services/queue-service';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';
import { queueServiceOver } from '../support/queue-service';

const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-12-14T18:00:00.000Z',
  endsAt: '2026-12-14T20:00:00.000Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
};
const MEETING: SurgeryMeeting = { eventId: 'event-1', onlineMeetingId: 'online-1' };

/** What the organiser's calendar was asked to do, in order; `follows` says whose change it is. */
class RecordingCalendar implements MeetingCalendar {
  readonly calls: Array<{ what: 'changed' | 'cancelled'; surgery: Surgery; meeting: SurgeryMeeting }> = [];
  /** Held until the test lets Graph answer, so two instances can be seen trying at once. */
  answer: Promise<CalendarOutcome> = Promise.resolve({ inStep: true });

  constructor(private readonly whose: MeetingFollows = 'now') {}

  follows(): MeetingFollows {
    return this.whose;
  }
  async changed(surgery: Surgery, meeting: SurgeryMeeting): Promise<CalendarOutcome> {
    this.calls.push({ what: 'changed', surgery, meeting });
    return this.answer;
  }
  async cancelled(surgery: Surgery, meeting: SurgeryMeeting): Promise<CalendarOutcome> {
    this.calls.push({ what: 'cancelled', surgery, meeting });
    return { inStep: false, why: 'Microsoft 365 did not answer.' };
  }
}

function queueOver(): QueueService {
  return queueServiceOver(createMemoryStorage(), () => new Date('2026-12-10T09:00:00.000Z'));
}

describe('The Teams meeting Surgery Queue made for a surgery follows it when it is cancelled', () => {
  it('When a surgery with a meeting Surgery Queue made is cancelled, then its calendar is asked once to cancel that meeting, with the councillors’ message, and says what became of it', async () => {
    const calendar = new RecordingCalendar();
    const queue = queueOver();
    const surgery = await queue.planSurgery(
      PLAN,
      'Cllr Ada Khan',
      () => true,
      async () => ({ ...MEETING, joinUrl: PLAN.joinUrl }),
    );
    if (isRefusal(surgery)) throw new Error(surgery.message);

    const cancelled = await queue.cancel(surgery.id, { message: 'I am unwell.' }, calendar, 'Cllr Ada Khan');
    if (isRefusal(cancelled)) throw new Error(cancelled.message);
    expect(cancelled.meeting).toEqual({ inStep: false, why: 'Microsoft 365 did not answer.' });
    expect(isRefusal(await queue.cancel(surgery.id, {}, calendar, 'Cllr Ada Khan'))).toBe(true);

    expect(calendar.calls.map((c) => [c.what, c.meeting, c.surgery.cancelled?.message])).toEqual([['cancelled', MEETING, 'I am unwell.']]);
  });

  it('When a surgery whose join link was pasted is cancelled, then no calendar is asked to change anything', async () => {
    const calendar = new RecordingCalendar();
    const queue = queueOver();
    const surgery = await queue.planSurgery(PLAN, 'Cllr Ada Khan');
    if (isRefusal(surgery)) throw new Error(surgery.message);

    const cancelled = await queue.cancel(surgery.id, {}, calendar, 'Cllr Ada Khan');
    expect(isRefusal(cancelled) || cancelled.meeting).toBe(undefined);
    expect(calendar.calls).toEqual([]);
  });
});

describe('A change by a councillor who is not the meeting’s organiser waits for the organiser', () => {
  const LATER = { startsAt: '2026-12-14T19:00:00.000Z', endsAt: '2026-12-14T21:00:00.000Z' };
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite();
  });

  afterAll(async () => {
    await azurite?.stop();
  });

  /** Two server instances' queues on one Azurite, and a surgery whose meeting Surgery Queue made. */
  async function twoInstances(): Promise<{ one: QueueService; two: QueueService; surgery: Surgery }> {
    const tablePrefix = uniqueTablePrefix();
    const storage = () => createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true });
    const clock = () => new Date('2026-12-10T09:00:00.000Z');
    const [one, two] = [queueServiceOver(await storage(), clock), queueServiceOver(await storage(), clock)];
    const surgery = await one.planSurgery(
      PLAN,
      'Cllr Ada Khan',
      () => true,
      async () => ({ ...MEETING, joinUrl: PLAN.joinUrl }),
    );
    if (isRefusal(surgery)) throw new Error(surgery.message);
    return { one, two, surgery };
  }

  const pendingOf = async (queue: QueueService, surgeryId: string) => (await queue.load(surgeryId))?.surgery.meetingPending;

  it('When two instances serve the organiser’s calls at once, then the pending change reaches the meeting once, and is gone once it did', async () => {
    const { one, two, surgery } = await twoInstances();
    await one.change(surgery.id, LATER, false, new RecordingCalendar('later'), 'Cllr Ben Ode');
    expect(await pendingOf(two, surgery.id)).toMatchObject({ what: ['time'], by: 'Cllr Ben Ode' });

    const organiser = new RecordingCalendar('now');
    let answer!: (outcome: CalendarOutcome) => void;
    organiser.answer = new Promise((resolve) => (answer = resolve));
    const following = [one, two].map((queue) => queue.followPendingMeetingChange(surgery.id, organiser));
    // The instance that did not get the change returns while the other still waits for Graph.
    await Promise.race(following);
    answer({ inStep: true });
    await Promise.all(following);

    expect(organiser.calls.map((call) => [call.what, call.surgery.startsAt])).toEqual([['changed', LATER.startsAt]]);
    expect(await pendingOf(one, surgery.id)).toBeUndefined();
  });

  it('When Graph refuses the pending change, then it is kept with why and not tried again at once; a later change replaces it', async () => {
    const { one, two, surgery } = await twoInstances();
    await one.cancel(surgery.id, {}, new RecordingCalendar('later'), 'Cllr Ben Ode');
    const organiser = new RecordingCalendar('now');

    await two.followPendingMeetingChange(surgery.id, organiser);
    await one.followPendingMeetingChange(surgery.id, organiser);

    expect(organiser.calls.map((call) => call.what)).toEqual(['cancelled']);
    expect(await pendingOf(one, surgery.id)).toMatchObject({ what: ['cancelled'], refused: 'Microsoft 365 did not answer.' });
  });

  it('When the organiser changes the surgery themselves, then what another councillor left pending is gone, since the meeting gets the surgery as it is', async () => {
    const { one, surgery } = await twoInstances();
    await one.change(surgery.id, LATER, false, new RecordingCalendar('later'), 'Cllr Ben Ode');
    const organiser = new RecordingCalendar('now');

    const changed = await one.change(surgery.id, { councillors: ['Cllr Ada Khan', 'Cllr Cy Dale'] }, false, organiser, 'Cllr Ada Khan');

    expect(isRefusal(changed) || changed.meeting).toEqual({ inStep: true });
    expect(organiser.calls.map((call) => [call.what, call.surgery.startsAt])).toEqual([['changed', LATER.startsAt]]);
    expect(await pendingOf(one, surgery.id)).toBeUndefined();
  });

  it('When another councillor changes only what the meeting does not show, then nothing waits for the organiser', async () => {
    const { one, surgery } = await twoInstances();
    await one.change(surgery.id, { councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] }, false, new RecordingCalendar('later'), 'Cllr Ben Ode');
    expect(await pendingOf(one, surgery.id)).toBeUndefined();
  });
});
