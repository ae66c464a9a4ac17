import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';

/** The council's tenant, and another that is not on the allow-list. */
export const COUNCIL_TENANT = '6f1c3e2a-4b5d-4c7e-8f90-a1b2c3d4e5f6';
export const OTHER_TENANT = '0a0b0c0d-1e1f-4a2b-9c3d-4e5f6a7b8c9d';
export const CLIENT_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';
/** The tab app's client secret, for the on-behalf-of exchange. */
export const CLIENT_SECRET = 'tab-app-secret-for-tests';

/** The OBO request's fields, as https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#first-case-access-token-request-with-a-shared-secret names them. */
export const OBO_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A Graph token this stand-in issued: whose, and for which scopes. */
export interface IssuedGraphToken {
  oid: string;
  tid: string;
  scopes: string[];
  /** An app-only token's application permissions (its `roles` claim); absent from a councillor's token. */
  roles?: string[];
}

/** Someone with an Entra ID account. */
export interface EntraUser {
  oid: string;
  name: string;
  upn: string;
  tid?: string;
}

export interface TokenChanges {
  /** Claims to add or replace; undefined removes the claim. */
  claims?: Record<string, unknown>;
  /** Seconds from now until it expires (negative: already expired). */
  expiresIn?: number;
  /** 'v1' tokens come from the sts host and name the App ID URI as audience, as Entra ID's do. */
  version?: 'v1' | 'v2';
  /** Sign with a key the tenant never published, under the published key's id. */
  forgedSignature?: boolean;
}

/**
 * A local stand-in for Entra ID: publishes a tenant signing key at <host>/<tenant>/discovery/v2.0/keys
 * (as login.microsoftonline.com does) and issues tokens signed with it, as Teams SSO would hand the tab.
 */
export class FakeEntra {
  readonly keyRequests: string[] = [];
  /** Every on-behalf-of request, its form fields as sent. */
  readonly tokenRequests: Record<string, string>[] = [];
  /** What was wrong with each on-behalf-of request, field by field; empty when all were as documented. */
  readonly tokenRequestProblems: string[] = [];
  readonly graphTokens = new Map<string, IssuedGraphToken>();
  /** Answer the next exchanges as Entra ID does when nobody consented to the scopes (AADSTS65001). */
  consentMissing = false;
  /** The application permissions an administrator granted the app: what its app-only tokens carry. */
  appRoles = ['Mail.Send'];
  /** Every client credentials request, its form fields as sent. */
  readonly appTokenRequests: Record<string, string>[] = [];
  /** The certificate the https stand-in serves, to trust it (PEM); empty over http. */
  certificate = '';
  private readonly issued = new Map<string, { oid: string; tid: string }>();
  authorityHost = '';
  /** v1 tokens' issuer host: the same server under another name, as sts.windows.net is to login.microsoftonline.com. */
  v1IssuerHost = '';
  readonly appIdUri = `api://localhost/${CLIENT_ID}`;
  private server?: http.Server | https.Server;
  private signingKey?: KeyLike;
  private forgeryKey?: KeyLike;
  private jwks = '';
  private readonly kid = 'test-key-1';

