import { lobbyTag } from '../../bot/domain/lobby-tag';
import type { Booking, Surgery, Visit } from '../../bot/domain/model';
import { ResidentChat } from '../../bot/storage/ports';
import type { ResidentMessage } from '../../bot/domain/messages';

let lastNumber = 0;

/** A fresh id each call, readable in failure messages: "surgery-3", "visit-7". */
export function uniqueId(prefix: string): string {
  lastNumber += 1;
  return `${prefix}-${lastNumber}`;
}

/** An open surgery with one councillor and no tickets issued yet. */
export function aSurgery(overrides: Partial<Surgery> = {}): Surgery {
  return {
    id: uniqueId('surgery'),
    ward: 'Riverside',
    startsAt: '2025-03-01T10:00:00.000Z',
    endsAt: '2025-03-01T12:00:00.000Z',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_riverside%40thread.v2/0',
    councillors: ['Cllr Amina Patel'],
    status: 'open',
    ticketsIssued: 0,
    createdAt: '2025-02-20T09:00:00.000Z',
    createdBy: 'Cllr Amina Patel',
    openedAt: '2025-03-01T09:55:00.000Z',
    ...overrides,
  };
}

/** A resident waiting with ticket 1 (or the ticket given); the lobby tag follows the name and ticket. */
export function aVisit(overrides: Partial<Visit> = {}): Visit {
  const name = overrides.name ?? 'Jane Smith';
  const ticket = overrides.ticket ?? 1;
  return {
    id: uniqueId('visit'),
    surgeryId: 'surgery-0',
    ticket,
    lobbyTag: lobbyTag(name, ticket),
    name,
    postcode: 'SW1A 1AA',
    issue: 'Broken street light outside number 12.',
    channel: 'msteams',
    status: 'waiting',
    checkedInAt: '2025-03-01T10:05:00.000Z',
    ...overrides,
  };
}

/** Visits with tickets 1..count for the given surgery. */
export function someVisits(surgery: Surgery, count: number): Visit[] {
  return Array.from({ length: count }, (_, index) => aVisit({ surgeryId: surgery.id, ticket: index + 1, name: `Resident ${index + 1}` }));
}

export function aResidentChat(overrides: Partial<ResidentChat> = {}): ResidentChat {
  const chatKey = overrides.chatKey ?? uniqueId('chat');
  return {
    chatKey,
    reference: { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/uk/', conversation: { id: chatKey } },
    updatedAt: '2025-03-01T10:05:00.000Z',
    ...overrides,
  };
}

/** A booking of slot 0 (or the slot given) of a surgery starting 1 December 2026 at 6pm, 10-minute slots. */
export function aBooking(overrides: Partial<Booking> = {}): Booking {
  const slot = overrides.slot ?? 0;
  const startsAt = new Date(Date.parse('2026-12-01T18:00:00.000Z') + slot * 600_000);
  return {
    id: uniqueId('booking'),
    surgeryId: 'surgery-0',
    reference: `SQ-${String(lastNumber).padStart(4, '2').slice(0, 4)}-QQQQ`,
    manageToken: uniqueId('manage'),
    slot,
    slotStartsAt: startsAt.toISOString(),
    slotEndsAt: new Date(startsAt.getTime() + 600_000).toISOString(),
    name: 'Jane Smith',
    address: '12 High Street',
    postcode: 'SW1A 1AA',
    issue: 'Bins not collected',
    contact: { kind: 'email', value: 'jane@example.com' },
    wardCheck: 'in_ward',
    channel: 'msteams',
    status: 'booked',
    bookedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

/** "It is your turn" to Jane, as the outbox keeps it. */
export function aCalledMessage(): ResidentMessage {
  return { kind: 'called', lobbyTag: 'Jane S · A1', joinUrl: 'https://teams.microsoft.com/l/x', ward: 'Abbey', admitWithinMinutes: 5 };
}
