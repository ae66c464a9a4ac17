import type { Config } from '../config';

/** Invitations sent from the council's mailbox name it as organiser, so replies and updates match the sender. */
export function invitationsOrganiserOf(settings: Config['bookings']): string {
  return settings.invitesMailbox || settings.organiserEmail;
}
