import { loadConfig } from '../../bot/config';
import { RunningApp, startApp } from '../../bot/index';
import { jsonLogger, readableLogger } from '../../bot/logger';
import type { Storage, SurgeryRepository } from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { RecordingConnector, textOf } from '../support/recording-connector';
import { Resident, TabApi } from '../support/test-app';

// Distinctive, so any trace of them in a log line is found.
const QUILLON = {
  name: 'Quillon Vexbridge-Ormsby',
  postcode: 'kw14yt',
  issue: 'Marmalade-coloured sinkhole beside the Pettigrew bandstand',
  contact: '07700 900461',
};
const OTTOLINE = {
  name: 'Ottoline Farquharson',
  postcode: 'KW1 4YT',
  issue: 'Noisy Zanzibar-themed karaoke next door',
  contact: 'ottoline.farq@example.org',
};
const CALLUM = { name: 'Callum Drummelzier', postcode: 'KW1 4YT', issue: 'Flytipping at Auchtermuchty lane' };
const PERSONAL = [
  'Quillon',
  'Vexbridge',
  'Ormsby',
  'KW1 4YT',
  'KW14YT',
  'Marmalade',
  'Pettigrew',
  '900461',
  'Ottoline',
  'Farquharson',
  'Zanzibar',
  'ottoline.farq',
  'example.org',
  'Callum',
  'Drummelzier',
  'Auchtermuchty',
];

/** Table storage that can be told to fail the way a careless storage error might: quoting what it was given. */
function failingOnDemand(storage: Storage): { storage: Storage; fail: (what: 'nothing' | 'saves' | 'lists') => void } {
  let failing: 'nothing' | 'saves' | 'lists' = 'nothing';
  const surgeries: SurgeryRepository = {
    create: (surgery) => storage.surgeries.create(surgery),
    current: async () => {
      if (failing === 'lists')
        throw new Error(`listing failed near ${JSON.stringify(await storage.surgeries.current())} and ${JSON.stringify(CALLUM)}`);
      return storage.surgeries.current();
    },
    holdingDetails: () => storage.surgeries.holdingDetails(),
    startingIn: (months) => storage.surgeries.startingIn(months),
    withoutWardCode: () => storage.surgeries.withoutWardCode(),
    all: () => storage.surgeries.all(),
    released: (id) => storage.surgeries.released(id),
    find: (id) => storage.surgeries.find(id),
    loadQueue: (id) => storage.surgeries.loadQueue(id),
    saveQueue: async (surgery, visits, etag, bookings, outbox, listedBefore) => {
      if (failing === 'saves') throw new TypeError(`cannot save ${JSON.stringify(visits)}`);
      return storage.surgeries.saveQueue(surgery, visits, etag, bookings, outbox, listedBefore);
    },
    currentEtag: (id) => storage.surgeries.currentEtag(id),
  };
  return { storage: { ...storage, surgeries }, fail: (what) => (failing = what) };
}

describe('Logs', () => {
  let azurite: RunningAzurite;
  let connector: RecordingConnector;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    azurite = await startAzurite();
    connector = await new RecordingConnector().start();
  });

  afterAll(async () => {
    await app?.stop();
    await connector.stop();
    await azurite.stop();
  });

  it('When a resident checks in, is called, is not reachable, is seen, and storage fails, then no log line holds their details', async () => {
    const lines: string[] = [];
    const config = loadConfig({
      LOCAL_MODE: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      TABLES_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
    });
    const tables = await createTableStorage({
      connectionString: config.storage.connectionString,
      tablePrefix: config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
    const { storage, fail } = failingOnDemand(tables);
    app = await startApp(config, { storage, logger: jsonLogger((line) => lines.push(line)) });
    const test = { app, connector, api: new TabApi(app.url) };

    const surgery = await test.api.openSurgery();
    const quillon = new Resident(test);
    await quillon.checksIn(QUILLON);
    await new Resident(test, 'webchat').checksIn(OTTOLINE);
    expect((await test.api.queue(surgery.id)).active).toHaveLength(2);

    connector.fail(quillon.conversationId, 403);
    const called = await test.api.admitNext(surgery.id);
    expect(called.status).toBe(200);
    await app.settled();
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${called.body.called.visitId}/seen`, {
      outcome: 'Referred the Pettigrew sinkhole to highways',
    });

    fail('saves');
    const callum = new Resident(test);
    await callum.says('hello');
    await callum.submits({ action: 'check_in', surgeryId: surgery.id, ...CALLUM });
    expect(textOf(callum.lastReceived()!.activity)).toContain('Sorry, something went wrong on our side.');
    fail('lists');
    expect((await test.api.call('GET', '/api/surgeries')).status).toBe(500);
    fail('nothing');
    await app.settled();

    const events = lines.map((line) => JSON.parse(line) as { level: string; time: string; msg: string });
    for (const event of events)
      expect(event).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    const messages = events.map((event) => event.msg);
    expect(messages).toEqual(
      expect.arrayContaining(['request answered', 'message to resident not delivered', 'bot turn failed', 'request failed']),
    );

    const everything = lines.join('\n').toLowerCase();
    expect(PERSONAL.filter((detail) => everything.includes(detail.toLowerCase()))).toEqual([]);
  });

  it('When a caller passes personal details by mistake, then the logger writes [redacted] instead', () => {
    const lines: string[] = [];
    const log = jsonLogger((line) => lines.push(line));
    log.info('checked in', {
      visitId: 'v1',
      name: 'Quillon Vexbridge',
      visit: { postcode: 'KW1 4YT', issue: 'Pettigrew', contact: '07700 900461' },
    });
    const event = JSON.parse(lines[0]!);
    expect(event).toMatchObject({
      level: 'info',
      msg: 'checked in',
      visitId: 'v1',
      name: '[redacted]',
      visit: { postcode: '[redacted]', issue: '[redacted]', contact: '[redacted]' },
    });
    expect(lines).toHaveLength(1);
  });

  it('When the server runs in local mode, then each event is one short line a person reads, personal details redacted, requests only at debug level', () => {
    const lines: string[] = [];
    const quiet = readableLogger((line) => lines.push(line));
    quiet.debug('request answered', { method: 'GET', route: '/healthz', status: 200 });
    quiet.info('server started', { port: 3978, localMode: true });
    quiet.error('bot turn failed', { errorType: 'RestError', error: 'Conversation not found', name: 'Quillon Vexbridge' });
    quiet.info('checked in', { visit: { postcode: 'KW1 4YT', ward: 'Abbey' } });

    expect(lines).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d server started port=3978 localMode=true$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d error bot turn failed errorType=RestError error="Conversation not found" name=\[redacted\]$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d checked in visit=\{"postcode":"\[redacted\]","ward":"Abbey"\}$/),
    ]);

    const chatty = readableLogger((line) => lines.push(line), 'debug');
    chatty.debug('request answered', { method: 'GET', route: '/healthz', status: 200 });
    expect(lines[3]).toMatch(/^\d\d:\d\d:\d\d request answered method=GET route=\/healthz status=200$/);
  });
});
