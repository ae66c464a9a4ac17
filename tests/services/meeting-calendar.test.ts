import { isRefusal } from '../../bot/domain/refusal';
import type { Surgery, SurgeryMeeting } from '../../bot/domain/model';
import type { CalendarOutcome, MeetingCalendar } from '../../bot/services/meeting-calendar';
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

/** What the organiser's calendar was asked to do, in order. */
class RecordingCalendar implements MeetingCalendar {
  readonly calls: Array<{ what: 'changed' | 'cancelled'; surgery: Surgery; meeting: SurgeryMeeting }> = [];
  async changed(surgery: Surgery, meeting: SurgeryMeeting): Promise<CalendarOutcome> {
    this.calls.push({ what: 'changed', surgery, meeting });
    return { inStep: true };
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

    const cancelled = await queue.cancel(surgery.id, { message: 'I am unwell.' }, calendar);
    if (isRefusal(cancelled)) throw new Error(cancelled.message);
    expect(cancelled.meeting).toEqual({ inStep: false, why: 'Microsoft 365 did not answer.' });
    expect(isRefusal(await queue.cancel(surgery.id, {}, calendar))).toBe(true);

    expect(calendar.calls.map((c) => [c.what, c.meeting, c.surgery.cancelled?.message])).toEqual([['cancelled', MEETING, 'I am unwell.']]);
  });

  it('When a surgery whose join link was pasted is cancelled, then no calendar is asked to change anything', async () => {
    const calendar = new RecordingCalendar();
    const queue = queueOver();
    const surgery = await queue.planSurgery(PLAN, 'Cllr Ada Khan');
    if (isRefusal(surgery)) throw new Error(surgery.message);

    const cancelled = await queue.cancel(surgery.id, {}, calendar);
    expect(isRefusal(cancelled) || cancelled.meeting).toBe(undefined);
    expect(calendar.calls).toEqual([]);
  });
});