  /**
   * Over https (MSAL only talks to an https authority) the stand-in serves a certificate made for this run,
   * which the app is told to trust (TestAppOptions.entraCertificateAuthority).
   */
  async start(options: { https?: boolean } = {}): Promise<this> {
    const pair = await generateKeyPair('RS256');
    this.signingKey = pair.privateKey;
    this.forgeryKey = (await generateKeyPair('RS256')).privateKey;
    this.jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' }] });
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    if (options.https) {
      const tls = selfSignedCertificate();
      this.certificate = tls.cert;
      this.server = https.createServer(tls, handler);
    } else {
      this.server = http.createServer(handler);
    }
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    const scheme = options.https ? 'https' : 'http';
    this.authorityHost = `${scheme}://127.0.0.1:${port}`;
    this.v1IssuerHost = `${scheme}://localhost:${port}`;
    return this;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const keys = /^\/([^/]+)\/discovery\/v2\.0\/keys$/.exec(url);
    if (req.method === 'GET' && keys) {
      this.keyRequests.push(keys[1]!);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(this.jwks);
      return;
    }
    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration(\?.*)?$/.exec(url);
    if (req.method === 'GET' && metadata) {
      const tenant = `${this.authorityHost}/${metadata[1]}`;
      return json(200, {
        issuer: `${tenant}/v2.0`,
        authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token(\?.*)?$/.exec(url);
    if (req.method === 'POST' && token) {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const answer = this.exchange(token[1]!, Object.fromEntries(new URLSearchParams(raw)));
        json(answer.status, answer.body);
      });
      return;
    }
    res.writeHead(404);
    res.end();
  }

  /**
   * The client credentials grant, checked field by field against
   * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret
   */
  private appToken(tenant: string, form: Record<string, string>): { status: number; body: unknown } {
    this.appTokenRequests.push(form);
    const problems: string[] = [];
    if (form.client_id !== CLIENT_ID) problems.push(`client_id is "${form.client_id}"`);
    if (form.client_secret !== CLIENT_SECRET) problems.push('client_secret is not the app’s');
    if (form.scope !== 'https://graph.microsoft.com/.default')
      problems.push(`scope is "${form.scope}", not https://graph.microsoft.com/.default`);
    if (tenant !== COUNCIL_TENANT) problems.push(`asked of tenant ${tenant}`);
    this.tokenRequestProblems.push(...problems);
    if (problems.length > 0) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: `AADSTS900144: ${problems.join('; ')}`, error_codes: [900144] },
      };
    }
    const accessToken = `graph-app-${randomUUID()}`;
    this.graphTokens.set(accessToken, { oid: CLIENT_ID, tid: tenant, scopes: [], roles: [...this.appRoles] });
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  }

  /** The on-behalf-of exchange, checked field by field against Entra ID's documented request. */
  private exchange(tenant: string, form: Record<string, string>): { status: number; body: unknown } {
    if (form.grant_type === 'client_credentials') return this.appToken(tenant, form);
    this.tokenRequests.push(form);
    const problems: string[] = [];
    if (form.grant_type !== OBO_GRANT_TYPE) problems.push(`grant_type is "${form.grant_type}"`);
    if (form.requested_token_use !== 'on_behalf_of') problems.push(`requested_token_use is "${form.requested_token_use}"`);
    if (form.client_id !== CLIENT_ID) problems.push(`client_id is "${form.client_id}"`);
    if (form.client_secret !== CLIENT_SECRET && !(form.client_assertion && form.client_assertion_type)) {
      problems.push('neither the client secret nor a client assertion is given');
    }
    const user = this.issued.get(form.assertion ?? '');
    if (!user) problems.push('assertion is not a token this tenant issued to the app');
    else if (user.tid !== tenant) problems.push(`assertion is from tenant ${user.tid}, asked of ${tenant}`);
    const scopes = (form.scope ?? '').split(' ').filter((scope) => scope !== '');
    if (!scopes.some((scope) => scope.startsWith('https://graph.microsoft.com/')))
      problems.push(`scope "${form.scope}" asks nothing of Graph`);
    this.tokenRequestProblems.push(...problems);
    if (problems.length > 0 || !user) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: `AADSTS900144: ${problems.join('; ')}`, error_codes: [900144] },
      };
    }
    if (this.consentMissing) {
      // The documented answer when the user or an administrator has not consented: AADSTS65001.
      return {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: `AADSTS65001: The user or administrator has not consented to use the application with ID '${CLIENT_ID}' named 'Surgery Queue'. Send an interactive authorization request for this user and resource.`,
          error_codes: [65001],
          suberror: 'consent_required',
        },
      };
    }
    const accessToken = `graph-${randomUUID()}`;
    const graphScopes = scopes.filter((scope) => scope.startsWith('https://graph.microsoft.com/'));
    this.graphTokens.set(accessToken, { ...user, scopes: graphScopes });
    return {
      status: 200,
      body: { token_type: 'Bearer', scope: graphScopes.join(' '), expires_in: 3599, ext_expires_in: 3599, access_token: accessToken },
    };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The server settings for Teams sign-in against this stand-in. */
  env(): Record<string, string> {
    return {
      AAD_APP_CLIENT_ID: CLIENT_ID,
      AAD_APP_ID_URI: this.appIdUri,
      ALLOWED_TENANT_IDS: COUNCIL_TENANT,
      ENTRA_AUTHORITY_HOST: this.authorityHost,
      ENTRA_V1_ISSUER_HOST: this.v1IssuerHost,
    };
  }

  /** A Teams SSO access token for `user`, as Entra ID issues it for this app, changed as asked. */
  async token(user: EntraUser, changes: TokenChanges = {}): Promise<string> {
    const tid = user.tid ?? COUNCIL_TENANT;
    const now = Math.floor(Date.now() / 1000);
    const v1 = changes.version === 'v1';
    const claims: JWTPayload = {
      aud: v1 ? this.appIdUri : CLIENT_ID,
      iss: v1 ? `${this.v1IssuerHost}/${tid}/` : `${this.authorityHost}/${tid}/v2.0`,
      iat: now - 60,
      nbf: now - 60,
      exp: now + (changes.expiresIn ?? 3600),
      tid,
      oid: user.oid,
      name: user.name,
      scp: 'access_as_user',
      ver: v1 ? '1.0' : '2.0',
      ...(v1 ? { upn: user.upn } : { preferred_username: user.upn }),
      ...changes.claims,
    };
    for (const [key, value] of Object.entries(claims)) if (value === undefined) delete claims[key];
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .sign(changes.forgedSignature ? this.forgeryKey! : this.signingKey!);
    if (!changes.forgedSignature) this.issued.set(token, { oid: user.oid, tid });
    return token;
  }
}

/** A certificate for 127.0.0.1 and localhost, made by Debian's openssl for this run only. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sq-entra-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
