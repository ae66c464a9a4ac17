/**
 * What the buttons on the bot's cards ask for. A card can send only one of these, and the conversation
 * answers each in one table (a Record over this union), so a button without an answer does not compile.
 */
export type CardAction =
  | 'choose_surgery'
  | 'check_in'
  | 'leave'
  | 'feedback'
  | 'choose_booking_surgery'
  | 'forget_me'
  | 'book'
  | 'im_here'
  | MayNotBeReachedChoice;

/** The buttons on "we may not reach you"; each also sends the visit id it was offered to. */
export type MayNotBeReachedChoice = 'keep_waiting' | 'next_surgery' | 'leave_issue';

/** What a button sends back: its action, and whatever the card adds (the surgery, the visit, the form's fields). */
export type CardData = { action: CardAction } & Record<string, unknown>;
