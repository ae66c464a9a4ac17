import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Refusal, refuse } from '../../domain/refusal';
import { Person } from '../../domain/surgery-access';

/** What a ticket lets its holder do: follow one surgery's live queue, for a minute. */
export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

const AUDIENCE = 'surgery-queue/stream';
const LIFETIME_SECONDS = 60;

/**
 * EventSource cannot send an Authorization header, so the tab first asks (with its Teams token) for a
 * ticket, and opens the stream with it in the address. A ticket is signed here, names the surgery and the
 * person, and lasts a minute: enough to connect, too short to be worth stealing from a log.
 */
export class StreamTickets {
  private readonly key: Uint8Array;

  /** With no secret, a random key: tickets then only open streams on this instance. */
  constructor(
    secret: string,
    private readonly clock: () => Date,
  ) {
    this.key = secret === '' ? randomBytes(32) : new TextEncoder().encode(secret);
  }

  async issue(surgeryId: string, person: Person): Promise<IssuedTicket> {
    const now = Math.floor(this.clock().getTime() / 1000);
    const ticket = await new SignJWT({ sid: surgeryId, tid: person.tenantId })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(AUDIENCE)
      .setSubject(person.id)
      .setIssuedAt(now)
      .setExpirationTime(now + LIFETIME_SECONDS)
      .sign(this.key);
    return { ticket, expiresAt: new Date((now + LIFETIME_SECONDS) * 1000).toISOString() };
  }

  /** The person the ticket was issued to, when it is valid for this surgery now. */
  async check(ticket: unknown, surgeryId: string): Promise<{ id: string; tenantId: string } | Refusal> {
    if (typeof ticket !== 'string' || ticket === '') return refuse('AUTH.REQUIRED', 'Open the live queue from the tab.');
    try {
      const { payload } = await jwtVerify(ticket, this.key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: this.clock() });
      if (payload.sid !== surgeryId || typeof payload.sub !== 'string' || typeof payload.tid !== 'string')
        throw new errors.JWTInvalid('wrong surgery');
      return { id: payload.sub, tenantId: payload.tid };
    } catch (error) {
      if (error instanceof errors.JOSEError)
        return refuse('AUTH.INVALID_TICKET', 'The live queue link has expired. The tab will reconnect.');
      throw error;
    }
  }
}
