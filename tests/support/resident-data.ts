import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { QueueView, ResidentRow } from '../../bot/api-types';
import { Resident, ResidentReaches, TabApi } from './test-app';

/** Residents with details unlike anything else in storage, so any of them left behind is easy to spot. */
export const HERMIONE = {
  name: 'Hermione Quillfeather',
  postcode: 'SW1A 2AA',
  issue: 'Overflowing bins on Zanzibar Crescent',
  contact: 'hermione.quillfeather@example.com',
  accessNeeds: 'Needs a Makaton interpreter',
};
export const BARNABY = {
  name: 'Barnaby Thistlewood',
  postcode: 'EC1A 1BB',
  issue: 'Pothole outside Marzipan Cottage',
  contact: '07700 900456',
};
export const OTTOLINE = { name: 'Ottoline Fairweather', postcode: 'W1A 0AX', issue: 'Noisy neighbours at Quokka Court' };
export const PHONED = {
  name: 'Cuthbert Ravensworth',
  postcode: 'N1 9GU',
  issue: 'Bus shelter on Kumquat Lane',
  phone: '01632 960789',
  accessNeeds: 'Hard of hearing, speak slowly',
};

export const COUNCILLOR_MESSAGE = 'Hermione, I am finishing with someone about Zanzibar';
export const OUTCOME = 'Reported the Zanzibar bins to Waste Services for Hermione';
export const CASE_UPDATE = 'Waste Services emptied the Zanzibar Crescent bins on Tuesday';

export interface RanSurgery {
  surgeryId: string;
  /** Every personal string the residents gave or were given, in every form storage might hold it. */
  personal: string[];
  hermioneVisitId: string;
  caseReference: string;
}

const visitPath = (surgeryId: string, visitId: string) => `/api/surgeries/${surgeryId}/visits/${visitId}`;

async function ok<T>(answer: Promise<{ status: number; body: T }>): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`Expected success, got ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * A whole surgery through the real bot and tab API: Hermione (web chat, email) is messaged, seen with a
 * follow-up whose case is then closed; Barnaby (Teams, mobile) is a no-show; Cuthbert is added by phone and
 * seen; Ottoline is still waiting when the surgery ends.
 */
export async function runSurgeryWithResidents(test: ResidentReaches, api: TabApi): Promise<RanSurgery> {
  const surgery = await api.openSurgery();
  const hermione = new Resident(test, 'webchat');
  const barnaby = new Resident(test, 'msteams');
  const ottoline = new Resident(test, 'webchat');
  await hermione.checksIn(HERMIONE);
  await barnaby.checksIn(BARNABY);
  await ottoline.checksIn(OTTOLINE);
  const added = await ok(api.call<{ added: ResidentRow }>('POST', `/api/surgeries/${surgery.id}/visits`, PHONED));

  const hermioneId = (await api.queue(surgery.id)).active.find((row) => row.name === HERMIONE.name)!.visitId;
  await ok(api.call('POST', `${visitPath(surgery.id, hermioneId)}/messages`, { text: COUNCILLOR_MESSAGE }));
  await ok(api.call('POST', `${visitPath(surgery.id, hermioneId)}/admit`));
  await ok(api.call('POST', `${visitPath(surgery.id, hermioneId)}/joined`));
  const seen = await ok(
    api.call<QueueView>('POST', `${visitPath(surgery.id, hermioneId)}/seen`, { outcome: OUTCOME, topic: 'waste', followUp: true }),
  );
  const caseReference = seen.finished.find((row) => row.visitId === hermioneId)!.caseReference!;
  await ok(api.call('POST', `${visitPath(surgery.id, hermioneId)}/case-updates`, { text: CASE_UPDATE, closesCase: true }));

  const barnabyId = (await api.queue(surgery.id)).active.find((row) => row.name === BARNABY.name)!.visitId;
  await ok(api.call('POST', `${visitPath(surgery.id, barnabyId)}/admit`));
  await ok(api.call('POST', `${visitPath(surgery.id, barnabyId)}/no-show`));
  await ok(api.call('POST', `${visitPath(surgery.id, added.added.visitId)}/admit`));
  await ok(
    api.call('POST', `${visitPath(surgery.id, added.added.visitId)}/seen`, {
      outcome: 'Asked Transport about Kumquat Lane',
      topic: 'other',
    }),
  );
  await ok(api.call('POST', `/api/surgeries/${surgery.id}/end`));
  // The surgery did not reach Ottoline: a councillor deals with her issue afterwards, so her case is closed too.
  const ottolineId = (await api.queue(surgery.id)).finished.find((row) => row.name === OTTOLINE.name)!.visitId;
  await ok(api.call('POST', `${visitPath(surgery.id, ottolineId)}/follow-up-done`));

  const names = [HERMIONE, BARNABY, OTTOLINE, PHONED].flatMap((r) => [r.name, ...r.name.split(' ')]);
  return {
    surgeryId: surgery.id,
    hermioneVisitId: hermioneId,
    caseReference,
    personal: [
      ...names,
      ...[HERMIONE, BARNABY, OTTOLINE, PHONED].flatMap((r) => [r.postcode, r.issue]),
      HERMIONE.contact,
      HERMIONE.accessNeeds,
      PHONED.accessNeeds,
      '7700900456',
      '1632960789',
      COUNCILLOR_MESSAGE,
      OUTCOME,
      'Kumquat',
      CASE_UPDATE,
      caseReference,
      ...[hermione, barnaby, ottoline].map((r) => r.conversationId),
    ],
  };
}

/** Every entity of every table whose name starts with the prefix, as JSON text, one per entity. */
export async function dumpTables(connectionString: string, prefix: string): Promise<{ table: string; json: string }[]> {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  const dumped: { table: string; json: string }[] = [];
  for await (const table of service.listTables()) {
    if (!table.name?.startsWith(prefix)) continue;
    const client = TableClient.fromConnectionString(connectionString, table.name, { allowInsecureConnection: true });
    for await (const entity of client.listEntities()) dumped.push({ table: table.name, json: JSON.stringify(entity) });
  }
  return dumped;
}

/** The personal strings found in the dump, with the table each was found in. */
export function personalLeft(dump: { table: string; json: string }[], personal: string[]): string[] {
  return dump.flatMap(({ table, json }) =>
    personal.filter((text) => json.toLowerCase().includes(text.toLowerCase())).map((text) => `${table}: ${text}`),
  );
}
