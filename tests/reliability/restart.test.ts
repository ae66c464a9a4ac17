import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { RecordingConnector, textOf } from '../support/recording-connector';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { EventStream, Resident, TabApi } from '../support/test-app';

describe('A server killed in the middle of a surgery', () => {
  let azurite: RunningAzurite;
  let connector: RecordingConnector;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  beforeEach(async () => {
    azurite = await startAzurite();
    connector = await new RecordingConnector().start();
    env = {
      TABLES_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
      OUTBOX_LEASE_SECONDS: '2',
      SEND_TIMEOUT_SECONDS: '1',
      OUTBOX_POLL_MS: '100',
      STREAM_POLL_MS: '200',
    };
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    connector.release();
    await connector.stop();
    await azurite.stop();
  });

  async function start(port?: number): Promise<ServerProcess> {
    const server = await startServerProcess(env, port);
    servers.push(server);
    return server;
  }

  const calledMessages = (conversationId: string) =>
    connector.calls.filter(
      (c) => c.conversationId === conversationId && c.method === 'POST' && textOf(c.activity).includes('It is your turn next'),
    );

  it('When it dies while sending a resident their call, then after restart the call reaches them exactly once', async () => {
    const first = await start();
    const api = new TabApi(first.url);
    const surgery = await api.openSurgery();
    const jane = new Resident({ app: first, connector });
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });

    connector.hold(jane.conversationId);
    expect((await api.admitNext(surgery.id)).status).toBe(200);
    await connector.waitForHeld();
    await first.killHard();
    await connector.waitForDropped();
    connector.release();
    expect(connector.dropped.map((d) => textOf(d.activity))).toEqual([expect.stringContaining('It is your turn next')]);
    expect(calledMessages(jane.conversationId)).toEqual([]);

    const second = await start();
    await connector.waitFor((c) => calledMessages(jane.conversationId).includes(c));
    // Give a wrongly repeated send every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(calledMessages(jane.conversationId)).toHaveLength(1);
    const view = await new TabApi(second.url).queue(surgery.id);
    expect(view.active).toEqual([
      expect.objectContaining({
        lobbyTag: 'Jane S · A1',
        status: 'called',
        lastMessage: expect.objectContaining({ kind: 'called', delivered: true }),
      }),
    ]);
  });

  it('When it dies with residents waiting, then after restart on the same port the queue is intact and a stream picks up again', async () => {
    const first = await start();
    const api = new TabApi(first.url);
    const surgery = await api.openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
    for (const name of ['Ann Lee', 'Bob Ray', 'Cat Orr'])
      await new Resident({ app: first, connector }).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    await api.admitNext(surgery.id);
    const before = await api.queue(surgery.id);

    await first.killHard();
    const second = await start(first.port);
    const after = await new TabApi(second.url).queue(surgery.id);

    expect(after.active.map((r) => [r.visitId, r.lobbyTag, r.status])).toEqual(before.active.map((r) => [r.visitId, r.lobbyTag, r.status]));
    const stream = new EventStream(`${second.url}/api/surgeries/${surgery.id}/stream`);
    await new Resident({ app: second, connector }).checksIn({ name: 'Dev Patel', postcode: 'SW1A 1AA', issue: 'Bins' });
    const live = await stream.waitFor((view) => view.active.length === 4);
    expect(new Set(live.active.map((r) => r.visitId)).size).toBe(4);
    expect(live.active.map((r) => r.lobbyTag)).toEqual(['Ann L · A1', 'Bob R · A2', 'Cat O · A3', 'Dev P · A4']);
    stream.close();
  });
});
