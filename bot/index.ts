import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Config, ConfigError, isLocalMode, loadConfig } from './config';
import { Logger, jsonLogger } from './logger';
import { localCouncillor, nobodyYet } from './server/councillor-identity';
import { createHttpServer } from './server/http-server';
import { QueueStreams } from './server/queue-streams';
import { Applied, Clock, QueueService } from './services/queue-service';
import { ResidentConversation } from './services/resident-conversation';
import { ResidentUpdates } from './services/resident-updates';
import { Storage } from './storage/ports';
import { createTableStorage } from './storage/tables/table-storage';
import { createTeamsBot } from './teams/bot-adapter';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Storage to use instead of the Table storage named in the config. */
  storage?: Storage;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Resolves when every message to residents started so far has been sent or has failed. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const newId = () => randomBytes(9).toString('base64url');

// This file runs from bot/ under tsx and from dist/bot/ once compiled; the tab bundle is in tab/dist either way.
const projectRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../..' : '..');

/** The composition root: builds every part from the config and starts the server. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? (() => new Date());
  const log = options.logger ?? jsonLogger();
  const onError = (error: unknown) => log.error('background work failed', { error: error instanceof Error ? error.message : String(error) });
  const storage =
    options.storage ??
    (await createTableStorage({
      connectionString: config.tablesConnectionString,
      tablePrefix: config.tablePrefix,
      allowInsecureConnection: config.tablesConnectionString.includes('http://') || config.tablesConnectionString === 'UseDevelopmentStorage=true',
    }));
  const eta = { consultationMinutes: config.consultationMinutes };

  let streams: QueueStreams | undefined;
  let updates: ResidentUpdates | undefined;
  const queue = new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId,
    eta,
    onChanged: (surgeryId) => streams?.changed(surgeryId),
    onApplied: (applied: Applied) => updates?.afterChange(applied),
  });
  const conversation = new ResidentConversation({ queue, chats: storage.chats, eta, clock, calledAdmitMinutes: config.calledAdmitMinutes });
  const bot = createTeamsBot(
    { appId: config.microsoftAppId, appPassword: config.microsoftAppPassword, tenantId: config.microsoftAppTenantId, appType: config.microsoftAppType },
    conversation,
    log,
  );
  updates = new ResidentUpdates({ chats: storage.chats, messenger: bot.messenger, queue, eta, clock, calledAdmitMinutes: config.calledAdmitMinutes, onError });
  streams = new QueueStreams({
    load: async (surgeryId) => {
      const stored = await storage.surgeries.loadQueue(surgeryId);
      return stored && { view: queue.viewOf(stored), etag: stored.etag };
    },
    currentEtag: (surgeryId) => storage.surgeries.currentEtag(surgeryId),
    pollMs: config.streamPollMs,
    onError,
  });

  const localMode = isLocalMode(config);
  const server = createHttpServer({
    queue,
    streams,
    identify: localMode ? localCouncillor : nobodyYet,
    localMode,
    health: storage.health,
    handleMessages: bot.handleMessages,
    tabDirectory: path.join(projectRoot, 'tab', 'dist'),
    log,
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info('server started', { port, localMode });

  return {
    url,
    port,
    settled: () => updates!.idle(),
    stop: async () => {
      streams!.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await updates!.idle();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await startApp(config);
  const stop = () => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
