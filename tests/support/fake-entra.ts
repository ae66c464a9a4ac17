import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';

/** The council's tenant, and another that is not on the allow-list. */
export const COUNCIL_TENANT = '6f1c3e2a-4b5d-4c7e-8f90-a1b2c3d4e5f6';
export const OTHER_TENANT = '0a0b0c0d-1e1f-4a2b-9c3d-4e5f6a7b8c9d';
export const CLIENT_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';

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
  authorityHost = '';
  /** v1 tokens' issuer host: the same server under another name, as sts.windows.net is to login.microsoftonline.com. */
  v1IssuerHost = '';
  readonly appIdUri = `api://localhost/${CLIENT_ID}`;
  private server?: http.Server;
  private signingKey?: KeyLike;
  private forgeryKey?: KeyLike;
  private jwks = '';
  private readonly kid = 'test-key-1';

  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256');
    this.signingKey = pair.privateKey;
    this.forgeryKey = (await generateKeyPair('RS256')).privateKey;
    this.jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' }] });
    this.server = http.createServer((req, res) => {
      const match = /^\/([^/]+)\/discovery\/v2\.0\/keys$/.exec(req.url ?? '');
      if (req.method === 'GET' && match) {
        this.keyRequests.push(match[1]!);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(this.jwks);
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.authorityHost = `http://127.0.0.1:${port}`;
    this.v1IssuerHost = `http://localhost:${port}`;
    return this;
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
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .sign(changes.forgedSignature ? this.forgeryKey! : this.signingKey!);
  }
}
