import { checkAppPackage } from '../../scripts/package/build-package';
import { devSources, png, problemsOf, whiteSquare, withEnv, withFile, withTemplate } from './package-fixtures';

/*
 * Each test changes one thing in the real dev inputs and expects the build to refuse it with a message an
 * officer can act on. The first test proves the unchanged inputs pass, so each refusal is that change's doing.
 */

it('When nothing is changed, then the dev inputs pass every check', () => {
  expect(checkAppPackage(devSources())).toEqual(expect.objectContaining({ ok: true }));
});

describe('Filling ${{…}} from the env file', () => {
  it('When a variable the manifest uses is missing from the env file, then the build names the variable and the file', () => {
    const problems = problemsOf(withEnv((env) => delete env.TAB_DOMAIN));
    expect(problems).toEqual(['appPackage/manifest.json uses ${{TAB_DOMAIN}}, but TAB_DOMAIN is not set in env/.env.dev.']);
  });

  it('When a variable is empty, then the build says so (only APP_NAME_SUFFIX may be empty)', () => {
    expect(problemsOf(withEnv((env) => (env.BOT_ID = '')))).toEqual([
      'BOT_ID is empty in env/.env.dev; appPackage/manifest.json needs a value for it.',
    ]);
    expect(checkAppPackage(withEnv((env) => (env.APP_NAME_SUFFIX = ''))).ok).toBe(true);
  });

  it('When a placeholder is misspelt so it cannot be filled, then the build shows what is left unfilled', () => {
    const problems = problemsOf(withTemplate((m) => (m.bots[0].botId = '${{ BOT ID }}')));
    expect(problems).toEqual([expect.stringContaining('The manifest still contains "${{ BOT ID }}" after filling in env/.env.dev.')]);
  });

  it('When a value holds quotes, then it is filled in as text and cannot break the manifest', () => {
    const result = checkAppPackage(withEnv((env) => (env.COUNCIL_NAME = 'The "Best" Council')));
    expect(result.ok && result.manifest.developer).toEqual(expect.objectContaining({ name: 'The "Best" Council' }));
  });
});

describe('Ids', () => {
  it.each([
    ['TEAMS_APP_ID', 'The app id (id) must be a GUID'],
    ['BOT_ID', 'The bot id (bots[0].botId) must be a GUID'],
    ['AAD_APP_CLIENT_ID', 'The sign-in app id (webApplicationInfo.id) must be a GUID'],
  ])('When %s is not a GUID, then the build says which id and where it comes from', (variable, message) => {
    const problems = problemsOf(withEnv((env) => (env[variable] = 'surgery-queue')));
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining(`${message}, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301; it is "surgery-queue".`)]),
    );
    expect(problems.find((p) => p.startsWith(message))).toContain(`(It comes from ${variable} in env/.env.dev.)`);
  });

  it("When the manifest's bot id is not BOT_ID, then the build says the two ids differ", () => {
    const problems = problemsOf(withTemplate((m) => (m.bots[0].botId = '11111111-2222-4333-8444-555555555555')));
    expect(problems).toEqual([
      'bots[0].botId is 11111111-2222-4333-8444-555555555555, but BOT_ID in env/.env.dev is 2b7e4a90-3c1f-4d6e-8f25-9a0b1c2d3e44: ' +
        'Teams would send messages to a bot that is not ours. Use ${{BOT_ID}} in the manifest.',
    ]);
  });

  it('When the sign-in resource does not end with the sign-in app id, then the build says how it must look', () => {
    const problems = problemsOf(withTemplate((m) => (m.webApplicationInfo.resource = 'api://${{TAB_DOMAIN}}/${{BOT_ID}}')));
    expect(problems).toEqual([expect.stringContaining('webApplicationInfo.resource must be api://<tab host>/<webApplicationInfo.id>')]);
  });

  it('When meeting permissions are asked for without a sign-in app, then the build says they need one', () => {
    const problems = problemsOf(withTemplate((m) => delete m.webApplicationInfo));
    expect(problems).toEqual([expect.stringContaining('resourceSpecific need webApplicationInfo.id')]);
  });
});

