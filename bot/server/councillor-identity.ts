import type { IncomingMessage } from 'node:http';
import { Refusal, refuse } from '../domain/refusal';
import { Person } from '../domain/surgery-access';
import { VerifyToken } from './auth/entra-tokens';

/** Works out who is calling the councillors' API; a refusal when they cannot be identified. */
export type IdentifyCaller = (req: IncomingMessage) => Promise<Person | Refusal>;

/** Local mode: nobody signs in. The tab shows a banner saying so; never used once sign-in is configured. */
export const LOCAL_COUNCILLOR: Person = { id: 'local', tenantId: 'local', name: 'Councillor (local mode)' };

export const localCouncillor: IdentifyCaller = async () => LOCAL_COUNCILLOR;

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i;

/** Teams single sign-on: the tab sends the token Teams gave it as `Authorization: Bearer <token>`. */
export function teamsSignIn(verify: VerifyToken): IdentifyCaller {
  return async (req) => {
    const token = BEARER.exec(req.headers.authorization?.trim() ?? '')?.[1];
    return token ? verify(token) : refuse('AUTH.REQUIRED', 'Sign in with Microsoft Teams to see this surgery.');
  };
}
