import type { Organiser, Surgery } from './model';

/** Someone signed in with Entra ID: object id and tenant, with their sign-in name when the token has one. */
export interface Person {
  id: string;
  tenantId: string;
  name: string;
  /** Sign-in name (UPN or email), lower case. */
  account?: string;
}

/** Roles Teams gives people in a meeting, as its meeting participant API names them. */
export type MeetingRole = 'Organizer' | 'Presenter' | 'Attendee' | (string & {});

const RUNNING_ROLES: ReadonlySet<string> = new Set(['Organizer', 'Presenter']);

/** Organisers and presenters of a meeting run it; attendees (residents among them) do not. */
export function runsMeeting(role: MeetingRole | undefined): boolean {
  return role !== undefined && RUNNING_ROLES.has(role);
}

/** The councillor who set the surgery up: the only one Graph lets change the Teams meeting made for it. */
export function isOrganiser(surgery: Surgery, person: Organiser): boolean {
  const { organiser } = surgery;
  return organiser !== undefined && organiser.id === person.id && organiser.tenantId === person.tenantId;
}

/**
 * On the surgery's own list: its organiser, or a councillor they added. Sign-in names are only trusted
 * within the organiser's tenant, where the council's administrators issue them.
 */
export function isListedCouncillor(surgery: Surgery, person: Person): boolean {
  const { organiser } = surgery;
  if (!organiser || person.tenantId !== organiser.tenantId) return false;
  return isOrganiser(surgery, person) || isAddedCouncillor(surgery, person);
}

/** Added to the surgery by its organiser, by work email or object id, within the organiser's tenant. */
export function isAddedCouncillor(surgery: Surgery, person: Person): boolean {
  const { organiser } = surgery;
  if (!organiser || person.tenantId !== organiser.tenantId) return false;
  const accounts = surgery.councillorAccounts ?? [];
  return accounts.includes(person.id.toLowerCase()) || (person.account !== undefined && accounts.includes(person.account.toLowerCase()));
}

/**
 * May this person see the surgery's residents and act on its queue? `roleInMeeting` is their role in the
 * surgery's own meeting, when the bot could ask Teams; without it only the surgery's list counts.
 */
export function mayRunSurgery(surgery: Surgery, person: Person, roleInMeeting?: MeetingRole): boolean {
  return isListedCouncillor(surgery, person) || (surgery.meetingId !== undefined && runsMeeting(roleInMeeting));
}

/**
 * The surgery a meeting's side panel shows, out of those run in that meeting: the open one, else the next
 * not yet over, else the latest. A meeting can hold several (a recurring meeting, one surgery a month).
 */
export function currentSurgery(surgeries: readonly Surgery[], now: Date): Surgery | undefined {
  const open = surgeries.filter((s) => s.status === 'open').sort((a, b) => (b.openedAt ?? '').localeCompare(a.openedAt ?? ''));
  if (open[0]) return open[0];
  const nowIso = now.toISOString();
  const coming = surgeries
    .filter((s) => s.status === 'scheduled' && s.endsAt > nowIso)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (coming[0]) return coming[0];
  return [...surgeries].sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0];
}
