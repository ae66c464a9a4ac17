import { ConfigError, loadConfig } from '../../bot/config';

const LOCAL = { LOCAL_MODE: 'true' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('Settings for delivering messages to residents', () => {
  it('When nothing is set, then messages are retried for 10 minutes and each send may take 10 seconds', () => {
    expect(loadConfig(LOCAL).outbox).toMatchObject({ retryWindowMinutes: 10, sendTimeoutSeconds: 10, leaseSeconds: 30 });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a send may take as long as its lease',
      { SEND_TIMEOUT_SECONDS: '30', OUTBOX_LEASE_SECONDS: '30' },
      'SEND_TIMEOUT_SECONDS (30) must be shorter than OUTBOX_LEASE_SECONDS (30): a send still waiting when its lease runs out could be sent by another instance too.',
    ],
    [
      'the first wait is as long as the whole retry window',
      { OUTBOX_RETRY_BASE_MS: '60000', OUTBOX_RETRY_WINDOW_MINUTES: '1' },
      'OUTBOX_RETRY_BASE_MS (60000 ms) must be shorter than OUTBOX_RETRY_WINDOW_MINUTES (1 minutes), or a failed message would never be tried again.',
    ],
    [
      'the retry window is not whole minutes',
      { OUTBOX_RETRY_WINDOW_MINUTES: '2.5' },
      'OUTBOX_RETRY_WINDOW_MINUTES must be whole minutes from 1 to 1440 (got "2.5").',
    ],
    ['the send time limit is zero', { SEND_TIMEOUT_SECONDS: '0' }, 'SEND_TIMEOUT_SECONDS must be seconds from 1 to 120 (got "0").'],
  ])('When %s, then the server refuses to start and says why', (_, env, problem) => {
    expect(problemsOf({ ...LOCAL, ...env })).toEqual([problem]);
  });
});
