import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the proxy does with storage traffic: pass it on, swallow it unanswered, or cut connections at once. */
export type StorageLine = 'up' | 'blackhole' | 'refusing';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** It lost bytes to a blackhole, so what it carries next would be garbled. */
  broken: boolean;
  /** It carried a request whose answer is to be lost (see loseAnswerTo). */
  answerLost?: boolean;
}

/**
 * A TCP proxy in front of Azurite that can take storage away the two ways a network does: silently
 * (connections stay open, nothing comes back) or loudly (every connection is reset). Traffic through it
 * is real: the app under test cannot tell it from storage itself.
 */
export class StorageProxy {
  private line: StorageLine = 'up';
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private answerLostTo?: RegExp;

  private constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<StorageProxy> {
    const proxy = new StorageProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Changes what happens to traffic from now on; connections that lost bytes to a blackhole are closed when storage comes back. */
  set(line: StorageLine): void {
    this.line = line;
    for (const pair of this.pairs) {
      if (line === 'blackhole') pair.broken = true;
      if (line === 'refusing' || (line === 'up' && pair.broken)) this.cut(pair);
    }
  }

  /**
   * The next request whose first line matches reaches storage, which does it, but its answer never comes
   * back: the caller cannot tell a write that was applied from one that was not.
   */
  loseAnswerTo(requestLine: RegExp): void {
    this.answerLostTo = requestLine;
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) this.cut(pair);
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: net.Socket): void {
    if (this.line === 'refusing') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, broken: this.line === 'blackhole' };
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (this.answerLostTo?.test(chunk.toString('latin1', 0, chunk.indexOf('\r\n')))) {
        pair.answerLost = true;
        this.answerLostTo = undefined;
      }
      if (this.line === 'up' && !pair.broken) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (this.line === 'up' && !pair.broken && !pair.answerLost) client.write(chunk);
    });
    const close = () => this.cut(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  }

  private cut(pair: Pair): void {
    this.pairs.delete(pair);
    const { client, upstream } = pair;
    // Node refuses to reset a socket whose end it is already sending, and then never closes that socket, which
    // holds jest open after the tests; such a socket is closing anyway, so it is only destroyed.
    if (client.writableEnded) client.destroy();
    else if (!client.destroyed) client.resetAndDestroy();
    if (!upstream.destroyed) upstream.destroy();
  }
}
