import { parseWardCode } from '../../bot/domain/ward';
import type { Visit } from '../../bot/domain/model';
import { SurgeryLengths, withRecent } from '../../bot/domain/ward-lengths';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';
import {
  AlreadyExists,
  AuditEntry,
  ConcurrencyConflict,
  OutboxEntry,
  OutboxEntryChanged,
  OutboxPromise,
  ResidentOutboxEntry,
  Storage,
  placeCardEntryId,
} from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { contactEntry } from '../../bot/services/contact-outbox-post';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { aBooking, aCalledMessage, aResidentChat, aSurgery, aVisit, someVisits, uniqueId } from '../support/builders';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What every Storage must do, whatever keeps the data. Each test gets empty storage. */
function storageContract(name: string, createStorage: () => Promise<Storage>): void {
  describe(`${name} storage`, () => {
    let storage: Storage;

    beforeEach(async () => {
      storage = await createStorage();
    });

    async function createdWithEtag(surgery = aSurgery()) {
      await storage.surgeries.create(surgery);
      return { surgery, etag: (await storage.surgeries.currentEtag(surgery.id))! };
    }

    describe('surgeries', () => {
      test('When a surgery is created, then all and loadQueue give it back whole, with no visits yet', async () => {
        const surgery = aSurgery({
          councillors: ['Cllr Amina Patel', 'Cllr Tom Reid'],
          status: 'ended',
          ticketsIssued: 12,
          endedAt: '2025-03-01T12:01:00.000Z',
        });

        await storage.surgeries.create(surgery);

        expect(await storage.surgeries.all()).toEqual([surgery]);
        expect(await storage.surgeries.loadQueue(surgery.id)).toEqual({ surgery, visits: [], bookings: [], etag: expect.any(String) });
      });

      test('When visits with every optional detail are saved, then loadQueue gives them back unchanged', async () => {
        const { surgery, etag } = await createdWithEtag();
        const full: Visit = aVisit({
          surgeryId: surgery.id,
          ticket: 2,
          contact: { kind: 'email', value: 'jane@example.com' },
          accessNeeds: 'Needs captions.',
          chatKey: 'msteams:a:1xyz',
          status: 'seen',
          calledAt: '2025-03-01T10:20:00.000Z',
          calledBy: 'Cllr Amina Patel',
          joinedAt: '2025-03-01T10:21:00.000Z',
          finishedAt: '2025-03-01T10:35:00.000Z',
          outcome: 'Reported to highways.',
          lastMessage: { kind: 'called', delivered: true, at: '2025-03-01T10:20:01.000Z' },
        });
        const bare = aVisit({ surgeryId: surgery.id, ticket: 1, channel: 'webchat' });
        const changed = { ...surgery, ticketsIssued: 2 };

        await storage.surgeries.saveQueue(changed, [full, bare], etag);

        const loaded = await storage.surgeries.loadQueue(surgery.id);
        expect(loaded?.surgery).toEqual(changed);
        expect(loaded?.visits).toEqual([full, bare].sort(byId));
      });

      test('When several surgeries exist, then all gives each once, in id order, without visits', async () => {
        const later = aSurgery({ id: 'surgery-b' });
        const earlier = aSurgery({ id: 'surgery-a', status: 'scheduled', openedAt: undefined });
        await storage.surgeries.create(later);
        await storage.surgeries.create(earlier);
        await storage.surgeries.saveQueue(later, someVisits(later, 2), (await storage.surgeries.currentEtag(later.id))!);

        const listed = await storage.surgeries.all();

        expect(listed).toEqual([earlier, later]);
        expect(listed[1]).not.toHaveProperty('visits');
      });

      test('When a surgery id is already taken, then create throws AlreadyExists and keeps the first surgery', async () => {
        const first = aSurgery();
        await storage.surgeries.create(first);

        await expect(storage.surgeries.create({ ...first, ward: 'Hillside' })).rejects.toBeInstanceOf(AlreadyExists);
        expect((await storage.surgeries.loadQueue(first.id))?.surgery).toEqual(first);
      });

      test('When a surgery does not exist, then find, loadQueue and currentEtag give undefined and saveQueue throws ConcurrencyConflict', async () => {
        const { surgery: other, etag: anEtag } = await createdWithEtag();
        const unknown = aSurgery();

        expect(await storage.surgeries.find(other.id)).toEqual(other);
        expect(await storage.surgeries.find(unknown.id)).toBeUndefined();
        expect(await storage.surgeries.loadQueue(unknown.id)).toBeUndefined();
        expect(await storage.surgeries.currentEtag(unknown.id)).toBeUndefined();
        await expect(storage.surgeries.saveQueue(unknown, [], anEtag)).rejects.toBeInstanceOf(ConcurrencyConflict);
        expect(await storage.surgeries.all()).toEqual([other]);
      });

      test('When an id holds a character Azure refuses in keys, then storage throws a plain Error', async () => {
        for (const id of ['ward/1', 'ward\\1', 'ward#1', 'ward?1', 'ward\n1', '']) {
          await expect(storage.surgeries.create(aSurgery({ id }))).rejects.toThrow('cannot be a storage key');
          await expect(storage.surgeries.find(id)).rejects.toThrow('cannot be a storage key');
        }
        const { surgery, etag } = await createdWithEtag();
        await expect(storage.surgeries.saveQueue(surgery, [aVisit({ surgeryId: surgery.id, id: 'a#b' })], etag)).rejects.toThrow(
          'cannot be a storage key',
        );
        await expect(storage.chats.put(aResidentChat({ chatKey: 'chat/1' }))).rejects.toThrow('cannot be a storage key');
      });

      test('When a save holds a visit of another surgery or one visit twice, then it throws and stores nothing', async () => {
        const { surgery, etag } = await createdWithEtag();
        const visit = aVisit({ surgeryId: surgery.id });

        await expect(storage.surgeries.saveQueue(surgery, [aVisit({ surgeryId: 'elsewhere' })], etag)).rejects.toThrow(
          'belongs to surgery elsewhere',
        );
        await expect(storage.surgeries.saveQueue(surgery, [visit, { ...visit, status: 'left' }], etag)).rejects.toThrow('twice');
        expect(await storage.surgeries.loadQueue(surgery.id)).toEqual({ surgery, visits: [], bookings: [], etag });
      });
    });

    describe('finding surgeries without reading history', () => {
      const scheduled = () =>
        aSurgery({ status: 'scheduled', openedAt: undefined, startsAt: '2026-05-04T10:00:00.000Z', endsAt: '2026-05-04T12:00:00.000Z' });
      const ended = (startsAt: string) =>
        aSurgery({ status: 'ended', startsAt, endsAt: startsAt.replace('T10', 'T12'), endedAt: startsAt.replace('T10', 'T12') });

      test('When surgeries are scheduled, open and ended, then current gives the scheduled and open ones, startingIn each by its UTC start month, holdingDetails all', async () => {
        const coming = scheduled();
        const open = aSurgery({ startsAt: '2026-04-30T23:30:00.000Z', endsAt: '2026-05-01T01:30:00.000Z' });
        const april = ended('2026-04-06T10:00:00.000Z');
        const march = ended('2026-03-02T10:00:00.000Z');
        for (const surgery of [coming, open, april, march]) await storage.surgeries.create(surgery);

        expect((await storage.surgeries.current()).sort(byId)).toEqual([coming, open].sort(byId));
        expect((await storage.surgeries.startingIn(['2026-04'])).sort(byId)).toEqual([open, april].sort(byId));
        expect((await storage.surgeries.startingIn(['2026-03', '2026-05', '2026-03'])).sort(byId)).toEqual([coming, march].sort(byId));
        expect(await storage.surgeries.startingIn(['2025-01'])).toEqual([]);
        expect((await storage.surgeries.holdingDetails()).sort(byId)).toEqual([coming, open, april, march].sort(byId));
      });

      test('When a surgery is opened, moved and ended, then current and startingIn follow each change', async () => {
        const surgery = scheduled();
        await storage.surgeries.create(surgery);
        let etag = (await storage.surgeries.currentEtag(surgery.id))!;

        const opened = { ...surgery, status: 'open' as const, openedAt: '2026-05-04T09:55:00.000Z' };
        etag = await storage.surgeries.saveQueue(opened, [], etag, [], {}, surgery);
        expect(await storage.surgeries.current()).toEqual([opened]);

        const moved = { ...opened, startsAt: '2026-06-01T10:00:00.000Z', endsAt: '2026-06-01T12:00:00.000Z' };
        etag = await storage.surgeries.saveQueue(moved, [], etag, [], {}, opened);
        expect(await storage.surgeries.startingIn(['2026-05'])).toEqual([]);
        expect(await storage.surgeries.startingIn(['2026-06'])).toEqual([moved]);

        const closed = { ...moved, status: 'ended' as const, endedAt: '2026-06-01T12:00:00.000Z' };
        await storage.surgeries.saveQueue(closed, [], etag, [], {}, moved);
        expect(await storage.surgeries.current()).toEqual([]);
        expect(await storage.surgeries.startingIn(['2026-06'])).toEqual([closed]);
      });

      test('When surgeries were set up before the roster, then withoutWardCode gives them, past ones too, until each is placed in its ward', async () => {
        const typed = scheduled();
        const typedLongAgo = ended('2024-03-04T10:00:00.000Z');
        const placed = { ...scheduled(), wardCode: parseWardCode('E05099901')! };
        for (const surgery of [typed, typedLongAgo, placed]) await storage.surgeries.create(surgery);
        expect((await storage.surgeries.withoutWardCode()).sort(byId)).toEqual([typed, typedLongAgo].sort(byId));

        const nowPlaced = { ...typed, ward: 'Abbey', wardCode: parseWardCode('E05099901')! };
        await storage.surgeries.saveQueue(nowPlaced, [], (await storage.surgeries.currentEtag(typed.id))!, [], {}, typed);
        expect(await storage.surgeries.withoutWardCode()).toEqual([typedLongAgo]);
      });

      test('When retention releases an ended surgery, then holdingDetails leaves it out until its listing changes again; a surgery not ended stays', async () => {
        const past = ended('2026-03-02T10:00:00.000Z');
        const coming = scheduled();
        await storage.surgeries.create(past);
        await storage.surgeries.create(coming);

        await storage.surgeries.released(past.id);
        await storage.surgeries.released(coming.id);
        expect(await storage.surgeries.holdingDetails()).toEqual([coming]);
        expect(await storage.surgeries.startingIn(['2026-03'])).toEqual([past]);

        const renamed = { ...past, ward: 'Hillside' };
        await storage.surgeries.saveQueue(renamed, [], (await storage.surgeries.currentEtag(past.id))!, [], {}, past);
        expect((await storage.surgeries.holdingDetails()).sort(byId)).toEqual([coming, renamed].sort(byId));
      });
    });

    describe('saving a queue', () => {
      test('When a queue is saved, then the new etag differs, currentEtag reports it and loadQueue carries it', async () => {
        const { surgery, etag: created } = await createdWithEtag();
        const [first, second] = someVisits(surgery, 2);

        const afterFirst = await storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 1 }, [first!], created);
        const afterSecond = await storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 2 }, [second!], afterFirst);

        expect(new Set([created, afterFirst, afterSecond]).size).toBe(3);
        expect(await storage.surgeries.currentEtag(surgery.id)).toBe(afterSecond);
        expect((await storage.surgeries.loadQueue(surgery.id))?.etag).toBe(afterSecond);
      });

      test('When saved visits are already stored, then they are replaced and the other visits are kept', async () => {
        const { surgery, etag } = await createdWithEtag();
        const [first, second] = someVisits(surgery, 2);
        const saved = await storage.surgeries.saveQueue(surgery, [first!, second!], etag);
        const called: Visit = { ...first!, status: 'called', calledAt: '2025-03-01T10:30:00.000Z', calledBy: 'Cllr Amina Patel' };

        await storage.surgeries.saveQueue(surgery, [called], saved);

        expect((await storage.surgeries.loadQueue(surgery.id))?.visits).toEqual([called, second].sort(byId));
      });

      test('When the etag is stale, then saveQueue throws ConcurrencyConflict and stores none of that save', async () => {
        const { surgery, etag: stale } = await createdWithEtag();
        const current = await storage.surgeries.saveQueue({ ...surgery, ward: 'Riverside North' }, [], stale);
        const before = await storage.surgeries.loadQueue(surgery.id);

        await expect(storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 2 }, someVisits(surgery, 2), stale)).rejects.toBeInstanceOf(
          ConcurrencyConflict,
        );

        expect(await storage.surgeries.loadQueue(surgery.id)).toEqual(before);
        expect(before).toMatchObject({ surgery: { ward: 'Riverside North', ticketsIssued: 0 }, visits: [], etag: current });
      });

      test('When two saves start from the same etag at once, then exactly one wins and only its change is stored', async () => {
        const { surgery, etag } = await createdWithEtag();
        const [mine, theirs] = [aVisit({ surgeryId: surgery.id, name: 'Mine' }), aVisit({ surgeryId: surgery.id, name: 'Theirs' })];

        const results = await Promise.allSettled([
          storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 1 }, [mine], etag),
          storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 1 }, [theirs], etag),
        ]);

        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(ConcurrencyConflict);
        const winner = results[0]!.status === 'fulfilled' ? mine : theirs;
        expect((await storage.surgeries.loadQueue(surgery.id))?.visits).toEqual([winner]);
      });

      test('When a change would write more rows than one transaction holds, then it is refused and nothing is saved', async () => {
        const { surgery, etag } = await createdWithEtag();

        await expect(storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 150 }, someVisits(surgery, 150), etag)).rejects.toThrow(
          'more than one transaction holds',
        );

        expect(await storage.surgeries.loadQueue(surgery.id)).toEqual({ surgery, visits: [], bookings: [], etag });
      });
    });

    describe('bookings', () => {
      test('When bookings are saved with visits, then they load back with the queue, each exactly, and changes replace them', async () => {
        const { surgery, etag } = await createdWithEtag();
        const jane = aBooking({
          surgeryId: surgery.id,
          slot: 1,
          name: 'Jane Smith',
          accessNeeds: 'Large print',
          postcodeWard: 'Castle',
          wardCheck: 'outside',
        });
        const sam = aBooking({ surgeryId: surgery.id, slot: 2, name: 'Sam Lee' });
        const visit = aVisit({
          surgeryId: surgery.id,
          booked: true,
          bookingId: jane.id,
          slotStartsAt: jane.slotStartsAt,
          wardCheck: 'outside',
        });

        const saved = await storage.surgeries.saveQueue(surgery, [visit], etag, [jane, sam]);
        const cancelled = { ...sam, status: 'cancelled' as const, changedAt: '2026-11-25T10:00:00.000Z' };
        const again = await storage.surgeries.saveQueue(surgery, [], saved, [cancelled]);

        const loaded = await storage.surgeries.loadQueue(surgery.id);
        expect(loaded).toEqual({ surgery, visits: [visit], bookings: [jane, cancelled].sort(byId), etag: again });
      });

      test('When two saves book on the same queue from the same ETag, then only one is kept', async () => {
        const { surgery, etag } = await createdWithEtag();
        const results = await Promise.allSettled([
          storage.surgeries.saveQueue(surgery, [], etag, [aBooking({ surgeryId: surgery.id, slot: 3, name: 'Mine' })]),
          storage.surgeries.saveQueue(surgery, [], etag, [aBooking({ surgeryId: surgery.id, slot: 3, name: 'Theirs' })]),
        ]);
        expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([
          expect.any(ConcurrencyConflict),
        ]);
        expect((await storage.surgeries.loadQueue(surgery.id))?.bookings).toHaveLength(1);
      });

      test('When a booking belongs to another surgery or is in one save twice, then nothing is saved', async () => {
        const { surgery, etag } = await createdWithEtag();
        const booking = aBooking({ surgeryId: surgery.id });
        await expect(storage.surgeries.saveQueue(surgery, [], etag, [aBooking({ surgeryId: 'elsewhere' })])).rejects.toThrow(
          'belongs to surgery elsewhere',
        );
        await expect(storage.surgeries.saveQueue(surgery, [], etag, [booking, booking])).rejects.toThrow('twice');
        expect((await storage.surgeries.loadQueue(surgery.id))?.bookings).toEqual([]);
      });

      test('When a booking link is created, then it is found by its key; a key already taken is refused and keeps its first booking', async () => {
        await storage.bookingLinks.create({ key: 'ref-SQ-7KM4-Q2XD', surgeryId: 'surgery-a', bookingId: 'booking-1' });
        await expect(
          storage.bookingLinks.create({ key: 'ref-SQ-7KM4-Q2XD', surgeryId: 'surgery-b', bookingId: 'booking-2' }),
        ).rejects.toBeInstanceOf(AlreadyExists);
        expect(await storage.bookingLinks.get('ref-SQ-7KM4-Q2XD')).toEqual({
          key: 'ref-SQ-7KM4-Q2XD',
          surgeryId: 'surgery-a',
          bookingId: 'booking-1',
        });
        expect(await storage.bookingLinks.get('ref-SQ-2222-3333')).toBeUndefined();
        await expect(storage.bookingLinks.get('manage/../x')).rejects.toThrow('cannot be a storage key');
      });

      test('When a booking link is deleted, then it is gone, and deleting it again is not an error', async () => {
        await storage.bookingLinks.create({ key: 'manage-abc', surgeryId: 'surgery-a', bookingId: 'booking-1' });
        await storage.bookingLinks.delete('manage-abc');
        await storage.bookingLinks.delete('manage-abc');
        expect(await storage.bookingLinks.get('manage-abc')).toBeUndefined();
      });
    });

    describe('copies', () => {
      test('When loaded or listed objects are changed, then storage is not', async () => {
        const { surgery, etag } = await createdWithEtag();
        const visit = aVisit({ surgeryId: surgery.id, contact: { kind: 'mobile', value: '+447700900123' } });
        const saved = await storage.surgeries.saveQueue(surgery, [visit], etag);

        const loaded = (await storage.surgeries.loadQueue(surgery.id))!;
        loaded.surgery.ward = 'Changed';
        loaded.surgery.councillors.push('Someone else');
        loaded.visits[0]!.contact!.value = 'changed';
        loaded.visits.push(aVisit({ surgeryId: surgery.id }));
        (await storage.surgeries.all())[0]!.councillors.length = 0;

        expect(await storage.surgeries.loadQueue(surgery.id)).toEqual({ surgery, visits: [visit], bookings: [], etag: saved });
      });

      test('When objects given to storage are changed afterwards, then storage is not', async () => {
        const surgery = aSurgery();
        await storage.surgeries.create(surgery);
        const visit = aVisit({ surgeryId: surgery.id });
        await storage.surgeries.saveQueue(surgery, [visit], (await storage.surgeries.currentEtag(surgery.id))!);
        const chat = aResidentChat();
        await storage.chats.put(chat);

        surgery.councillors.push('Someone else');
        visit.status = 'seen';
        (chat.reference as { channelId: string }).channelId = 'changed';

        const loaded = await storage.surgeries.loadQueue(surgery.id);
        expect(loaded?.surgery.councillors).toEqual(['Cllr Amina Patel']);
        expect(loaded?.visits[0]?.status).toBe('waiting');
        expect((await storage.chats.get(chat.chatKey))?.reference).toMatchObject({ channelId: 'msteams' });
      });

      test('When a loaded chat is changed, then storage is not', async () => {
        const chat = aResidentChat();
        await storage.chats.put(chat);

        const loaded = (await storage.chats.get(chat.chatKey))!;
        loaded.placeCardActivityId = 'changed';
        (loaded.reference as { conversation: { id: string } }).conversation.id = 'changed';

        expect(await storage.chats.get(chat.chatKey)).toEqual(chat);
      });
    });

    describe('chats', () => {
      test('When a chat is put, then get gives it back whole', async () => {
        const chat = aResidentChat({ placeCardActivityId: '1:abc', placeCardShows: 'A3|2|10:40' });

        await storage.chats.put(chat);

        expect(await storage.chats.get(chat.chatKey)).toEqual(chat);
      });

      test('When a chat is put again, then get gives the latest version only', async () => {
        const chat = aResidentChat({ placeCardActivityId: '1:abc', placeCardShows: 'A3|2|10:40' });
        await storage.chats.put(chat);
        const latest = aResidentChat({ chatKey: chat.chatKey, updatedAt: '2025-03-01T11:00:00.000Z' });

        await storage.chats.put(latest);

        expect(await storage.chats.get(chat.chatKey)).toEqual(latest);
      });

      test('When a chat is put only if unchanged, then it is saved at the version read, and never after a change or with a version storage did not give', async () => {
        const chat = aResidentChat();
        expect(await storage.chats.putIfUnchanged(chat, undefined)).toBe(true);
        expect(await storage.chats.putIfUnchanged(chat, undefined)).toBe(false);
        const read = (await storage.chats.read(chat.chatKey))!;
        expect(read.chat).toEqual(chat);
        const latest = aResidentChat({ chatKey: chat.chatKey, updatedAt: '2025-03-01T11:00:00.000Z' });

        expect(await storage.chats.putIfUnchanged(latest, read.version)).toBe(true);

        expect(await storage.chats.putIfUnchanged(chat, read.version)).toBe(false);
        for (const forged of ['', '*', 'none', `W/"datetime'2020-01-01T00%3A00%3A00.0000000Z'"`, `${read.version}\r\nIf-Match: *`])
          expect(await storage.chats.putIfUnchanged(chat, forged)).toBe(false);
        expect(await storage.chats.get(chat.chatKey)).toEqual(latest);
        await storage.chats.delete(chat.chatKey);
        expect(await storage.chats.putIfUnchanged(latest, read.version)).toBe(false);
        expect(await storage.chats.read(chat.chatKey)).toBeUndefined();
      });

      test('When a chat was never put, then get gives undefined', async () => {
        expect(await storage.chats.get('chat-never-seen')).toBeUndefined();
      });
    });

    describe('booking reference tries', () => {
      const wrongOnce = (before: { wrong: number } | undefined) => ({ wrong: (before?.wrong ?? 0) + 1 });

      test('When tries are updated, then get gives them back, for that chat and reference only', async () => {
        await storage.referenceTries.update('chat-1', 'SQ-7KM4-Q2XD', wrongOnce);
        await storage.referenceTries.update('chat-1', 'SQ-7KM4-Q2XD', wrongOnce);

        expect(await storage.referenceTries.get('chat-1', 'SQ-7KM4-Q2XD')).toEqual({ wrong: 2 });
        expect(await storage.referenceTries.get('chat-2', 'SQ-7KM4-Q2XD')).toBeUndefined();
        expect(await storage.referenceTries.get('chat-1', 'SQ-2222-3333')).toBeUndefined();
      });

      test('When many updates of the same tries run at once, then none is lost', async () => {
        await Promise.all(Array.from({ length: 4 }, () => storage.referenceTries.update('chat-1', 'SQ-7KM4-Q2XD', wrongOnce)));

        expect(await storage.referenceTries.get('chat-1', 'SQ-7KM4-Q2XD')).toEqual({ wrong: 4 });
      });

      test('When tries are deleted, then they are gone, and deleting again is no error', async () => {
        await storage.referenceTries.update('chat-1', 'SQ-7KM4-Q2XD', wrongOnce);

        await storage.referenceTries.delete('chat-1', 'SQ-7KM4-Q2XD');
        await storage.referenceTries.delete('chat-1', 'SQ-7KM4-Q2XD');

        expect(await storage.referenceTries.get('chat-1', 'SQ-7KM4-Q2XD')).toBeUndefined();
      });

      test('When the tries sit beside a chat, then the chat is unchanged', async () => {
        const chat = aResidentChat();
        await storage.chats.put(chat);

        await storage.referenceTries.update(chat.chatKey, 'SQ-7KM4-Q2XD', wrongOnce);

        expect(await storage.chats.get(chat.chatKey)).toEqual(chat);
      });
    });

    describe('what Teams said of a meeting’s questions', () => {
      const refused = { participants: { refused: true, at: '2026-12-10T09:01:00.000Z' } };
      const answered = { participants: { refused: false, at: '2026-12-10T09:02:00.000Z' } };

      test('When nothing is kept for a meeting, then it reads empty, and what is written from that read is kept for that meeting only', async () => {
        const first = await storage.meetingApis.read('meeting-1');
        expect(first).toEqual({ observed: {} });

        expect(await storage.meetingApis.write('meeting-1', refused, first.etag)).toBe(true);

        expect((await storage.meetingApis.read('meeting-1')).observed).toEqual(refused);
        expect((await storage.meetingApis.read('meeting-2')).observed).toEqual({});
      });

      test('When the record changed since it was read, then a write from the older read is refused and the newer kept', async () => {
        const empty = await storage.meetingApis.read('meeting-1');
        expect(await storage.meetingApis.write('meeting-1', refused, empty.etag)).toBe(true);
        expect(await storage.meetingApis.write('meeting-1', answered, empty.etag)).toBe(false);
        const kept = await storage.meetingApis.read('meeting-1');

        expect(await storage.meetingApis.write('meeting-1', answered, kept.etag)).toBe(true);
        expect(await storage.meetingApis.write('meeting-1', refused, kept.etag)).toBe(false);
        expect((await storage.meetingApis.read('meeting-1')).observed).toEqual(answered);
      });

      test('When the record sits beside the meeting chat, then the chat is unchanged', async () => {
        const chat = aResidentChat();
        await storage.chats.put(chat);

        expect(await storage.meetingApis.write(chat.chatKey, refused, undefined)).toBe(true);

        expect(await storage.chats.get(chat.chatKey)).toEqual(chat);
      });
    });

    describe('ward consultation lengths', () => {
      const lengths = (surgeryId: string, endedAt: string): SurgeryLengths => ({
        surgeryId,
        endedAt,
        consultations: 8,
        logMedian: Math.log(12),
        logSpread: 0.4,
      });

      test('When a ward has ended surgeries, then its record gives back their lengths, and another ward has none', async () => {
        const first = lengths('surgery-1', '2025-03-01T12:00:00.000Z');
        const second = lengths('surgery-2', '2025-03-08T12:00:00.000Z');
        await storage.wardLengths.update('E05000001', (recent) => withRecent(recent, first));
        await storage.wardLengths.update('E05000001', (recent) => withRecent(recent, second));

        expect(await storage.wardLengths.recent('E05000001')).toEqual([second, first]);
        expect(await storage.wardLengths.recent('E05000002')).toEqual([]);
      });

      test('When two surgeries of one ward end at once, then neither is lost', async () => {
        const ended = Array.from({ length: 4 }, (_, i) => lengths(`surgery-${i}`, `2025-03-0${i + 1}T12:00:00.000Z`));

        await Promise.all(ended.map((e) => storage.wardLengths.update('E05000001', (recent) => withRecent(recent, e))));

        expect((await storage.wardLengths.recent('E05000001')).map((r) => r.surgeryId).sort()).toEqual(
          ended.map((e) => e.surgeryId).sort(),
        );
      });
    });

    describe('status links', () => {
      const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg';

      test('When a status link is put, then get finds it by its token alone', async () => {
        await storage.statusLinks.put({ token: TOKEN, surgeryId: 'surgery-1', visitId: 'visit-1' });

        expect(await storage.statusLinks.get(TOKEN)).toEqual({ token: TOKEN, surgeryId: 'surgery-1', visitId: 'visit-1' });
      });

      test('When a token was never put, then get gives undefined', async () => {
        expect(await storage.statusLinks.get('never-given-out_x-Y')).toBeUndefined();
      });

      test('When a token holds a character storage keys cannot, then it is refused', async () => {
        await expect(storage.statusLinks.get('a/b')).rejects.toThrow('cannot be a storage key');
      });
    });

    describe('outbox', () => {
      const anEntry = (surgeryId: string, overrides: Partial<ResidentOutboxEntry> = {}): ResidentOutboxEntry => ({
        id: uniqueId('msg'),
        chatKey: 'chat-1',
        surgeryId,
        visitId: 'visit-1',
        action: 'send',
        message: aCalledMessage(),
        record: 'called',
        status: 'pending',
        attempts: 0,
        createdAt: '2025-03-01T10:00:00.000Z',
        nextAttemptAt: '2025-03-01T10:00:00.000Z',
        ...overrides,
      });
      const aPromise = (surgeryId: string, entries: OutboxEntry[], createdAt = '2025-03-01T10:00:00.000Z'): OutboxPromise => ({
        id: uniqueId('promise'),
        surgeryId,
        createdAt,
        entries,
        closedPlaceCards: [],
        refreshPlaceCards: true,
      });

      test("When 150 residents' place cards are saved at once, then one read gives every place card and nothing else", async () => {
        const { surgery } = await createdWithEtag();
        const cards = Array.from({ length: 150 }, (_, i) =>
          anEntry(surgery.id, { id: placeCardEntryId(`chat-${i}`), chatKey: `chat-${i}`, action: 'replace', activityId: `card-${i}` }),
        );
        await storage.outbox.addAll(surgery.id, [anEntry(surgery.id)]);

        await storage.outbox.saveAll(
          surgery.id,
          cards.map((entry) => ({ entry })),
        );

        const read = await storage.outbox.placeCards(surgery.id);
        expect(read.map(({ entry }) => entry).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          [...cards].sort((a, b) => a.id.localeCompare(b.id)),
        );
      });

      test('When a place card changed since it was read, then saving it with the old ETag is refused and it keeps the newer version', async () => {
        const { surgery } = await createdWithEtag();
        const card = anEntry(surgery.id, { id: placeCardEntryId('chat-1'), action: 'replace', activityId: 'card-1' });
        await storage.outbox.saveAll(surgery.id, [{ entry: card }]);
        const [read] = await storage.outbox.placeCards(surgery.id);
        const newer: ResidentOutboxEntry = { ...card, message: { kind: 'place_closed', lobbyTag: 'Jane S · A1', reason: 'left' } };
        await storage.outbox.saveAll(surgery.id, [{ entry: newer, etag: read!.etag }]);

        await expect(storage.outbox.saveAll(surgery.id, [{ entry: card, etag: read!.etag }])).rejects.toBeInstanceOf(ConcurrencyConflict);

        expect((await storage.outbox.placeCards(surgery.id)).map(({ entry }) => entry)).toEqual([newer]);
      });

      test('When a change is saved with its promise, then both are stored, and the queue reads as before', async () => {
        const { surgery, etag } = await createdWithEtag();
        const visit = aVisit({ surgeryId: surgery.id });
        const promise = aPromise(surgery.id, [anEntry(surgery.id)]);

        await storage.surgeries.saveQueue(surgery, [visit], etag, [], { promises: [promise] });

        expect((await storage.outbox.promises(surgery.id)).map((p) => p.promise)).toEqual([promise]);
        expect(await storage.surgeries.loadQueue(surgery.id)).toMatchObject({ visits: [visit], bookings: [] });
      });

      test('When a change with a promise is saved on a stale ETag, then neither the change nor the promise is stored', async () => {
        const { surgery, etag } = await createdWithEtag();
        await storage.surgeries.saveQueue({ ...surgery, ticketsIssued: 1 }, [], etag);

        await expect(
          storage.surgeries.saveQueue(surgery, [aVisit({ surgeryId: surgery.id })], etag, [], { promises: [aPromise(surgery.id, [])] }),
        ).rejects.toBeInstanceOf(ConcurrencyConflict);

        expect(await storage.outbox.promises(surgery.id)).toEqual([]);
        expect((await storage.surgeries.loadQueue(surgery.id))?.visits).toEqual([]);
      });

      test('When a surgery with 250 waiting ends, then one transaction saves it and its promise to all of them, and every visit reads as not reached', async () => {
        const { surgery } = await createdWithEtag();
        const visits = Array.from({ length: 250 }, (_, i) =>
          aVisit({
            surgeryId: surgery.id,
            ticket: i + 1,
            name: `Resident ${i + 1}`,
            chatKey: `chat-${i}`,
            contact: { kind: 'email', value: `r${i}@example.com` },
          }),
        );
        for (let start = 0; start < visits.length; start += 90)
          await storage.surgeries.saveQueue(surgery, visits.slice(start, start + 90), (await storage.surgeries.currentEtag(surgery.id))!);
        const entries = visits.flatMap((v) => [
          anEntry(surgery.id, {
            chatKey: v.chatKey!,
            visitId: v.id,
            record: 'not_reached',
            message: { kind: 'not_reached', ward: 'Riverside', lobbyTag: v.lobbyTag, nextUrl: 'https://example.test/riverside' },
          }),
          contactEntry(
            {
              id: uniqueId('msg'),
              to: v.contact!,
              surgeryId: surgery.id,
              visitId: v.id,
              subject: 'We could not reach you',
              body: 'x'.repeat(400),
            },
            '2025-03-01T10:00:00.000Z',
          ),
        ]);
        const ended = { ...surgery, status: 'ended' as const, endedAt: '2025-03-01T12:00:00.000Z' };

        await storage.surgeries.saveQueue(ended, [], (await storage.surgeries.currentEtag(surgery.id))!, [], {
          promises: [aPromise(surgery.id, entries)],
        });

        const loaded = (await storage.surgeries.loadQueue(surgery.id))!;
        expect(loaded.visits).toHaveLength(250);
        expect(loaded.visits.every((v) => v.status === 'not_reached' && v.finishedAt === ended.endedAt)).toBe(true);
        const [stored] = await storage.outbox.promises(surgery.id);
        expect(stored!.promise.entries).toHaveLength(500);
        expect(stored!.promise.entries).toEqual(entries);
      });

      test('When promises are read, then they come oldest first; once fulfilled they are gone, and fulfilling again is harmless', async () => {
        const { surgery, etag } = await createdWithEtag();
        const later = aPromise(surgery.id, [], '2025-03-01T10:00:02.000Z');
        const earlier = aPromise(surgery.id, [], '2025-03-01T10:00:01.000Z');
        const next = await storage.surgeries.saveQueue(surgery, [], etag, [], { promises: [later] });
        await storage.surgeries.saveQueue(surgery, [], next, [], { promises: [earlier] });

        const stored = await storage.outbox.promises(surgery.id);
        expect(stored.map((p) => p.promise.id)).toEqual([earlier.id, later.id]);
        expect((await storage.outbox.dueWork(surgery.id, '2025-03-01T10:00:00.000Z', 10)).promises).toEqual(stored);
        await storage.outbox.fulfil(stored[0]!);
        await storage.outbox.fulfil(stored[0]!);
        expect((await storage.outbox.promises(surgery.id)).map((p) => p.promise.id)).toEqual([later.id]);
      });

      test('When entries are added that exist already, whatever their status, then those stay as they are and the rest are added', async () => {
        const { surgery } = await createdWithEtag();
        const sent = anEntry(surgery.id);
        await storage.outbox.addAll(surgery.id, [sent]);
        await storage.outbox.update({ ...sent, status: 'sent' }, (await storage.outbox.get(surgery.id, sent.id))!.etag);
        const fresh = anEntry(surgery.id);

        await storage.outbox.addAll(surgery.id, [{ ...sent, message: { kind: 'help' } }, fresh]);

        expect((await storage.outbox.get(surgery.id, sent.id))!.entry).toEqual({ ...sent, status: 'sent' });
        expect((await storage.outbox.get(surgery.id, fresh.id))!.entry).toEqual(fresh);
        expect(await storage.outbox.forSurgery(surgery.id)).toHaveLength(2);
        expect((await storage.surgeries.loadQueue(surgery.id))!.visits).toEqual([]);
      });

      test('When entries wait, are leased or are finished, then the work read gives only the pending ones due now, oldest first', async () => {
        const { surgery } = await createdWithEtag();
        const at = (seconds: number) => new Date(Date.parse('2025-03-01T10:00:00.000Z') + seconds * 1000).toISOString();
        const second = anEntry(surgery.id, { createdAt: at(2), nextAttemptAt: at(2) });
        const first = anEntry(surgery.id, { createdAt: at(1), nextAttemptAt: at(1) });
        const backingOff = anEntry(surgery.id, { createdAt: at(0), nextAttemptAt: at(60) });
        const leased = anEntry(surgery.id, { createdAt: at(0), leaseUntil: at(30) });
        const sent = anEntry(surgery.id, { status: 'sent' });
        await storage.outbox.addAll(surgery.id, [second, first, backingOff, leased, sent]);

        const dueAt = async (seconds: number, limit: number) => (await storage.outbox.dueWork(surgery.id, at(seconds), limit)).due;
        expect((await dueAt(10, 10)).map((e) => e.entry)).toEqual([first, second]);
        expect((await dueAt(10, 1)).map((e) => e.entry.id)).toEqual([first.id]);
        expect((await dueAt(30, 10)).map((e) => e.entry.id)).toEqual([leased.id, first.id, second.id]);
        expect((await storage.outbox.lane(surgery.id, 'chat-1', at(0))).pending.map((e) => e.entry.id)).toHaveLength(4);
        expect((await storage.outbox.lane(surgery.id, 'chat-2', at(0))).pending).toEqual([]);
        expect(await storage.outbox.hasPending(surgery.id)).toBe(true);
      });

      test("When a chat's entries record their sends, then its lane gives the sends since the time asked, from pending entries and from those finished since, not another chat's", async () => {
        const { surgery } = await createdWithEtag();
        const at = (seconds: number) => new Date(Date.parse('2025-03-01T10:00:00.000Z') + seconds * 1000).toISOString();
        const ms = (seconds: number) => Date.parse(at(seconds));
        const longAgo = anEntry(surgery.id, { status: 'sent', finishedAt: at(1), laneSends: [ms(0), ms(1)] });
        const lately = anEntry(surgery.id, { status: 'sent', finishedAt: at(40), laneSends: [ms(1), ms(39), ms(40)] });
        const retrying = anEntry(surgery.id, { nextAttemptAt: at(60), laneSends: [ms(40), ms(41)] });
        const waiting = anEntry(surgery.id, { createdAt: at(50) });
        const otherChat = anEntry(surgery.id, { chatKey: 'chat-2', status: 'sent', finishedAt: at(40), laneSends: [ms(38)] });
        await storage.outbox.addAll(surgery.id, [longAgo, lately, retrying, waiting, otherChat]);

        const lane = await storage.outbox.lane(surgery.id, 'chat-1', at(10));

        expect(lane.pending.map((e) => e.entry.id)).toEqual([retrying.id, waiting.id]);
        expect(lane.sends).toEqual([ms(39), ms(40), ms(41)]);
      });

      test('When an outcome is saved with the visit it is about, then both change; with a stale entry ETag, neither does', async () => {
        const { surgery, etag } = await createdWithEtag();
        const visit = aVisit({ surgeryId: surgery.id });
        const afterVisit = await storage.surgeries.saveQueue(surgery, [visit], etag);
        const entry = anEntry(surgery.id, { visitId: visit.id });
        await storage.outbox.addAll(surgery.id, [entry]);
        const read = (await storage.outbox.get(surgery.id, entry.id))!;
        const told = { ...visit, lastMessage: { kind: 'called' as const, delivered: true, at: '2025-03-01T10:00:05.000Z' } };

        const replaced = await storage.outbox.update({ ...entry, message: { kind: 'help' } }, read.etag);
        await expect(
          storage.surgeries.saveQueue(surgery, [told], afterVisit, [], {
            outcome: { entry: { ...entry, status: 'sent' }, etag: read.etag },
          }),
        ).rejects.toBeInstanceOf(OutboxEntryChanged);
        expect((await storage.surgeries.loadQueue(surgery.id))!.visits).toEqual([visit]);

        await storage.surgeries.saveQueue(surgery, [told], afterVisit, [], {
          outcome: { entry: { ...entry, status: 'sent' }, etag: replaced },
        });
        expect((await storage.surgeries.loadQueue(surgery.id))!.visits).toEqual([told]);
        expect((await storage.outbox.get(surgery.id, entry.id))!.entry.status).toBe('sent');
        expect(await storage.outbox.hasPending(surgery.id)).toBe(false);
      });

      test('When a change is saved with the entry its reply shows, then the entry replaces any before it; when the change is refused, nothing is kept', async () => {
        const { surgery, etag } = await createdWithEtag();
        const visit = aVisit({ surgeryId: surgery.id });
        const earlier = anEntry(surgery.id, { id: 'place-chat-1', visitId: 'an-earlier-visit' });
        await storage.outbox.put(earlier);
        const shown = anEntry(surgery.id, { id: 'place-chat-1', visitId: visit.id, status: 'sent', activityId: 'form-1' });

        const current = await storage.surgeries.saveQueue(surgery, [], etag);

        await expect(storage.surgeries.saveQueue(surgery, [visit], etag, [], { shown: [shown] })).rejects.toBeInstanceOf(
          ConcurrencyConflict,
        );
        expect((await storage.outbox.get(surgery.id, shown.id))!.entry).toEqual(earlier);

        await storage.surgeries.saveQueue(surgery, [visit], current, [], { shown: [shown] });
        expect((await storage.surgeries.loadQueue(surgery.id))!.visits).toEqual([visit]);
        expect((await storage.outbox.get(surgery.id, shown.id))!.entry).toEqual(shown);
        expect(await storage.outbox.hasPending(surgery.id)).toBe(false);
      });

      test('When two senders claim the same entry with the same ETag, then only one succeeds', async () => {
        const { surgery } = await createdWithEtag();
        const entry = anEntry(surgery.id);
        await storage.outbox.put(entry);
        const { etag } = (await storage.outbox.get(surgery.id, entry.id))!;

        const results = await Promise.allSettled([
          storage.outbox.update({ ...entry, attempts: 1, leaseUntil: '2025-03-01T10:01:00.000Z' }, etag),
          storage.outbox.update({ ...entry, attempts: 1, leaseUntil: '2025-03-01T10:01:00.000Z' }, etag),
        ]);

        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(ConcurrencyConflict);
      });

      test('When a surgery is marked as having work, then it is listed until the mark is cleared; a mark made again since stays', async () => {
        const { surgery } = await createdWithEtag();
        await storage.outbox.markWork(surgery.id, '2025-03-01T10:00:00.000Z');
        const [mark] = (await storage.outbox.withWork()).filter((w) => w.surgeryId === surgery.id);
        await storage.outbox.markWork(surgery.id, '2025-03-01T10:00:01.000Z');

        await storage.outbox.clearWork(surgery.id, mark!.markedAt);
        expect((await storage.outbox.withWork()).filter((w) => w.surgeryId === surgery.id)).toHaveLength(1);
        await storage.outbox.clearWork(surgery.id, '2025-03-01T10:00:01.000Z');
        expect((await storage.outbox.withWork()).filter((w) => w.surgeryId === surgery.id)).toEqual([]);
      });

      test('When an entry was never put, then get gives undefined', async () => {
        expect(await storage.outbox.get('surgery-none', 'msg-never-seen')).toBeUndefined();
      });
    });

    describe('forgetting (retention and erasure)', () => {
      const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg';
      const entryFor = (surgeryId: string, overrides: Partial<ResidentOutboxEntry> = {}): ResidentOutboxEntry => ({
        id: uniqueId('msg'),
        chatKey: 'chat-1',
        surgeryId,
        action: 'send',
        message: aCalledMessage(),
        status: 'sent',
        attempts: 1,
        createdAt: '2025-03-01T10:00:00.000Z',
        nextAttemptAt: '2025-03-01T10:00:00.000Z',
        ...overrides,
      });

      test('When a chat is deleted, then get gives undefined, and deleting it again is no error', async () => {
        const chat = aResidentChat();
        await storage.chats.put(chat);

        await storage.chats.delete(chat.chatKey);

        expect(await storage.chats.get(chat.chatKey)).toBeUndefined();
        await expect(storage.chats.delete(chat.chatKey)).resolves.toBeUndefined();
      });

      test('When a status link is deleted, then get gives undefined, and deleting it again is no error', async () => {
        await storage.statusLinks.put({ token: TOKEN, surgeryId: 'surgery-1', visitId: 'visit-1' });

        await storage.statusLinks.delete(TOKEN);

        expect(await storage.statusLinks.get(TOKEN)).toBeUndefined();
        await expect(storage.statusLinks.delete(TOKEN)).resolves.toBeUndefined();
      });

      test('When outbox entries are listed for a surgery, then every one of its entries comes back whole, in any state, and no other', async () => {
        const sent = entryFor('surgery-a', { visitId: 'visit-1' });
        const jane = { kind: 'email' as const, value: 'jane@example.com' };
        const pending: OutboxEntry = {
          ...contactEntry(
            { id: uniqueId('msg'), to: jane, surgeryId: 'surgery-a', subject: 'Your visit', body: 'Thank you for coming.' },
            '2025-03-01T10:00:00.000Z',
          ),
          attempts: 1,
        };
        const other = entryFor('surgery-b');
        for (const entry of [sent, pending, other]) await storage.outbox.put(entry);
        const updated = await storage.outbox.get('surgery-a', pending.id);
        await storage.outbox.update({ ...pending, status: 'undelivered' }, updated!.etag);

        expect((await storage.outbox.forSurgery('surgery-a')).sort(byId)).toEqual([sent, { ...pending, status: 'undelivered' }].sort(byId));
        expect(await storage.outbox.forSurgery('surgery-none')).toEqual([]);
      });

      test('When an outbox entry is deleted, then it is gone from get, pending and its surgery, and a sender holding it meets a conflict', async () => {
        const entry = entryFor('surgery-a', { status: 'pending' });
        await storage.outbox.put(entry);
        const held = await storage.outbox.get('surgery-a', entry.id);

        await storage.outbox.delete('surgery-a', entry.id);

        expect(await storage.outbox.get('surgery-a', entry.id)).toBeUndefined();
        expect(await storage.outbox.hasPending('surgery-a')).toBe(false);
        expect(await storage.outbox.forSurgery('surgery-a')).toEqual([]);
        await expect(storage.outbox.update({ ...entry, status: 'sent' }, held!.etag)).rejects.toBeInstanceOf(ConcurrencyConflict);
        await expect(storage.outbox.delete('surgery-a', entry.id)).resolves.toBeUndefined();
      });
    });

    describe('audit trail', () => {
      const anAuditEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
        id: uniqueId('audit'),
        at: '2025-03-01T10:00:00.000Z',
        who: { id: '00000000-0000-0000-0000-0000000000aa', name: 'Cllr Amina Patel' },
        action: 'admitted',
        surgeryId: 'surgery-a',
        visitIds: ['visit-1'],
        ...overrides,
      });

      test("When entries are appended, then forSurgery gives that surgery's back whole, oldest first, and newest gives every surgery's and none's, newest first", async () => {
        const later = anAuditEntry({ at: '2025-03-01T10:05:00.000Z', action: 'viewed_queue', visitIds: [] });
        const earlier = anAuditEntry({ detail: 'by email' });
        const elsewhere = anAuditEntry({ surgeryId: 'surgery-b', at: '2025-02-27T09:00:00.000Z' });
        const nowhere = anAuditEntry({ surgeryId: undefined, action: 'searched', visitIds: [], at: '2025-03-02T08:00:00.000Z' });
        delete nowhere.surgeryId;
        const tooOld = anAuditEntry({ at: '2024-12-01T00:00:00.000Z' });
        for (const entry of [later, earlier, elsewhere, nowhere, tooOld]) await storage.audit.append(entry);

        expect(await storage.audit.forSurgery('surgery-a')).toEqual([tooOld, earlier, later]);
        expect(await storage.audit.forSurgery('surgery-b')).toEqual([elsewhere]);
        const window = { now: '2025-03-05T00:00:00.000Z', since: '2025-01-01T00:00:00.000Z', limit: 10, keep: () => true };
        expect(await storage.audit.newest(window)).toEqual([nowhere, later, earlier, elsewhere]);
        expect(await storage.audit.newest({ ...window, limit: 2 })).toEqual([nowhere, later]);
        expect(await storage.audit.newest({ ...window, keep: (entry) => entry.action === 'admitted' })).toEqual([earlier, elsewhere]);
      });

      test('When entries before a time are deleted, then only older ones go, in every surgery, and the count says how many', async () => {
        const old = [
          anAuditEntry({ at: '2024-01-01T00:00:00.000Z' }),
          anAuditEntry({ at: '2024-01-02T00:00:00.000Z', surgeryId: 'surgery-b' }),
        ];
        const atCutoff = anAuditEntry({ at: '2024-06-01T00:00:00.000Z' });
        const recent = anAuditEntry({ at: '2025-01-01T00:00:00.000Z' });
        for (const entry of [...old, atCutoff, recent]) await storage.audit.append(entry);

        expect(await storage.audit.deleteBefore('2024-06-01T00:00:00.000Z')).toBe(2);

        expect(await storage.audit.forSurgery('surgery-a')).toEqual([atCutoff, recent]);
        expect(await storage.audit.forSurgery('surgery-b')).toEqual([]);
        const window = { now: '2025-01-05T00:00:00.000Z', since: '2023-01-01T00:00:00.000Z', limit: 10, keep: () => true };
        expect(await storage.audit.newest(window)).toEqual([recent, atCutoff]);
        expect(await storage.audit.deleteBefore('2024-06-01T00:00:00.000Z')).toBe(0);
      });
    });

    test('When storage is reachable, then health.ping resolves', async () => {
      await expect(storage.health.ping()).resolves.toBeUndefined();
    });
  });
}

storageContract('In-memory', async () => createMemoryStorage());

describe('On Azurite', () => {
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite();
  });

  afterAll(async () => {
    await azurite.stop();
  });

  storageContract('Azure Tables', () =>
    createTableStorage({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix(), allowInsecureConnection: true }),
  );

  test('When storage stops answering, then health.ping rejects', async () => {
    const doomed = await startAzurite();
    const storage = await createTableStorage({
      connectionString: doomed.connectionString,
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    await doomed.stop();

    await expect(storage.health.ping()).rejects.toThrow();
  });

  test('When the table prefix would make an invalid table name, then createTableStorage refuses', async () => {
    await expect(
      createTableStorage({ connectionString: azurite.connectionString, tablePrefix: '1st-', allowInsecureConnection: true }),
    ).rejects.toThrow('not a valid table name');
  });
});
