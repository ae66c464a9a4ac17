import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { declarations, readBicep } from './bicep-reader';

/*
 * m365agents.yml ties the pieces together for the Microsoft 365 Agents Toolkit: infra/azure.bicep's outputs go into
 * env/.env.<name>, and appPackage/manifest.json's ${{VARS}} come from there. These tests check the links.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  environmentFolderPath: string;
  provision: Step[];
  deploy: Step[];
  publish: Step[];
}

const project = parseYaml(read('m365agents.yml')) as ProjectFile;
const outputs = declarations(readBicep(read('infra/azure.bicep'))).outputs;
const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((match) => match[1]!);
const steps = () => [...project.provision, ...project.deploy, ...project.publish];
const uses = (stage: Step[]) => stage.map((step) => step.uses);

// The actions the Agents Toolkit's project file (v1.x) knows, from https://aka.ms/teamsfx-actions.
const TOOLKIT_ACTIONS = new Set([
  'teamsApp/create',
  'teamsApp/update',
  'teamsApp/validateManifest',
  'teamsApp/validateAppPackage',
  'teamsApp/zipAppPackage',
  'teamsApp/publishAppPackage',
  'teamsApp/extendToM365',
  'arm/deploy',
  'azureAppService/zipDeploy',
  'cli/runNpmCommand',
  'cli/runNpxCommand',
  'file/createOrUpdateEnvironmentFile',
  'aadApp/create',
  'aadApp/update',
]);
// Set by the Toolkit itself, or asked for when empty.
// aadApp/update makes AAD_APP_ACCESS_AS_USER_PERMISSION_ID, the access_as_user scope's id, when it is empty.
const TOOLKIT_VARIABLES = new Set([
  'TEAMSFX_ENV',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'AAD_APP_ACCESS_AS_USER_PERMISSION_ID',
]);

describe('m365agents.yml', () => {
  it('When the project folder is listed, then the Toolkit project file has the Agents Toolkit name and no Teams Toolkit file is left beside it', () => {
    expect(existsSync(path.join(ROOT, 'm365agents.yml'))).toBe(true);
    expect(['teamsapp.yml', 'teamsapp.local.yml'].filter((file) => existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it('When it is parsed, then it is a v1.x project file, matching the schema it names, whose environments live in env/', () => {
    expect(project.version).toMatch(/^v1\.\d+$/);
    expect(read('m365agents.yml')).toContain(`m365-agents-toolkits/${project.version}/yaml.schema.json`);
    expect(project.environmentFolderPath).toBe('./env');
    expect(existsSync(path.join(ROOT, 'env', '.env.dev'))).toBe(true);
  });

  it('When its steps are listed, then every one is an Agents Toolkit action', () => {
    expect(
      steps()
        .map((step) => step.uses)
        .filter((action) => !TOOLKIT_ACTIONS.has(action)),
    ).toEqual([]);
  });

  it('When provision is read, then it registers the apps, deploys infra/azure.bicep, then checks, zips and updates the package', () => {
    const actions = uses(project.provision);
    const order = [
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ];
    const positions = order.map((action) => actions.indexOf(action));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const deploy = project.provision.find((step) => step.uses === 'arm/deploy')!;
    expect(deploy.with?.templates).toEqual([
      expect.objectContaining({ path: './infra/azure.bicep', parameters: './infra/azure.parameters.json' }),
    ]);
  });

  it('When deploy is read, then it builds the server and zip-deploys it to the web app the Bicep outputs', () => {
    expect(uses(project.deploy)).toEqual(expect.arrayContaining(['cli/runNpmCommand', 'azureAppService/zipDeploy']));
    const zipDeploy = project.deploy.find((step) => step.uses === 'azureAppService/zipDeploy')!;
    const [resource] = placeholders(String(zipDeploy.with?.resourceId));
    expect(outputs).toContain(resource);
    expect(project.deploy.map((step) => step.with?.args)).toContain('run build');
  });

  it('When publish is read, then it builds and validates the package before sending it to the Teams admin centre', () => {
    const actions = uses(project.publish);
    expect(actions.indexOf('teamsApp/zipAppPackage')).toBeLessThan(actions.indexOf('teamsApp/publishAppPackage'));
    expect(actions).toEqual(
      expect.arrayContaining(['teamsApp/validateManifest', 'teamsApp/validateAppPackage', 'teamsApp/update', 'teamsApp/publishAppPackage']),
    );
  });

  it('When files are named in its steps, then they exist (except the build output)', () => {
    const named = steps().flatMap((step) => {
      const given = step.with ?? {};
      const templates = (given.templates as Array<Record<string, string>> | undefined) ?? [];
      return [given.manifestPath, given.ignoreFile, ...templates.flatMap((t) => [t.path, t.parameters])].filter(
        (file): file is string => typeof file === 'string',
      );
    });
    expect(named.length).toBeGreaterThan(0);
    // A path may name a file by a variable, as aadApp/update's manifest does; env/.env.dev's value stands in.
    const devEnv = parseEnv(read('env/.env.dev'));
    const rendered = named.map((file) =>
      file.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => devEnv[name] ?? ''),
    );
    expect(rendered.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it('When the deploy ignore file is read, then each folder it leaves out is anchored at the top, so dist/bot and node_modules stay in', () => {
    const zipDeploy = project.deploy.find((step) => step.uses === 'azureAppService/zipDeploy')!;
    const patterns = read(String(zipDeploy.with?.ignoreFile))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    // In gitignore syntax a bare "bot" would also match dist/bot; only /anchored names and *.ext globs are safe here.
    expect(patterns.filter((pattern) => !pattern.startsWith('/') && !/^\*\.[a-z]+$/.test(pattern))).toEqual([]);
    expect(patterns.filter((pattern) => ['/dist', '/node_modules', '/package.json', '/tab/dist', '/tab'].includes(pattern))).toEqual([]);
  });

  it('When it runs npm scripts, then package.json has them', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const run = project.provision
      .concat(project.deploy, project.publish)
      .map((step) => String(step.with?.args ?? ''))
      .filter((args) => args.startsWith('run '))
      .map((args) => args.split(' ')[1]!);
    expect(run.filter((script) => !(script in scripts))).toEqual([]);
    expect(scripts.package).toBe('tsx scripts/package-app.ts');
  });
});

describe('From Bicep outputs to env files to the manifest', () => {
  const devEnv = parseEnv(read('env/.env.dev'));
  const written = new Set(steps().flatMap((step) => Object.values(step.writeToEnvironmentFile ?? {})));

  it('When the manifest names an Azure resource, then the value comes from a Bicep output', () => {
    for (const variable of ['BOT_ID', 'TAB_DOMAIN', 'TAB_ENDPOINT']) {
      expect(placeholders(read('appPackage/manifest.json'))).toContain(variable);
      expect(outputs).toContain(variable);
    }
  });

  it('When a variable is used by m365agents.yml, the parameters file or the manifest, then env/.env.dev lists it or something sets it', () => {
    const used = [
      read('m365agents.yml'),
      read('infra/azure.parameters.json'),
      read('appPackage/manifest.json'),
      read('infra/aad.manifest.json'),
      read('infra/aad.manifest.invites.json'),
    ].flatMap(placeholders);
    const known = (name: string) => name in devEnv || outputs.has(name) || written.has(name) || TOOLKIT_VARIABLES.has(name);
    expect([...new Set(used)].filter((name) => !known(name))).toEqual([]);
  });

  it('When the Bicep outputs are listed, then env/.env.dev has a line for each, so each is documented', () => {
    expect([...outputs].filter((output) => !(output in devEnv))).toEqual([]);
  });

  it('When env/.env.dev is read, then it has no secrets: git ignores the .user files that hold them', () => {
    expect(Object.keys(devEnv).filter((name) => /SECRET|PASSWORD|CONNECTION_STRING|KEY$/i.test(name))).toEqual([]);
    expect(read('.gitignore').split('\n')).toContain('env/.env.*.user');
  });
});
