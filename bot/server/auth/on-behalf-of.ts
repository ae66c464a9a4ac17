import type { AgentOptions } from 'node:https';
import { AuthError, ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { Refusal, refuse } from '../../domain/refusal';

export interface OnBehalfOfSettings {
  /** The tab's app registration: Teams sign-in tokens are issued to it, and it asks for Graph tokens. */
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com, or a local stand-in in tests. */
  authorityHost: string;
  /** Graph's delegated permissions the exchange asks for, e.g. https://graph.microsoft.com/Calendars.ReadWrite. */
  scopes: readonly string[];
  /** How https calls are made, say trusting the certificate authority of a proxy in between (or a local stand-in's). */
  agentOptions?: AgentOptions;
}

/** A councillor's Teams sign-in token traded for a Graph token for the same person. */
export type TradeForGraph = (ssoToken: string, tenantId: string) => Promise<string | Refusal>;

/** What the officer must grant, named in the tab when Entra ID says consent is missing. */
const GRAPH_CONSENT_MESSAGE =
  'Surgery Queue may not make Teams meetings for you yet. Ask the council’s IT officers to grant admin consent to the Surgery Queue app for the Microsoft Graph permissions Calendars.ReadWrite and OnlineMeetings.ReadWrite (the officer guide says how). Until then, paste a join link instead.';

// Entra ID's answers that mean the person or an administrator has not consented to the scopes asked for:
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (AADSTS65001) and the
// on-behalf-of flow's error response, https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#error-response-example
function isConsentMissing(error: AuthError): boolean {
  return error.subError === 'consent_required' || error.errorCode === 'consent_required' || /AADSTS65001\b/.test(error.errorMessage);
}

/**
 * The on-behalf-of exchange through MSAL (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow):
 * grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, the tab's client id and secret, the Teams token as
 * assertion, the Graph scopes, requested_token_use on_behalf_of. A client is made for each exchange and
 * dropped after it, so the Graph token lives only as long as the request that needed it: it is never
 * kept, cached across requests or logged (MSAL's own logging is off).
 */
export function graphTokensOnBehalfOf(settings: OnBehalfOfSettings): TradeForGraph {
  return async (ssoToken, tenantId) => {
    const client = new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authority: `${settings.authorityHost}/${tenantId}`,
        knownAuthorities: [new URL(settings.authorityHost).host],
      },
      system: {
        loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
        ...(settings.agentOptions ? { customAgentOptions: settings.agentOptions } : {}),
      },
    });
    try {
      const result = await client.acquireTokenOnBehalfOf({ oboAssertion: ssoToken, scopes: [...settings.scopes], skipCache: true });
      if (result?.accessToken) return result.accessToken;
    } catch (error) {
      if (error instanceof AuthError && isConsentMissing(error)) return refuse('GRAPH.CONSENT_REQUIRED', GRAPH_CONSENT_MESSAGE);
      if (error instanceof AuthError && error.errorCode === 'invalid_grant') {
        return refuse('AUTH.INVALID_TOKEN', 'Your Teams sign-in could not be used to make the meeting. Close the tab and open it again.');
      }
    }
    return refuse(
      'GRAPH.UNAVAILABLE',
      'Microsoft 365 did not answer just now, so no meeting was made. Try again in a minute, or paste a join link.',
    );
  };
}
