import { Agent, AgentOptions } from 'node:https';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, JWTPayload } from 'jose';
import { Refusal, refuse } from '../../domain/refusal';
import { Person } from '../../domain/surgery-access';

export interface EntraSettings {
  clientId: string;
  /** api://<host>/<client id>: the audience of v1 tokens (v2 tokens name the client id). */
  appIdUri: string;
  allowedTenantIds: readonly string[];
  /** https://login.microsoftonline.com, or a local stand-in in tests. */
  authorityHost: string;
  /** https://sts.windows.net, the issuer host of v1 tokens. */
  v1IssuerHost: string;
  /** How https calls are made, say trusting the certificate authority of a proxy in between (or a local stand-in's). */
  agentOptions?: AgentOptions;
}

/** Checks a Teams single sign-on token and says whose it is. */
export type VerifyToken = (token: string) => Promise<Person | Refusal>;

// Entra ID and this server may disagree about the time by a little.
const CLOCK_TOLERANCE_SECONDS = 60;

const notValid = (): Refusal => refuse('AUTH.INVALID_TOKEN', 'Your Teams sign-in could not be checked. Close the tab and open it again.');

function text(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Validates tokens the way Entra ID documents: RS256 signature against the tenant's published keys
 * (fetched once per tenant and cached by jose), issuer of that tenant, audience of this app, expiry, and
 * the tenant on the allow-list. Only delegated (user) tokens count: an app-only token has no `scp`.
 */
export function entraTokenVerifier(settings: EntraSettings, clock: () => Date): VerifyToken {
  const allowed = new Set(settings.allowedTenantIds.map((id) => id.toLowerCase()));
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const agent = settings.agentOptions && new Agent(settings.agentOptions);
  const keysOf = (tenantId: string) => {
    let keys = keySets.get(tenantId);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(`${settings.authorityHost}/${tenantId}/discovery/v2.0/keys`), agent ? { agent } : {});
      keySets.set(tenantId, keys);
    }
    return keys;
  };

  return async (token) => {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      return notValid();
    }
    // The tenant is read before the signature is checked only to choose whose keys to check it with;
    // nobody outside the allow-list gets as far as a key download.
    const tenantId = text(unverified, 'tid')?.toLowerCase();
    if (!tenantId || !allowed.has(tenantId)) {
      return refuse('AUTH.TENANT_NOT_ALLOWED', 'This app is only for the council’s own Microsoft 365 accounts.');
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keysOf(tenantId), {
        algorithms: ['RS256'],
        audience: [settings.appIdUri, settings.clientId],
        issuer: [`${settings.authorityHost}/${tenantId}/v2.0`, `${settings.v1IssuerHost}/${tenantId}/`],
        currentDate: clock(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'oid', 'tid', 'scp'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return notValid();
      // Microsoft's signing keys could not be fetched: not the caller's fault, and worth trying again soon.
      return refuse('AUTH.UNAVAILABLE', 'Your sign-in cannot be checked just now. Please try again in a minute.');
    }
    const id = text(claims, 'oid');
    if (!id || !text(claims, 'scp')) return notValid();
    const account = (text(claims, 'preferred_username') ?? text(claims, 'upn') ?? text(claims, 'unique_name'))?.toLowerCase();
    return { id, tenantId, name: text(claims, 'name') ?? account ?? 'Signed-in user', ...(account ? { account } : {}) };
  };
}
