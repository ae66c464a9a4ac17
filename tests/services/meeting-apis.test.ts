import type { MeetingApi } from '../../bot/api-types';
import { isRefusal } from '../../bot/domain/refusal';
import type { QueueService } from '../../bot/services/queue-service';
import type { Storage } from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { queueServiceOver } from '../support/queue-service';

const MEETING = 'MCMxOTptZWV0aW5nX2FwaXNAdGhyZWFkLnYyIzA=';
const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-12-14T18:00:00.000Z',
  endsAt: '2026-12-14T20:00:00.000Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_apis%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
  meetingId: MEETING,
};

/** Moments Teams was heard at, in order: minute(1) is before minute(2). */
const minute = (n: number) => new Date(Date.UTC(2026, 11, 10, 9, n)).toISOString();

describe('What Teams says of a meeting’s permissions, heard by two instances on one storage', () => {
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite();
  });

  afterAll(async () => {
    await azurite?.stop();
  });

  async function twoInstances(): Promise<{ one: QueueService; two: QueueService; storage: Storage }> {
    const tablePrefix = uniqueTablePrefix();
    const open = () => createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true });
    const clock = () => new Date('2026-12-10T09:00:00.000Z');
    const [first, second] = [await open(), await open()];
    return {
      one: queueServiceOver(first, clock, { meetingApis: first.meetingApis }),
      two: queueServiceOver(second, clock, { meetingApis: second.meetingApis }),
      storage: first,
    };
  }

  async function surgeryIn(queue: QueueService): Promise<string> {
    const surgery = await queue.planSurgery(PLAN, 'Cllr Ada Khan');
    if (isRefusal(surgery)) throw new Error(surgery.message);
    return surgery.id;
  }

  const refusedOn = async (queue: QueueService, surgeryId: string) => (await queue.load(surgeryId))?.surgery.meetingApisRefusedAt;
  const heard = (queue: QueueService, api: MeetingApi, answered: boolean, at: string) =>
    queue.onMeetingApiOutcome(MEETING, api, answered, at);

  it('When Teams refused before any surgery was set up in the meeting, then the first surgery set up there knows it at once', async () => {
    const { one, two } = await twoInstances();
    await heard(one, 'details', false, minute(1));

    const surgeryId = await surgeryIn(two);

    expect(await refusedOn(two, surgeryId)).toEqual({ details: minute(1) });
  });

  it('When older word arrives after newer, on either instance, then it changes nothing', async () => {
    const { one, two } = await twoInstances();
    const surgeryId = await surgeryIn(one);

    await heard(one, 'participants', false, minute(2));
    await heard(two, 'participants', true, minute(1));
    expect(await refusedOn(one, surgeryId)).toEqual({ participants: minute(2) });

    await heard(two, 'participants', true, minute(4));
    await heard(one, 'participants', false, minute(3));
    expect(await refusedOn(two, surgeryId)).toBeUndefined();
  });

  it('When both instances hear opposite words at once, round after round, then the newest wins every round', async () => {
    const { one, two } = await twoInstances();
    const surgeryId = await surgeryIn(one);

    for (let round = 0; round < 6; round++) {
      // The newest word alternates between the instances and between refused and answered.
      const refusedIsNewest = round % 2 === 0;
      const [refusing, answering] = round % 3 === 0 ? [one, two] : [two, one];
      const [refusedAt, answeredAt] = refusedIsNewest
        ? [minute(2 * round + 2), minute(2 * round + 1)]
        : [minute(2 * round + 1), minute(2 * round + 2)];

      await Promise.all([heard(refusing, 'participants', false, refusedAt), heard(answering, 'participants', true, answeredAt)]);

      expect([round, await refusedOn(one, surgeryId)]).toEqual([round, refusedIsNewest ? { participants: expect.any(String) } : undefined]);
    }
  });

  it('When Teams goes on answering as before, then the surgeries are not written again', async () => {
    const { one, two, storage } = await twoInstances();
    const surgeryId = await surgeryIn(one);
    await heard(one, 'participants', true, minute(1));
    const etag = await storage.surgeries.currentEtag(surgeryId);

    await heard(two, 'participants', true, minute(2));
    await heard(one, 'participants', true, minute(3));

    expect(await storage.surgeries.currentEtag(surgeryId)).toBe(etag);
  });
});
