import { createTableStorage } from '../../bot/storage/tables/table-storage';
import type { Storage } from '../../bot/storage/ports';
import { textOf } from '../support/recording-connector';
import { aResidentChat, aVisit } from '../support/builders';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(180_000);

describe('The outbox with a full queue', () => {
  let test: TestApp;
  let storage: Storage;

  beforeEach(async () => {
    test = await startTestApp();
    storage = await createTableStorage({
      connectionString: test.azurite.connectionString,
      tablePrefix: test.config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
  });

  afterEach(async () => {
    await test.stop();
  });

  /** Residents waiting in a surgery, each in a chat with a place card, written straight to storage as earlier check-ins left them. */
  async function waiting(surgeryId: string, count: number) {
    const visits = Array.from({ length: count }, (_, i) =>
      aVisit({
        surgeryId,
        ticket: i + 1,
        name: `Resident ${i + 1}`,
        chatKey: `chat-${surgeryId}-${i}`,
        checkedInAt: new Date().toISOString(),
      }),
    );
    for (const visit of visits)
      await storage.chats.put(
        aResidentChat({
          chatKey: visit.chatKey!,
          reference: { channelId: 'msteams', serviceUrl: test.connector.url, conversation: { id: `conv-${visit.ticket}` } },
          placeCardActivityId: `card-${visit.ticket}`,
        }),
      );
    for (let start = 0; start < visits.length; start += 90) {
      const stored = (await storage.surgeries.loadQueue(surgeryId))!;
      await storage.surgeries.saveQueue({ ...stored.surgery, ticketsIssued: start + 90 }, visits.slice(start, start + 90), stored.etag);
    }
    return visits;
  }

  it('When a surgery with 250 residents waiting ends, then every one is told once that they were not reached, their card is closed, and the tab shows it delivered', async () => {
    const surgery = await test.api.openSurgery();
    await waiting(surgery.id, 250);

    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    await test.app.settled();

    const told = test.connector.calls.filter(
      (c) => c.method === 'POST' && textOf(c.activity).includes('has ended before we could reach you'),
    );
    expect(new Set(told.map((c) => c.conversationId)).size).toBe(250);
    expect(told).toHaveLength(250);
    const closedCards = test.connector.calls.filter((c) => c.method === 'PUT');
    expect(new Set(closedCards.map((c) => c.activityId)).size).toBe(250);
    const { visits } = (await storage.surgeries.loadQueue(surgery.id))!;
    expect(visits.filter((v) => v.status === 'not_reached')).toHaveLength(250);
    expect(visits.filter((v) => v.lastMessage?.kind === 'not_reached' && v.lastMessage.delivered)).toHaveLength(250);
  });
});
