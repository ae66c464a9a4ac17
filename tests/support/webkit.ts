import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { PATIENCE_MS } from './patience';

/**
 * WebKit (Debian's WebKitGTK, the engine of Safari) driven over plain W3C WebDriver HTTP.
 *
 * WebKitGTK's MiniBrowser has no headless mode (MiniBrowser's `--headless` is WPE's only), and GTK's
 * display-less Broadway backend gives pages nonsense viewport sizes. So each suite starts its own
 * virtual X server (Xvfb, on a display it picks itself) and its own WebKitWebDriver on a free port,
 * and stops both. MiniBrowser runs `--full-screen`, which without a window manager only hides its
 * toolbar, so the window can be phone-sized: the toolbar alone would keep it 447 px wide.
 */
const WEBDRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** One WebDriver command; a browser that died would otherwise leave WebKitWebDriver waiting for ever. */
const COMMAND_TIMEOUT_MS = 20_000;

export interface WebKit {
  /**
   * A fresh MiniBrowser window, `width` x `height` CSS pixels of page; with `userAgent`, the browser says it
   * is that (an iPhone's Safari, say), as WebKit's own settings let it.
   */
  newSession(size: { width: number; height: number }, options?: { userAgent?: string }): Promise<WebKitSession>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

/** Each process runs in its own group (detached), so MiniBrowser and WebKit's helpers go with their driver. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Starts Xvfb on a free display, which it reports through -displayfd. */
function startXvfb(): Promise<{ process: ChildProcess; display: string }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let said = '';
    let errors = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start in ${PATIENCE_MS / 1000} s: ${errors}`)), PATIENCE_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      signalGroup(xvfb, 'SIGKILL');
      reject(error);
    };
    xvfb.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    xvfb.once('error', fail);
    xvfb.once('exit', (code) => fail(new Error(`Xvfb stopped (${code}): ${errors}`)));
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const match = /^(\d+)\n/.exec(said);
      if (!match) return;
      clearTimeout(timer);
      xvfb.removeAllListeners('exit');
      resolve({ process: xvfb, display: `:${match[1]}` });
    });
  });
}

export async function startWebKit(): Promise<WebKit> {
  for (const [file, pkg] of [
    [WEBDRIVER, 'webkit2gtk-driver'],
    [MINIBROWSER, 'webkit2gtk-driver'],
    [XVFB, 'xvfb'],
  ]) {
    if (!existsSync(file!)) throw new Error(`${file} is missing: apt-get install -y webkit2gtk-driver xvfb (package ${pkg})`);
  }
  const xvfb = await startXvfb();
  let driver: ChildProcess | undefined;
  try {
    const port = await freePort();
    let log = '';
    driver = spawn(WEBDRIVER, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', GDK_BACKEND: 'x11' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    driver.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    driver.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      try {
        const res = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (driver.exitCode !== null || Date.now() > deadline) throw new Error(`WebKitWebDriver did not start: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = driver;
    return {
      async newSession(size, options = {}) {
        const args = ['--automation', '--full-screen', ...(options.userAgent ? [`--user-agent=${options.userAgent}`] : [])];
        const created = await command<{ sessionId: string }>(base, 'POST', '/session', {
          capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } } },
        });
        const session = new WebKitSession(`${base}/session/${created.sessionId}`);
        await session.resize(size);
        return session;
      },
      async stop() {
        await stopProcess(started);
        await stopProcess(xvfb.process);
      },
    };
  } catch (error) {
    await stopProcess(driver);
    await stopProcess(xvfb.process);
    throw error;
  }
}

async function command<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
  });
  const answer = (await res.json()) as { value: any };
  if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${res.status} ${answer.value?.error}: ${answer.value?.message}`);
  return answer.value as T;
}

/** A string as an XPath literal, whatever quotes it holds. */
function xpathLiteral(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

export class WebKitSession {
  constructor(private readonly url: string) {}

  private command<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return command<T>(this.url, method, path, body);
  }

  /** Makes the page (the whole window: MiniBrowser's toolbar is hidden) exactly this size. */
  async resize(size: { width: number; height: number }): Promise<void> {
    await this.command('POST', '/window/rect', size);
    const [width, height] = await this.execute<[number, number]>('return [window.innerWidth, window.innerHeight]');
    if (width !== size.width || height !== size.height)
      throw new Error(`WebKit's page is ${width}x${height}, not ${size.width}x${size.height}`);
  }

  /** Opens the address and waits for the page to load. */
  async goto(url: string): Promise<void> {
    await this.command('POST', '/url', { url });
  }

  currentUrl(): Promise<string> {
    return this.command<string>('GET', '/url');
  }

  execute<T = unknown>(script: string, ...args: unknown[]): Promise<T> {
    return this.command<T>('POST', '/execute/sync', { script, args });
  }

  /** Polls a script until it returns something truthy, and returns that. */
  async until<T>(script: string, what: string, timeoutMs = PATIENCE_MS, ...args: unknown[]): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.execute<T>(script, ...args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`WebKit: still no ${what} after ${timeoutMs} ms at ${await this.currentUrl()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits for the page's <h1> to read exactly `text`. */
  waitForHeading(text: string, timeoutMs?: number): Promise<unknown> {
    return this.until(
      "return [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === arguments[0])",
      `<h1> "${text}"`,
      timeoutMs,
      text,
    );
  }

  /** The page's visible text, as the resident reads it. */
  text(): Promise<string> {
    return this.execute<string>('return document.body.innerText');
  }

  /** The element of that tag (a, button…) whose text is exactly `text`, found by WebKit. */
  async find(tag: string, text: string): Promise<string> {
    const xpath = `//${tag}[normalize-space()=${xpathLiteral(text)}]`;
    const found = await this.command<Record<string, string>>('POST', '/element', { using: 'xpath', value: xpath }).catch((error: Error) => {
      throw new Error(`${error.message} (${xpath})`);
    });
    return found[ELEMENT]!;
  }

  /** Clicks it as a user would (WebKit scrolls it into view and checks nothing covers it). */
  async click(tag: string, text: string): Promise<void> {
    const element = await this.find(tag, text);
    await this.command('POST', `/element/${element}/click`, {});
  }

  /** The elements a script returns, as WebKit names them for find, type and the rest. */
  async elements(script: string): Promise<string[]> {
    return (await this.execute<Record<string, string>[]>(script)).map((element) => element[ELEMENT]!);
  }

  /** Clicks an element found by `elements`, as `click` does. */
  async clickElement(element: string): Promise<void> {
    await this.command('POST', `/element/${element}/click`, {});
  }

  /** Types into the element key by key, as a user would. */
  async type(element: string, text: string): Promise<void> {
    await this.command('POST', `/element/${element}/value`, { text });
  }

  attribute(element: string, name: string): Promise<string | null> {
    return this.command<string | null>('GET', `/element/${element}/attribute/${name}`);
  }

  /** True when nothing scrolls sideways. */
  fitsTheScreen(): Promise<boolean> {
    return this.execute<boolean>('return document.documentElement.scrollWidth <= document.documentElement.clientWidth');
  }

  async close(): Promise<void> {
    await this.command('DELETE', '');
  }
}
