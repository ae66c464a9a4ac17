import type { IncomingMessage } from 'node:http';
import { Refusal, refuse } from '../domain/refusal';

export interface Councillor {
  name: string;
}

/** Works out who is calling the councillors' API; a refusal when they cannot be identified. */
export type IdentifyCouncillor = (req: IncomingMessage) => Promise<Councillor | Refusal>;

/** Local mode: nobody signs in. The tab shows a banner saying so; never used when Microsoft app settings are set. */
export const localCouncillor: IdentifyCouncillor = async () => ({ name: 'Councillor (local mode)' });

/** With Microsoft app settings but no Teams sign-in configured, resident data stays closed. */
export const nobodyYet: IdentifyCouncillor = async () =>
  refuse('AUTH.REQUIRED', 'Sign-in with Microsoft Teams is needed to see this surgery.');
