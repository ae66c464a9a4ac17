import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../bot/config';
import { arrayAfter, declarations, objectsIn, readBicep, referencedNames, resourceBody, stringArrayVar, valuesOf } from './bicep-reader';

/*
 * No Bicep compiler can be installed here, so these tests read infra/azure.bicep with a small reader of our
 * own and check what matters most: that the server gets every setting it reads (bot/config.ts SETTINGS is
 * the one list of setting names), and that the file hangs together.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const file = readBicep(readFileSync(path.join(ROOT, 'infra', 'azure.bicep'), 'utf8'));
const declared = declarations(file);

// Settings the server reads that the infra deliberately leaves unset, and why.
const NOT_SET_BY_INFRA: Record<string, string> = {
  PORT: 'App Service for Linux sets PORT itself and sends the site traffic to it.',
  MICROSOFT_APP_PASSWORD: 'The bot signs in as a user-assigned managed identity, which has no password.',
  LOCAL_MODE: 'Production never runs in local mode: left unset, it is false, and the server insists on sign-in.',
};

function appSettings(): Array<{ name: string; value: string }> {
  return objectsIn(arrayAfter(resourceBody(file, 'webApp'), 'appSettings')).map((setting) => ({
    name: valuesOf(file, setting, 'name')[0]!,
    value: valuesOf(file, setting, 'value')[0]!,
  }));
}

const valueOf = (symbol: string, key: string) => valuesOf(file, resourceBody(file, symbol), key);

describe('infra/azure.bicep as a file', () => {
  it('When the Bicep is read, then its brackets balance and every string and comment ends', () => {
    expect(file.problems).toEqual([]);
  });

  it('When every name its expressions use is looked up, then each is a parameter, variable, resource or loop variable of the file', () => {
    const known = new Set([...declared.params.keys(), ...declared.vars, ...declared.resources.keys(), ...declared.loopVariables]);
    expect(referencedNames(file).filter(({ name }) => !known.has(name))).toEqual([]);
  });

  it('When the parameters are listed, then each one is used', () => {
    const used = new Set(referencedNames(file).map(({ name }) => name));
    expect([...declared.params.keys()].filter((param) => !used.has(param))).toEqual([]);
  });

  it('When infra/azure.parameters.json is read, then it sets only declared parameters, and every parameter that has no default', () => {
    const parameters = JSON.parse(readFileSync(path.join(ROOT, 'infra', 'azure.parameters.json'), 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    const given = Object.keys(parameters.parameters);
    expect(given.filter((name) => !declared.params.has(name))).toEqual([]);
    const required = [...declared.params].filter(([, param]) => !param.hasDefault).map(([name]) => name);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
  });
});

describe('The web app settings and bot/config.ts SETTINGS', () => {
  it('When the settings are compared, then the web app sets every setting the server reads, except the listed exceptions', () => {
    const set = new Set(appSettings().map((setting) => setting.name));
    const missing = SETTINGS.map((setting) => setting.env).filter((env) => !set.has(env) && !(env in NOT_SET_BY_INFRA));
    expect(missing).toEqual([]);
  });

  it('When the exceptions are checked, then each is a setting the server reads and the web app indeed leaves it unset', () => {
    const set = new Set(appSettings().map((setting) => setting.name));
    for (const env of Object.keys(NOT_SET_BY_INFRA)) {
      expect(SETTINGS.map((setting) => setting.env)).toContain(env);
      expect(set.has(env)).toBe(false);
    }
  });

  it('When the settings are compared the other way, then the web app sets nothing the server does not read, apart from App Service settings', () => {
    const read = new Set(SETTINGS.map((setting) => setting.env));
    // WEBSITE_* settings are read by App Service itself, not by our server.
    const unknown = appSettings()
      .map((setting) => setting.name)
      .filter((name) => !read.has(name) && !name.startsWith('WEBSITE_'));
    expect(unknown).toEqual([]);
  });

  it('When the settings are listed, then none is set twice', () => {
    const names = appSettings().map((setting) => setting.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('When the bot settings are read, then the server signs in as the managed identity the bot registration names', () => {
    const settings = new Map(appSettings().map((setting) => [setting.name, setting.value]));
    expect(settings.get('MICROSOFT_APP_TYPE')).toBe('UserAssignedMSI');
    expect(settings.get('MICROSOFT_APP_ID')).toBe('identity.properties.clientId');
    expect(settings.get('MICROSOFT_APP_TENANT_ID')).toBe('identity.properties.tenantId');
    expect(valueOf('bot', 'msaAppId')).toEqual(['identity.properties.clientId']);
    expect(valueOf('bot', 'msaAppMSIResourceId')).toEqual(['identity.id']);
    expect(valueOf('bot', 'msaAppType')).toEqual(['UserAssignedMSI']);
  });

  it('When the storage settings are read, then the server gets the connection string and the prefix the tables are made with', () => {
    const settings = new Map(appSettings().map((setting) => [setting.name, setting.value]));
    expect(settings.get('TABLES_CONNECTION_STRING')).toBe('tablesConnectionString');
    expect(settings.get('TABLE_PREFIX')).toBe('tablePrefix');
    expect(valueOf('tables', 'name')).toEqual(["'${tablePrefix}${table}'"]);
  });
});

describe('The resources', () => {
  it('When the tables are compared with the server, then the Bicep makes every table table-storage.ts opens', () => {
    const source = readFileSync(path.join(ROOT, 'bot', 'storage', 'tables', 'table-storage.ts'), 'utf8');
    // The server names each table in a call like tableClient(options, 'surgeries', watch).
    const opened = new Set([...source.matchAll(/tableClient\([^)]*?,\s*'([A-Za-z0-9]+)'\s*[,)]/g)].map((match) => match[1]!));
    expect(opened.size).toBeGreaterThan(0);
    expect(stringArrayVar(file, 'tableNames').sort()).toEqual([...opened].sort());
  });

  it('When the storage account is read, then it is StorageV2, https only, TLS 1.2 and allows no public blob access', () => {
    expect(valueOf('storage', 'kind')).toEqual(['StorageV2']);
    expect(valueOf('storage', 'supportsHttpsTrafficOnly')).toEqual(['true']);
    expect(valueOf('storage', 'minimumTlsVersion')).toEqual(['TLS1_2']);
    expect(valueOf('storage', 'allowBlobPublicAccess')).toEqual(['false']);
  });

  it('When the web app is read, then it runs Node 22 LTS on a Linux plan, https only, always on, checked at /healthz, as the managed identity', () => {
    expect(valueOf('plan', 'reserved')).toEqual(['true']);
    expect(valueOf('webApp', 'linuxFxVersion')).toEqual(['NODE|22-lts']);
    expect(valueOf('webApp', 'httpsOnly')).toEqual(['true']);
    expect(valueOf('webApp', 'alwaysOn')).toEqual(['true']);
    expect(valueOf('webApp', 'healthCheckPath')).toEqual(['/healthz']);
    expect(valueOf('webApp', 'type')).toEqual(['UserAssigned']);
    expect(declared.resources.get('identity')).toMatch(/^Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
  });

  it('When the bot registration is read, then it is an Azure Bot whose endpoint is /api/messages on the public host', () => {
    expect(declared.resources.get('bot')).toMatch(/^Microsoft\.BotService\/botServices@/);
    expect(valueOf('bot', 'kind')).toEqual(['azurebot']);
    expect(valueOf('bot', 'endpoint')).toEqual(["'${publicBaseUrl}/api/messages'"]);
  });

  it("When the bot's channels are listed, then Teams, Direct Line and Web Chat are there", () => {
    const channels = [...declared.resources]
      .filter(([, type]) => type.startsWith('Microsoft.BotService/botServices/channels@'))
      .flatMap(([symbol]) => valueOf(symbol, 'channelName'));
    expect(channels.sort()).toEqual(['DirectLineChannel', 'MsTeamsChannel', 'WebChatChannel']);
  });

  it('When the outputs are listed, then they give what the app package and deployment need', () => {
    for (const output of [
      'BOT_ID',
      'BOT_DOMAIN',
      'TAB_DOMAIN',
      'TAB_ENDPOINT',
      'AZURE_APP_SERVICE_RESOURCE_ID',
      'STORAGE_ACCOUNT_NAME',
      'RESOURCE_GROUP',
    ]) {
      expect(declared.outputs).toContain(output);
    }
  });
});
