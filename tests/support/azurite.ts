import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TableServer {
  httpServer: HttpServer;
  start(): Promise<void>;
  close(): Promise<void>;
}

// Azurite ships no type declarations and its package entry needs `vscode`, so its table server is loaded
// from its deep paths; the argument lists follow TableConfiguration's constructor in azurite 3.35.
const TableServerClass: new (config: unknown) => TableServer = require('azurite/dist/src/table/TableServer').default;
const TableConfiguration: new (...args: unknown[]) => unknown = require('azurite/dist/src/table/TableConfiguration').default;

const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
}

/** Azurite's table service in memory on a free port of 127.0.0.1, not yet started (so callers may hook into it). */
export function inMemoryTableServer(): TableServer {
  const config = new TableConfiguration(
    '127.0.0.1',
    0,
    5, // keep-alive timeout, seconds
    `azurite-memory-${randomUUID()}`, // only names the in-memory database; nothing is written
    false, // debug log
    false, // access log
    undefined, // access log stream
    undefined, // debug log file
    true, // loose: accept headers and query options real Azure ignores
    true, // skip API version check, so a newer @azure/data-tables still works
    '', // cert
    '', // key
    '', // pwd
    undefined, // oauth
    false, // product-style URLs off: the account name is in the path
    true, // in-memory persistence
  );
  const server = new TableServerClass(config);
  // restify, once loaded in this process, gives every http request a query() method; Azurite's express
  // then takes the query as parsed and finds no $filter, so every query would read the whole table.
  server.httpServer.prependListener('request', (req: IncomingMessage) =>
    Object.defineProperty(req, 'query', { value: undefined, writable: true }),
  );
  return server;
}

/** Starts Azurite's table service in this process, in memory, on a free port. */
export async function startAzurite(): Promise<RunningAzurite> {
  const server = inMemoryTableServer();
  await server.start();
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    connectionString: azuriteConnectionString(port),
    port,
    async stop() {
      const closed = new Promise((resolve) => server.httpServer.once('close', resolve));
      await server.close();
      // A test that ran out of time may still be sending requests over its keep-alive sockets, which would hold the
      // server open, and jest with it; anything still connected once its test is over is cut.
      server.httpServer.closeAllConnections();
      // close() does not wait for open keep-alive sockets; waiting here keeps jest free of open handles.
      await closed;
    },
  };
}

/** A fresh table name prefix (a letter, then 11 lowercase letters or digits), so tests never share tables. */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(8).toString('hex').slice(0, 11)}`;
}
