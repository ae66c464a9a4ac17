// Letters that cannot be misread for digits or each other when said aloud or seen in a Teams lobby.
const TICKET_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DIGITS_PER_LETTER = 9;

/** How many tickets a surgery can issue before codes would repeat: A1 to Z9. */
export const MAX_TICKETS = TICKET_LETTERS.length * DIGITS_PER_LETTER;

/** Ticket 1 is "A1", 9 is "A9", 10 is "B1": two characters, easy to say and to spot. */
export function ticketCode(ticket: number): string {
  const index = ticket - 1;
  const letter = TICKET_LETTERS[Math.floor(index / DIGITS_PER_LETTER) % TICKET_LETTERS.length];
  return `${letter}${(index % DIGITS_PER_LETTER) + 1}`;
}

/** "Jane Smith", ticket 7 -> "Jane S · A7": the name a resident uses when joining the meeting lobby. */
export function lobbyTag(name: string, ticket: number): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (words[0] ?? 'Resident').slice(0, 20);
  const initial = words.length > 1 ? ` ${words[words.length - 1]!.charAt(0).toUpperCase()}` : '';
  return `${first}${initial} · ${ticketCode(ticket)}`;
}
