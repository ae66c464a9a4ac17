import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { packageApp } from '../../scripts/package-app';
import { knownManifestVersions } from '../../scripts/package/manifest-schema';
import { ROOT } from './package-fixtures';

const run = promisify(execFile);

describe('npm run package -- dev', () => {
  let outDir: string;
  let zip: JSZip;
  let manifest: Record<string, any>;
  let zipPath: string;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'surgery-queue-package-'));
    const result = await packageApp({ envName: 'dev', root: ROOT, outDir });
    if (!result.ok) throw new Error(`The dev package was refused:\n${result.problems.join('\n')}`);
    zipPath = result.zipPath;
    zip = await JSZip.loadAsync(readFileSync(zipPath));
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('When the dev package is built, then it is appPackage.dev.zip holding manifest.json, color.png and outline.png at its root', () => {
    expect(path.basename(zipPath)).toBe('appPackage.dev.zip');
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it("When the dev package is built, then @microsoft/app-manifest's own validator finds nothing wrong with its manifest", async () => {
    // The package loads an ES module that jest cannot require, so it runs in plain Node (offline: local schemas).
    const script =
      "require('@microsoft/app-manifest').AppManifestUtils.readAndValidateTeamsManifest(process.argv[1])" +
      '.then(([, errors]) => process.stdout.write(JSON.stringify(errors)))';
    const { stdout } = await run(process.execPath, ['-e', script, path.join(outDir, 'manifest.dev.json')], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('When the dev package is built, then its manifest uses a schema version the package ships, and no ${{…}} is left', () => {
    expect(knownManifestVersions()).toContain(manifest.manifestVersion);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('When the dev package is built, then its ids and hosts are the ones in env/.env.dev', () => {
    expect(manifest.id).toBe('6f1c1d8e-5b0a-4c39-9a51-2f4d7d0e3a11');
    expect(manifest.bots[0].botId).toBe('2b7e4a90-3c1f-4d6e-8f25-9a0b1c2d3e44');
    expect(manifest.validDomains).toEqual(['surgery-queue-dev.azurewebsites.net']);
    expect(manifest.name.short).toBe('Surgery Queue (dev)');
    expect(manifest.developer.privacyUrl).toBe('https://www.example.gov.uk/privacy/surgery-queue');
  });

  it('When the dev package is built, then the bot works in personal chats and in group (meeting) chats', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal']);
  });

  it('When a resident opens the bot in Teams, then its command list offers help, book and leave', () => {
    expect(manifest.bots[0].commandLists[0].commands.map((command: { title: string }) => command.title)).toEqual(['help', 'book', 'leave']);
  });

  it("When the dev package is built, then the tab is a configurable group-chat tab for the meeting's side panel, chat and details", () => {
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: 'https://surgery-queue-dev.azurewebsites.net/tab/?config=1',
        scopes: ['groupChat'],
        context: expect.arrayContaining(['meetingSidePanel', 'meetingChatTab', 'meetingDetailsTab']),
      }),
    ]);
  });

  it("When the dev package is built, then officers have a personal tab of their own, the officers' page", () => {
    expect(manifest.staticTabs).toEqual([
      { entityId: 'officers', name: 'Officers', contentUrl: 'https://surgery-queue-dev.azurewebsites.net/officers/', scopes: ['personal'] },
    ]);
  });

  it('When the dev package is built, then it asks for the meeting permissions the bot uses (meeting start and end, participants joining and leaving, notifications on the meeting stage), and names its sign-in app', () => {
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
      { name: 'OnlineMeetingParticipant.Read.Chat', type: 'Application' },
      { name: 'OnlineMeetingNotification.Send.Chat', type: 'Application' },
    ]);
    expect(manifest.webApplicationInfo).toEqual({
      id: '8d3f6b21-7e4c-4a0b-b1d9-5c6e7f809a22',
      resource: 'api://surgery-queue-dev.azurewebsites.net/8d3f6b21-7e4c-4a0b-b1d9-5c6e7f809a22',
    });
  });

  it('When the dev package is built, then the icons in it are the committed ones', async () => {
    expect(await zip.file('color.png')!.async('nodebuffer')).toEqual(readFileSync(path.join(ROOT, 'appPackage', 'color.png')));
    expect(await zip.file('outline.png')!.async('nodebuffer')).toEqual(readFileSync(path.join(ROOT, 'appPackage', 'outline.png')));
  });

  it('When the same inputs are built twice, then the zips are identical', async () => {
    const again = await packageApp({ envName: 'dev', root: ROOT, outDir: path.join(outDir, 'again') });
    expect(again.ok).toBe(true);
    expect(readFileSync(path.join(outDir, 'again', 'appPackage.dev.zip'))).toEqual(readFileSync(zipPath));
  });
});

describe('Choosing the environment', () => {
  it('When the environment has no env file, then nothing is built and the message says which file to create', async () => {
    const result = await packageApp({ envName: 'prod', root: ROOT, outDir: path.join(tmpdir(), 'never-written') });
    expect(result).toEqual({
      ok: false,
      problems: [expect.stringContaining('env/.env.prod does not exist. Copy env/.env.dev to env/.env.prod')],
    });
  });

  it('When the environment name could reach outside env/, then it is refused', async () => {
    const result = await packageApp({ envName: '../secrets', root: ROOT });
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('"../secrets" is not an environment name')] });
  });

  it('When a variable is also in the process environment, then that value wins and the build says so', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'surgery-queue-package-'));
    try {
      const result = await packageApp({ envName: 'dev', root: ROOT, outDir, processEnv: { COUNCIL_NAME: 'Other Borough Council' } });
      expect(result).toEqual(
        expect.objectContaining({ ok: true, notes: ['COUNCIL_NAME came from the process environment, not env/.env.dev.'] }),
      );
      expect(JSON.parse(readFileSync(path.join(outDir, 'manifest.dev.json'), 'utf8')).developer.name).toBe('Other Borough Council');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('When the command is refused, then it exits with 1 and lists the problems on stderr', async () => {
    const failure = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/package-app.ts', 'no-such-env'],
      { cwd: ROOT },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('The Teams app package for "no-such-env" was not built. Fix this problem, then run it again:');
    expect(failure?.stderr).toContain('1. env/.env.no-such-env does not exist.');
  });
});
