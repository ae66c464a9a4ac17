import { createTableStorage } from '../../bot/storage/tables/table-storage';
import type { QueueView } from '../../bot/api-types';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { Fuzz } from '../support/fuzz';
import { eventually } from '../support/patience';
import { ConnectorCall, RecordingConnector, textOf } from '../support/recording-connector';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { Resident, TabApi } from '../support/test-app';

/** CRASH_SEED=<seed> replays a run: the same operations, killed at the same moments after they start. */
function crashSeed(): number {
  const fromEnv = Number(process.env.CRASH_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

const SEED = crashSeed();
const KILLS = 20;
// How long after the chosen answer the server dies: from at once to after the messages it promised went out.
const LATEST_GRACE_MS = 800;
const FIRST = ['Ann', 'Bob', 'Cat', 'Dev', 'Eve', 'Fay', 'Gus', 'Hal', 'Ida', 'Jon'];
const LAST = ['Avery', 'Baker', 'Cole', 'Dunn', 'Ellis', 'Frost', 'Grant'];

// Twenty-one starts of the server: a few seconds each on a quiet machine, far longer on a busy one.
jest.setTimeout(60 * 60_000);
const START_PATIENCE_MS = 10 * 60_000;

/**
 * One life of the server: messages that reached the connector from the moment the last life ended are its.
 * It begins before the server answers its health check, since a server sends what is due as soon as it starts.
 */
interface Life {
  server?: ServerProcess;
  calls: ConnectorCall[];
}

describe(`A server killed with SIGKILL at seeded moments (CRASH_SEED=${SEED})`, () => {
  let azurite: RunningAzurite;
  let connector: RecordingConnector;
  const lives: Life[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
    connector = await new RecordingConnector().start();
    connector.onAccepted = (call) => lives[lives.length - 1]?.calls.push(call);
  });

  afterAll(async () => {
    for (const { server } of lives) await server?.stop();
    await connector.stop();
    await azurite.stop();
  });

  it(`When it is killed ${KILLS} times while admitting, messaging and checking in, then every acknowledged change's messages arrive, and a message repeats only after a kill`, async () => {
    const fuzz = new Fuzz(SEED);
    const env = {
      TABLES_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
      OUTBOX_LEASE_SECONDS: '2',
      SEND_TIMEOUT_SECONDS: '1',
      OUTBOX_POLL_MS: '100',
      STREAM_POLL_MS: '1000',
    };
    const live = async (): Promise<ServerProcess> => {
      const life: Life = { calls: [] };
      lives.push(life);
      life.server = await startServerProcess(env, undefined, START_PATIENCE_MS);
      return life.server;
    };

    let server = await live();
    const surgeryId = (await new TabApi(server.url).openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] })).id;
    const residents = new Map<string, Resident>();
    const acknowledged = { checkIns: [] as string[], called: [] as string[], notes: [] as { visitId: string; text: string }[] };
    let checkIns = 0;
    let notes = 0;

    const checkIn = async (reach: { app: { url: string }; connector: RecordingConnector }) => {
      const name = `${FIRST[checkIns % FIRST.length]} ${LAST[Math.floor(checkIns / FIRST.length)]}`;
      checkIns += 1;
      // Every third a web chat resident, whose place cards are new messages, never updates.
      const resident = new Resident(reach, checkIns % 3 === 0 ? 'webchat' : 'msteams');
      residents.set(name, resident);
      if ((await resident.says('hello')) !== 200) return;
      const sent = resident.received.find((c) => c.activity.attachments?.[0]?.content?.actions?.[0]?.data?.action === 'check_in');
      if (!sent) return;
      const value = {
        ...sent.activity.attachments[0].content.actions[0].data,
        name,
        postcode: 'SW1A 1AA',
        issue: 'Parking outside the school.',
      };
      // Every other one as Teams sends it, naming the form, whose place the place card then takes.
      const status = await resident.send(
        checkIns % 2 === 0 && resident.channelId === 'msteams' ? { value, replyToId: sent.resultId } : { value },
      );
      if (status === 200) acknowledged.checkIns.push(name);
    };

    for (let kill = 1; kill <= KILLS; kill++) {
      const api = new TabApi(server.url);
      const view = await api.queue(surgeryId);
      const reach = { app: { url: server.url }, connector };
      const round: Promise<unknown>[] = [checkIn(reach)];
      if (view.active.some((row) => row.status === 'waiting') && fuzz.chance(0.6))
        round.push(
          api.admitNext(surgeryId).then(({ status, body }) => {
            if (status === 200) acknowledged.called.push(body.called.visitId);
          }),
        );
      for (const row of view.active)
        if (fuzz.chance(0.3)) {
          notes += 1;
          const text = `Note ${notes}: we will be with you shortly.`;
          round.push(
            api.call('POST', `/api/surgeries/${surgeryId}/visits/${row.visitId}/messages`, { text }).then(({ status }) => {
              if (status === 200) acknowledged.notes.push({ visitId: row.visitId, text });
            }),
          );
        }
      // The moment is counted in answers, not time, so a busy machine kills at the same points as a quiet one:
      // after a seeded number of the round's requests were answered, then a short seeded while into the rest.
      let answered = 0;
      const count = () => (answered += 1);
      for (const operation of round) void operation.then(count, count);
      const killAfter = fuzz.int(0, round.length);
      const graceMs = fuzz.int(0, LATEST_GRACE_MS);
      const settled = Promise.allSettled(round);
      await eventually(() => answered >= killAfter, `${killAfter} answers before kill ${kill}`, START_PATIENCE_MS);
      await new Promise((resolve) => setTimeout(resolve, graceMs));
      await server.killHard();
      await settled;
      server = await live();
    }

    const storage = await createTableStorage({
      connectionString: azurite.connectionString,
      tablePrefix: env.TABLE_PREFIX,
      allowInsecureConnection: true,
    });
    await eventually(
      async () => (await storage.outbox.promises(surgeryId)).length === 0 && !(await storage.outbox.hasPending(surgeryId)),
      'the outbox has sent everything',
    );
    const final: QueueView = await new TabApi(server.url).queue(surgeryId);
    const rows = new Map(final.active.map((row) => [row.visitId, row]));
    const conversationOf = (visitId: string) => residents.get(rows.get(visitId)!.name)!.conversationId;
    // A new message is posted; an update in place is put over the message it replaces.
    const newMessages = connector.calls.filter((c) => c.method === 'POST');
    const turnsTo = (conversationId: string) =>
      newMessages.filter((c) => c.conversationId === conversationId && textOf(c.activity).includes('It is your turn next'));
    const notesTo = (conversationId: string, text: string) =>
      newMessages.filter((c) => c.conversationId === conversationId && textOf(c.activity).includes(text));

    // Nothing was ever tried that a web chat's Direct Line refuses.
    expect(connector.failed.filter((f) => f.status === 405)).toEqual([]);
    // Enough was acknowledged for a loss to show.
    expect(acknowledged.checkIns.length).toBeGreaterThan(0);
    // Acknowledged changes stand, and what they promised arrived.
    const names = new Set(final.active.map((row) => row.name));
    expect(acknowledged.checkIns.filter((name) => !names.has(name))).toEqual([]);
    expect(acknowledged.called.filter((visitId) => rows.get(visitId)?.status !== 'called')).toEqual([]);
    // Changes saved though their answer was lost to a kill count too: every called resident was told.
    const called = final.active.filter((row) => row.status === 'called');
    expect(called.filter((row) => turnsTo(conversationOf(row.visitId)).length === 0).map((row) => row.name)).toEqual([]);
    // What the tab shows of the last message to each: delivered, whether it was the call or a note after it.
    expect(called.filter((row) => !row.lastMessage?.delivered).map((row) => ({ name: row.name, lastMessage: row.lastMessage }))).toEqual(
      [],
    );
    const saved = final.active.flatMap((row) => (row.messages ?? []).map((message) => ({ visitId: row.visitId, ...message })));
    expect(acknowledged.notes.filter((note) => !saved.some((s) => s.visitId === note.visitId && s.text === note.text))).toEqual([]);
    expect(saved.filter((note) => notesTo(conversationOf(note.visitId), note.text).length === 0 || !note.delivered)).toEqual([]);
    // Nobody was told anything no saved change promised.
    const calledConversations = new Set(called.map((row) => conversationOf(row.visitId)));
    expect(
      newMessages.filter((c) => textOf(c.activity).includes('It is your turn next') && !calledConversations.has(c.conversationId)),
    ).toEqual([]);

    // A new message goes at most once in each life of the server: a copy comes again only from a later life,
    // after the one that sent it was killed before recording it, or after a send its time limit cut off
    // although the channel had taken it.
    const copies = [
      ...called.map((row) => ({ what: `turn of ${row.name}`, calls: turnsTo(conversationOf(row.visitId)) })),
      ...saved.map((note) => ({ what: note.text, calls: notesTo(conversationOf(note.visitId), note.text) })),
    ];
    const lifeOf = (call: ConnectorCall) => lives.findIndex((life) => life.calls.includes(call));
    const repeatedInOneLife = copies
      .filter(({ calls }) => {
        const answered = calls.filter((call) => !call.abandoned);
        return new Set(answered.map(lifeOf)).size < answered.length;
      })
      .map(({ what }) => what);
    expect(repeatedInOneLife).toEqual([]);
    const repeats = copies.reduce((sum, { calls }) => sum + calls.length - 1, 0);
    console.log(
      `CRASH_SEED=${SEED}: ${KILLS} kills; ${acknowledged.checkIns.length} check-ins, ${acknowledged.called.length} calls and ${acknowledged.notes.length} messages acknowledged; ${called.length} residents called and ${saved.length} messages saved; ${repeats} messages repeated after a kill`,
    );
  });
});
