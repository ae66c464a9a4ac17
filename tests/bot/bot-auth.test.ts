import { writeTestRoster } from '../support/signed-in-app';
import { TestApp, startTestApp } from '../support/test-app';

const APP_ID = '3f0c5e52-6b1d-4f7e-9a39-2d1f6c8b7a41';
const TENANT_ID = '9b2e4c1a-0d3f-4a5b-8c7d-6e5f4a3b2c1d';
const TAB_CLIENT_ID = 'c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f';

/** The server as deployed: a Microsoft app id, secret and tenant, so the Bot Framework SDK checks every token. */
const withCredentials = {
  LOCAL_MODE: 'false',
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  MICROSOFT_APP_TENANT_ID: TENANT_ID,
  AAD_APP_CLIENT_ID: TAB_CLIENT_ID,
  AAD_APP_ID_URI: `api://surgery-queue.example/${TAB_CLIENT_ID}`,
  ALLOWED_TENANT_IDS: TENANT_ID,
};

describe('Who may post to /api/messages when the bot has credentials', () => {
  let test: TestApp;
  let consoleError: jest.SpyInstance;
  let roster: ReturnType<typeof writeTestRoster>;

  beforeEach(async () => {
    roster = writeTestRoster();
    test = await startTestApp({ env: { ...withCredentials, WARDS_FILE: roster.file } });
    consoleError = jest.spyOn(console, 'error');
  });

  afterEach(async () => {
    consoleError.mockRestore();
    await test?.stop();
    roster.remove();
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${test.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({
        type: 'message',
        id: 'incoming-1',
        text: 'hello',
        channelId: 'msteams',
        serviceUrl: test.connector.url,
        from: { id: 'user-1', name: 'Resident' },
        recipient: { id: `28:${APP_ID}`, name: 'Surgery Queue' },
        conversation: { id: 'a:1conversation' },
      }),
    });

  it.each([
    ['no Authorization header', {}],
    ['a bearer token that is not a token', { Authorization: 'Bearer garbage' }],
    ['a token-shaped string nobody signed', { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln' }],
    ['another kind of credential', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('When an activity comes with %s, then it is refused with 401, nothing is sent and the server stays well', async (_what, headers) => {
    const res = await post(headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 'AUTH.INVALID_TOKEN',
      message: 'Only the Bot Framework, with a valid token, may post activities here.',
    });
    // Had the activity been let in, the bot would have answered (there is no surgery open) through the connector.
    expect(test.connector.calls).toEqual([]);
    expect((await test.api.call('GET', '/healthz')).status).toBe(200);
    // Refusals are logged once, as a structured request line: the SDK's console output is not used.
    expect(consoleError).not.toHaveBeenCalled();
  });
});
