import { RecordingConnector } from '../support/recording-connector';
import { TestApp, residentActivity, startTestApp } from '../support/test-app';

/**
 * The bot keeps one Bot Connector client for each channel address (and app) instead of making one for every
 * turn: a reply must still go back through the address its own activity came from, turn after turn.
 */
describe('Replies when residents reach the bot through different channel addresses', () => {
  let test: TestApp;
  let other: RecordingConnector;

  beforeEach(async () => {
    test = await startTestApp();
    other = await new RecordingConnector().start();
  });

  afterEach(async () => {
    await test?.stop();
    await other?.stop();
  });

  const hello = async (connector: RecordingConnector, conversationId: string): Promise<void> => {
    const res = await fetch(`${test.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(residentActivity(connector.url, 'msteams', conversationId, `user-${conversationId}`, { text: 'hello' })),
    });
    expect(res.status).toBe(200);
  };

  it('When two residents say hello in turns through two addresses, then each reply goes back through its own', async () => {
    await test.api.openSurgery();

    await hello(test.connector, 'first');
    await hello(other, 'second');
    await hello(test.connector, 'first');
    await hello(other, 'second');

    expect(test.connector.to('first')).toHaveLength(2);
    expect(other.to('second')).toHaveLength(2);
    expect(test.connector.to('second')).toEqual([]);
    expect(other.to('first')).toEqual([]);
  });
});
