import type { AgentOptions } from 'node:https';
import { AuthError, ConfidentialClientApplication, LogLevel } from '@azure/msal-node';

export interface GraphAppTokenSettings {
  /** The tab's app registration, which holds the application permission Mail.Send. */
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com, or a local stand-in in tests. */
  authorityHost: string;
  /** The council's tenant, where the mailbox is. */
  tenantId: string;
  /** How https calls are made, say trusting the certificate authority of a proxy in between (or a local stand-in's). */
  agentOptions?: AgentOptions;
}

/** Why no app token came: `retryable` when Entra ID did not answer, not when it refused the app. */
export interface AppTokenFailure {
  retryable: boolean;
  error: string;
}

/** Surgery Queue's own Graph token (no councillor involved), for the permissions an administrator granted the app. */
export type GraphAppToken = () => Promise<string | AppTokenFailure>;

/**
 * The client credentials grant through MSAL
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret):
 * grant_type client_credentials, the app's id and secret, scope https://graph.microsoft.com/.default (every
 * application permission granted). MSAL keeps the token in this process's memory until it is about to
 * expire, so one email is not one request to Entra ID; it is never written anywhere or logged.
 */
export function graphAppToken(settings: GraphAppTokenSettings): GraphAppToken {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: `${settings.authorityHost}/${settings.tenantId}`,
      knownAuthorities: [new URL(settings.authorityHost).host],
    },
    system: {
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
      ...(settings.agentOptions ? { customAgentOptions: settings.agentOptions } : {}),
    },
  });
  return async () => {
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      if (result?.accessToken) return result.accessToken;
      return { retryable: true, error: 'Entra ID gave no app token' };
    } catch (error) {
      // A refusal (a wrong or expired secret, an app unknown to the tenant) stays until an officer acts;
      // a network failure or a fault at Entra ID may pass.
      const refused = error instanceof AuthError && /^(invalid_client|unauthorized_client|invalid_request)$/.test(error.errorCode);
      const reason = error instanceof AuthError ? error.errorCode : 'no answer';
      return { retryable: !refused, error: `Entra ID gave no app token for Microsoft Graph: ${reason}` };
    }
  };
}
