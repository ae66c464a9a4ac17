import { ConfigError, loadConfig } from '../../bot/config';
import { CLIENT_ID, COUNCIL_TENANT, EntraUser, OTHER_TENANT, TokenChanges } from '../support/fake-entra';
import { BOT_CREDENTIALS, SignedInTestApp, startSignedInApp } from '../support/signed-in-app';

const ADA: EntraUser = { oid: '1a2b3c4d-0000-4000-8000-00000000ada0', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };

describe('Teams sign-in tokens, checked against a local Entra ID', () => {
  let test: SignedInTestApp;

  beforeAll(async () => {
    test = await startSignedInApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  const listWith = (headers: Record<string, string>) => test.api.call('GET', '/api/surgeries', undefined, headers);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('When the token is good (v2, from Teams), then the councillor is let in and named as themselves', async () => {
    const ada = await test.as(ADA);
    expect((await listWith(bearer(ada.token))).status).toBe(200);
    const created = await ada.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      councillors: ['Cllr Ada Khan'],
    });
    expect(created.status).toBe(201);
    const surgeries = (await ada.call('GET', '/api/surgeries')).body.surgeries;
    expect(surgeries.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
  });

  it('When the token is a good v1 token (sts issuer, App ID URI audience), then it is accepted too', async () => {
    expect((await listWith(bearer(await test.entra.token(ADA, { version: 'v1' })))).status).toBe(200);
  });

  it.each<[string, number, string, TokenChanges]>([
    ['for another audience', 401, 'AUTH.INVALID_TOKEN', { claims: { aud: 'api://localhost/00000000-1111-4222-8333-444444444444' } }],
    ['for Microsoft Graph', 401, 'AUTH.INVALID_TOKEN', { claims: { aud: '00000003-0000-0000-c000-000000000000' } }],
    ['from another issuer', 401, 'AUTH.INVALID_TOKEN', { claims: { iss: 'https://evil.example/v2.0' } }],
    [
      'from the issuer of another tenant',
      401,
      'AUTH.INVALID_TOKEN',
      { claims: { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` } },
    ],
    ['expired', 401, 'AUTH.INVALID_TOKEN', { expiresIn: -600 }],
    ['signed with a key the tenant never published', 401, 'AUTH.INVALID_TOKEN', { forgedSignature: true }],
    ['an app-only token (no scp)', 401, 'AUTH.INVALID_TOKEN', { claims: { scp: undefined, roles: ['Surgery.Read'] } }],
    ['without an object id', 401, 'AUTH.INVALID_TOKEN', { claims: { oid: undefined } }],
  ])('When the token is %s, then it is refused with %i %s', async (_what, status, code, changes) => {
    const res = await listWith(bearer(await test.entra.token(ADA, changes)));
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.body.surgeries).toBeUndefined();
  });

  it('When the token is from a tenant not on the allow-list, then it is refused with 403 before any key is fetched for it', async () => {
    const res = await listWith(bearer(await test.entra.token({ ...ADA, tid: OTHER_TENANT })));
    expect(res).toMatchObject({ status: 403, body: { code: 'AUTH.TENANT_NOT_ALLOWED' } });
    expect(test.entra.keyRequests).not.toContain(OTHER_TENANT);
  });

  it.each<[string, string, Record<string, string>]>([
    ['no Authorization header', 'AUTH.REQUIRED', {}],
    ['an empty bearer', 'AUTH.REQUIRED', { Authorization: 'Bearer ' }],
    ['a Basic header', 'AUTH.REQUIRED', { Authorization: 'Basic YWRhOnNlY3JldA==' }],
    ['a bearer that is not a token', 'AUTH.INVALID_TOKEN', { Authorization: 'Bearer not-a-token' }],
    [
      'an unsigned token',
      'AUTH.INVALID_TOKEN',
      {
        Authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ tid: COUNCIL_TENANT, oid: ADA.oid, aud: CLIENT_ID })).toString('base64url')}.`,
      },
    ],
  ])('When the request has %s, then it is refused with 401 %s', async (_what, code, headers) => {
    expect(await listWith(headers)).toMatchObject({ status: 401, body: { code } });
  });

  it('When the tenant signing keys were fetched once, then they are reused for later tokens', async () => {
    const before = test.entra.keyRequests.length;
    for (let i = 0; i < 3; i++) expect((await listWith(bearer(await test.entra.token(ADA)))).status).toBe(200);
    expect(test.entra.keyRequests.length).toBe(before);
  });

  it('When nobody is signed in, then /api/info still says how the server runs, and that it is not local mode', async () => {
    expect(await test.api.call('GET', '/api/info')).toMatchObject({ status: 200, body: { localMode: false } });
  });
});

describe('Sign-in settings', () => {
  const entra = {
    ...BOT_CREDENTIALS,
    WARDS_FILE: 'wards.csv',
    AAD_APP_CLIENT_ID: CLIENT_ID,
    AAD_APP_ID_URI: `api://surgery.council.example/${CLIENT_ID}`,
    ALLOWED_TENANT_IDS: COUNCIL_TENANT,
  };
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('When the bot credentials and the three Teams sign-in settings are set, then it is not local mode and the tenants are read as a list', () => {
    const config = loadConfig({ ...entra, ALLOWED_TENANT_IDS: `${COUNCIL_TENANT}, ${OTHER_TENANT.toUpperCase()}` });
    expect(config.server.localMode).toBe(false);
    expect(config.auth.allowedTenantIds).toEqual([COUNCIL_TENANT, OTHER_TENANT]);
    expect(config.auth.authorityHost).toBe('https://login.microsoftonline.com');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'the bot has an app id but Teams sign-in is not set up',
      {
        MICROSOFT_APP_ID: CLIENT_ID,
        MICROSOFT_APP_PASSWORD: 'secret',
        MICROSOFT_APP_TYPE: 'MultiTenant',
        MICROSOFT_APP_TENANT_ID: COUNCIL_TENANT,
        WARDS_FILE: 'wards.csv',
      },
      /^AAD_APP_CLIENT_ID, AAD_APP_ID_URI and ALLOWED_TENANT_IDS are required outside local mode, so councillors sign in to the tab\.$/,
    ],
    [
      'only the client id is set',
      { AAD_APP_CLIENT_ID: CLIENT_ID },
      /AAD_APP_ID_URI and ALLOWED_TENANT_IDS are required outside local mode/,
    ],
    ['the allow-list is empty', { ...entra, ALLOWED_TENANT_IDS: ' , ' }, /^ALLOWED_TENANT_IDS is required outside local mode/],
    [
      'the App ID URI names another client',
      { ...entra, AAD_APP_ID_URI: 'api://surgery.council.example/someone-else' },
      /must end with the client id/,
    ],
    ['the App ID URI is not api://', { ...entra, AAD_APP_ID_URI: 'https://surgery.council.example' }, /AAD_APP_ID_URI must be/],
    ['a tenant id is not a GUID', { ...entra, ALLOWED_TENANT_IDS: 'council.onmicrosoft.com' }, /ALLOWED_TENANT_IDS must be/],
    ['the authority is plain http elsewhere', { ...entra, ENTRA_AUTHORITY_HOST: 'http://login.example' }, /ENTRA_AUTHORITY_HOST must be/],
    [
      'the authority has a path',
      { ...entra, ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com/common' },
      /ENTRA_AUTHORITY_HOST must be/,
    ],
    ['the stream ticket secret is short', { ...entra, STREAM_TICKET_SECRET: 'short' }, /STREAM_TICKET_SECRET must be/],
  ])('When %s, then the server refuses to start', (_what, env, problem) => {
    expect(problemsOf(env).join('\n')).toMatch(problem);
  });
});

describe('Teams sign-in when Microsoft cannot be reached', () => {
  it("When the tenant's signing keys cannot be fetched, then the answer is 503 (try again), not a refusal or a crash", async () => {
    const test = await startSignedInApp({ env: { ENTRA_AUTHORITY_HOST: 'http://127.0.0.1:9' } });
    try {
      const res = await test.api.call('GET', '/api/surgeries', undefined, { Authorization: `Bearer ${await test.entra.token(ADA)}` });
      expect(res).toMatchObject({ status: 503, body: { code: 'AUTH.UNAVAILABLE' } });
    } finally {
      await test.stop();
    }
  });
});