describe('Domains and URLs', () => {
  it("When the tab's URL is on a host not in validDomains, then the build names the URL, its host and the domains listed", () => {
    const problems = problemsOf(withEnv((env) => (env.TAB_ENDPOINT = 'https://surgery-queue-test.azurewebsites.net')));
    expect(problems).toEqual([
      'staticTabs[0].contentUrl is on surgery-queue-test.azurewebsites.net, which is not in validDomains ' +
        '(surgery-queue-dev.azurewebsites.net): Teams will refuse to open it. Add the host to validDomains or correct the URL. ' +
        '(It comes from TAB_ENDPOINT in env/.env.dev.)',
      'configurableTabs[0].configurationUrl is on surgery-queue-test.azurewebsites.net, which is not in validDomains ' +
        '(surgery-queue-dev.azurewebsites.net): Teams will refuse to open it. Add the host to validDomains or correct the URL. ' +
        '(It comes from TAB_ENDPOINT in env/.env.dev.)',
    ]);
  });

  it('When validDomains holds a wildcard for the host, then the URL is allowed', () => {
    expect(checkAppPackage(withTemplate((m) => (m.validDomains = ['*.azurewebsites.net']))).ok).toBe(true);
  });

  it('When a validDomains entry is a URL rather than a host, then the build says to give the host only', () => {
    const problems = problemsOf(withEnv((env) => (env.TAB_DOMAIN = 'https://surgery-queue-dev.azurewebsites.net/')));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('validDomains[0] must be a host name only, like council.example.gov.uk, without https:// or a path'),
      ]),
    );
  });

  it('When validDomains lists a domain twice, then the build says so', () => {
    const problems = problemsOf(withTemplate((m) => (m.validDomains = ['${{TAB_DOMAIN}}', '${{BOT_DOMAIN}}'])));
    expect(problems).toEqual([expect.stringContaining('validDomains[1] repeats "surgery-queue-dev.azurewebsites.net"')]);
  });

  it('When a link is plain http, then the build says Teams needs https', () => {
    const problems = problemsOf(withEnv((env) => (env.PRIVACY_URL = 'http://www.example.gov.uk/privacy')));
    expect(problems).toEqual([expect.stringContaining('developer.privacyUrl must start with https:// (Teams refuses plain http)')]);
  });
});

describe('Icons', () => {
  it('When the colour icon is the wrong size, then the build gives both sizes', () => {
    const problems = problemsOf(
      withFile(
        'color.png',
        png(100, 100, () => [29, 112, 184, 255]),
      ),
    );
    expect(problems).toEqual(['Icon color.png must be 192×192 pixels; it is 100×100.']);
  });

  it('When the outline icon is the wrong size, then the build gives both sizes', () => {
    expect(problemsOf(withFile('outline.png', png(64, 64, whiteSquare(64))))).toEqual([
      'Icon outline.png must be 32×32 pixels; it is 64×64.',
    ]);
  });

  it('When the outline icon has a pixel that is not white, then the build says how many and where the first is', () => {
    const icon = png(32, 32, (x, y) => (x === 5 && y === 3 ? [255, 0, 0, 255] : whiteSquare(32)(x, y)));
    expect(problemsOf(withFile('outline.png', icon))).toEqual([
      'Icon outline.png must be white on transparent only; 1 visible pixel is another colour (the first, at (5, 3) is #FF0000).',
    ]);
  });

  it('When the outline icon is opaque all over, then the build says it needs a transparent background', () => {
    expect(
      problemsOf(
        withFile(
          'outline.png',
          png(32, 32, () => [255, 255, 255, 255]),
        ),
      ),
    ).toEqual(['Icon outline.png must have a transparent background; every pixel is opaque.']);
  });

  it('When an icon file is not a PNG, then the build says Teams cannot read it', () => {
    expect(problemsOf(withFile('color.png', Buffer.from('<svg/>')))).toEqual([
      expect.stringMatching(/^Icon color\.png is not a PNG image Teams can read/),
    ]);
  });

  it('When the manifest names an icon that is not there, then the build says which', () => {
    const problems = problemsOf(withTemplate((m) => (m.icons.outline = 'outline-white.png')));
    expect(problems).toEqual([
      'The manifest\'s icons.outline is "outline-white.png", but there is no file of that name in the app package folder.',
    ]);
  });
});

describe('The official Teams schema', () => {
  it('When name.short is missing, then the schema check says so', () => {
    expect(problemsOf(withTemplate((m) => delete m.name.short))).toEqual(['Teams manifest schema v1.30: name.short is missing.']);
  });

  it('When the short description is over 80 characters, then the schema check gives the limit and the length', () => {
    const problems = problemsOf(withTemplate((m) => (m.description.short = 'x'.repeat(81))));
    expect(problems).toEqual(['Teams manifest schema v1.30: description.short is too long: at most 80 characters, and it has 81.']);
  });

  it('When the app name with its suffix is over 30 characters, then the schema check says so and names the variable', () => {
    const problems = problemsOf(withEnv((env) => (env.APP_NAME_SUFFIX = ' (user acceptance test)')));
    expect(problems).toEqual([
      'Teams manifest schema v1.30: name.short is too long: at most 30 characters, and it has 36. (It comes from APP_NAME_SUFFIX in env/.env.dev.)',
    ]);
  });

  it('When a bot scope is misspelt, then the schema check lists the allowed scopes', () => {
    const problems = problemsOf(withTemplate((m) => (m.bots[0].scopes = ['personal', 'groupchat'])));
    expect(problems).toEqual([
      'Teams manifest schema v1.30: bots[0].scopes[1] must be one of "team", "personal", "groupChat", "copilot"; it is "groupchat".',
    ]);
  });

  it('When the manifest has a property Teams does not know, then the schema check names it', () => {
    expect(problemsOf(withTemplate((m) => (m.colour = '#1D70B8')))).toEqual([
      'Teams manifest schema v1.30: The manifest has "colour", which the Teams manifest does not allow there.',
    ]);
  });

  it('When manifestVersion has no schema, then the build lists the versions it knows', () => {
    const problems = problemsOf(withTemplate((m) => (m.manifestVersion = '9.9')));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^manifestVersion "9\.9" is not a Teams manifest version we can check against \(known: 1\.0, .*1\.30\)\.$/),
      ]),
    );
  });
});
