import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadConfig } from '../../bot/config';

/*
 * infra/aad.manifest.json is the Entra ID app registration that `atk provision` makes (aadApp/create) and keeps
 * up to date (aadApp/update): https://learn.microsoft.com/en-us/microsoftteams/platform/toolkit/aad-manifest-customization.
 * These tests keep it in step with the server: the Graph permissions it asks for are exactly those the code needs,
 * and the sign-in values it yields are the ones infra/azure.bicep hands the server.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ResourceAccess {
  id: string;
  type: 'Scope' | 'Role';
}
interface AadManifest {
  id: string;
  appId: string;
  name: string;
  accessTokenAcceptedVersion: number;
  signInAudience: string;
  identifierUris: string[];
  oauth2Permissions: Array<{ id: string; value: string; type: string; isEnabled: boolean; adminConsentDisplayName: string }>;
  preAuthorizedApplications: Array<{ appId: string; permissionIds: string[] }>;
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: ResourceAccess[] }>;
}
interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

const BASE = 'aad.manifest.json';
const INVITES = 'aad.manifest.invites.json';
const manifest = (file: string) => JSON.parse(read(`infra/${file}`)) as AadManifest;
const provision = (parseYaml(read('m365agents.yml')) as { provision: Step[] }).provision;
const step = (action: string) => provision.find((s) => s.uses === action)!;
const parameters = (JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> }).parameters;
const devEnv = parseEnv(read('env/.env.dev'));

const GRAPH = '00000003-0000-0000-c000-000000000000';
// Ids from Microsoft's Graph permissions reference, https://learn.microsoft.com/en-us/graph/permissions-reference
// (the same in every tenant).
const GRAPH_PERMISSION_IDS: Record<string, ResourceAccess> = {
  'Calendars.ReadWrite': { id: '1ec239c2-d7c9-4623-a91a-a9775856bb36', type: 'Scope' },
  'OnlineMeetings.ReadWrite': { id: 'a65f2972-a4f8-4f5e-afd7-69ccb046d5dc', type: 'Scope' },
  'Mail.Send': { id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' },
};
// The Teams clients that get tokens for the tab without asking, from
// https://learn.microsoft.com/en-us/microsoftteams/platform/tabs/how-to/authentication/tab-sso-register-aad
const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

// Each Graph call the server makes, and the permission Graph's API reference names for it
// (https://learn.microsoft.com/en-us/graph/api/user-post-events, event-update, event-cancel, event-delete,
// onlinemeeting-get, onlinemeeting-update, user-sendmail). A call not listed here fails the test below:
// add it with its permission, and the permission to infra/aad.manifest*.json.
const GRAPH_CALLS: Array<[RegExp, string]> = [
  [/^\/me\/events(\/\{id\}(\/cancel)?)?$/, 'Calendars.ReadWrite'],
  [/^\/me\/onlineMeetings(\/\{id\})?$/, 'OnlineMeetings.ReadWrite'],
  [/^\/users\/\{id\}\/sendMail$/, 'Mail.Send'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(path.join(ROOT, file)).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}
const serverCode = sourceFiles('bot').map(read);

/** Graph paths in the server's string literals, each `${…}` as {id} and without the query. */
function graphPathsInCode(): string[] {
  const paths = serverCode.flatMap((code) =>
    [...code.matchAll(/[`'"}](\/(?:me|users|groups|teams|chats|sites|drives|communications|solutions)\/[^`'"\s]*)/g)].map((m) => m[1]!),
  );
  return [...new Set(paths.map((p) => p.replace(/\$\{[^}]*\}/g, '{id}').replace(/\?.*$/, '')))].sort();
}

/** The delegated Graph scopes the server asks for in its on-behalf-of exchange. */
function delegatedScopesInCode(): string[] {
  const scopes = serverCode.flatMap((code) =>
    [...code.matchAll(/['"`]https:\/\/graph\.microsoft\.com\/([A-Z][A-Za-z]*(?:\.[A-Za-z]+)+)['"`]/g)].map((m) => m[1]!),
  );
  return [...new Set(scopes)].sort();
}

const permissionFor = (graphPath: string) => GRAPH_CALLS.find(([pattern]) => pattern.test(graphPath))?.[1];
const graphAccess = (file: string) => manifest(file).requiredResourceAccess.find((r) => r.resourceAppId === GRAPH)?.resourceAccess ?? [];
const named = (access: ResourceAccess[], type: ResourceAccess['type']) =>
  access
    .filter((a) => a.type === type)
    .map((a) => Object.entries(GRAPH_PERMISSION_IDS).find(([, known]) => known.id === a.id)?.[0] ?? `unknown ${a.id}`)
    .sort();

describe('infra/aad.manifest.json', () => {
  it.each([BASE, INVITES])(
    'When %s is read, then it is the Entra manifest aadApp/update needs: the app found by its ids, single-tenant, v2 tokens',
    (file) => {
      const app = manifest(file);
      expect(app).toMatchObject({
        id: '${{AAD_APP_OBJECT_ID}}',
        appId: '${{AAD_APP_CLIENT_ID}}',
        accessTokenAcceptedVersion: 2,
        signInAudience: step('aadApp/create').with?.signInAudience,
      });
      expect(app.name).toBe(step('aadApp/create').with?.name);
    },
  );

  it('When Teams asks for a sign-in token, then the registration exposes the access_as_user scope, and both Teams clients may use it without asking', () => {
    const app = manifest(BASE);
    expect(app.oauth2Permissions).toEqual([
      expect.objectContaining({ value: 'access_as_user', type: 'User', isEnabled: true, id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}' }),
    ]);
    expect(app.preAuthorizedApplications.map((client) => client.appId).sort()).toEqual([...TEAMS_CLIENTS].sort());
    for (const client of app.preAuthorizedApplications) expect(client.permissionIds).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
  });

  it('When the server calls Graph, then every call is one whose permission is known', () => {
    const paths = graphPathsInCode();
    expect(paths).toEqual(expect.arrayContaining(['/me/events', '/me/onlineMeetings', '/users/{id}/sendMail']));
    expect(paths.filter((graphPath) => permissionFor(graphPath) === undefined)).toEqual([]);
  });

  it('When the delegated permissions are listed, then they are exactly those the on-behalf-of exchange asks for and the calls made as a councillor need', () => {
    const asked = delegatedScopesInCode();
    const needed = [
      ...new Set(
        graphPathsInCode()
          .filter((p) => p.startsWith('/me/'))
          .map(permissionFor),
      ),
    ].sort();
    expect(asked).toEqual(needed);
    expect(named(graphAccess(BASE), 'Scope')).toEqual(asked);
    expect(named(graphAccess(INVITES), 'Scope')).toEqual(asked);
  });

  it('When the council sends invitations from its mailbox, then that manifest alone adds the application permission Mail.Send, the one the server sends as itself with', () => {
    const appOnly = [
      ...new Set(
        graphPathsInCode()
          .filter((p) => p.startsWith('/users/'))
          .map(permissionFor),
      ),
    ].sort();
    expect(appOnly).toEqual(['Mail.Send']);
    expect(named(graphAccess(INVITES), 'Role')).toEqual(appOnly);
    expect(named(graphAccess(BASE), 'Role')).toEqual([]);
    const { requiredResourceAccess: _base, ...baseRest } = manifest(BASE);
    const { requiredResourceAccess: _invites, ...invitesRest } = manifest(INVITES);
    expect(invitesRest).toEqual(baseRest);
  });

  it('When only Microsoft Graph is asked for, then no permission of another API sneaks in', () => {
    for (const file of [BASE, INVITES]) expect(manifest(file).requiredResourceAccess.map((r) => r.resourceAppId)).toEqual([GRAPH]);
  });
});

describe('From the app registration to the server', () => {
  const bicep = read('infra/azure.bicep');
  const CLIENT_ID = '8d3f6b21-7e4c-4a0b-b1d9-5c6e7f809a22';
  const HOST = 'surgeries.riverside.gov.uk';

  /** The manifest's Application ID URI as the Toolkit renders it once provision has written the env file. */
  const renderedUri = (clientId: string) =>
    manifest(BASE).identifierUris[0]!.replace('${{TAB_DOMAIN}}', HOST).replace('${{AAD_APP_CLIENT_ID}}', clientId);

  it('When the Application ID URI is built, then the manifest and the server setting infra/azure.bicep makes use the same host and client id', () => {
    expect(manifest(BASE).identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    expect(bicep).toMatch(/^output TAB_DOMAIN string = publicHost$/m);
    expect(bicep).toMatch(/name: 'AAD_APP_ID_URI'\s+value: 'api:\/\/\$\{publicHost\}\/\$\{aadAppClientId\}'/);
    expect(parameters.aadAppClientId!.value).toBe('${{AAD_APP_CLIENT_ID}}');
  });

  it('When the server starts with that Application ID URI, then it accepts it, and refuses one for another client id', () => {
    const env = {
      MICROSOFT_APP_ID: CLIENT_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TYPE: 'MultiTenant',
      MICROSOFT_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      WARDS_FILE: 'wards.csv',
      AAD_APP_CLIENT_ID: CLIENT_ID,
      ALLOWED_TENANT_IDS: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    };
    expect(loadConfig({ ...env, AAD_APP_ID_URI: renderedUri(CLIENT_ID) }).auth.appIdUri).toBe(`api://${HOST}/${CLIENT_ID}`);
    expect(() => loadConfig({ ...env, AAD_APP_ID_URI: renderedUri('0d5c3b8a-1e2f-4a6b-9c7d-8e9f0a1b2c3d') })).toThrow(ConfigError);
  });

  it('When provision makes the registration, then its client id, secret and tenant go where infra/azure.bicep takes them, the secret only to the .user file', () => {
    const written = step('aadApp/create').writeToEnvironmentFile!;
    expect(step('aadApp/create').with?.generateClientSecret).toBe(true);
    expect(parameters.aadAppClientId!.value).toBe(`\${{${written.clientId}}}`);
    expect(parameters.aadAppClientSecret!.value).toBe(`\${{${written.clientSecret}}}`);
    expect(parameters.allowedTenantIds!.value).toBe(`\${{${written.tenantId}}}`);
    // The Toolkit writes SECRET_ values to env/.env.<name>.user, encrypted; git ignores those files.
    expect(written.clientSecret).toMatch(/^SECRET_/);
    expect(written.objectId).toBe('AAD_APP_OBJECT_ID');
    for (const name of ['aadAppClientSecret', 'allowedTenantIds', 'invitesMailbox'])
      expect(bicep).toMatch(new RegExp(`^param ${name} string`, 'm'));
  });

  it('When provision runs, then the registration is made before the Azure resources and given its manifest after them, once the host is known', () => {
    const actions = provision.map((s) => s.uses);
    expect(actions.indexOf('aadApp/create')).toBeLessThan(actions.indexOf('arm/deploy'));
    expect(actions.indexOf('aadApp/update')).toBeGreaterThan(actions.indexOf('arm/deploy'));
    expect(step('aadApp/update').with).toEqual({
      manifestPath: './infra/${{AAD_APP_MANIFEST}}',
      outputFilePath: expect.stringMatching(/^\.\/infra\/build\//),
    });
    expect(read('.gitignore').split('\n')).toContain('infra/build/');
  });

  it('When env/.env.dev picks the manifest, then it names one of the two, and the mailbox setting reaches the server too', () => {
    expect([BASE, INVITES]).toContain(devEnv.AAD_APP_MANIFEST);
    expect(parameters.invitesMailbox!.value).toBe('${{INVITES_MAILBOX}}');
    expect(devEnv).toHaveProperty('INVITES_MAILBOX');
  });
});
