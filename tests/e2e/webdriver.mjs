// A small W3C WebDriver client for tauri-driver, on Node's own fetch: just
// what the end-to-end tests use, each call bounded by a timeout.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts tauri-driver with `env` (passed on to the app). */
export async function startDriver(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { driver, url: `http://127.0.0.1:${port}` };
}

export async function stopDriver(driver) {
  if (driver.exitCode !== null) return;
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  driver.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  // A driver that will not stop would keep the test run open.
  if (driver.exitCode === null && driver.signalCode === null) driver.kill('SIGKILL');
}

async function request(url, method, path, body) {
  const response = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${json?.value?.message ?? response.status}`);
    error.webdriver = json?.value?.error;
    throw error;
  }
  return json.value;
}

export class Browser {
  constructor(url, id) {
    this.url = url;
    this.id = id;
  }

  /** Opens the app; tauri-driver gives no readiness signal, so retry for up to 30 s. */
  static async open(url, application) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const value = await request(url, 'POST', '/session', {
          capabilities: { alwaysMatch: { 'tauri:options': { application } } },
        });
        return new Browser(url, value.sessionId);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(500);
      }
    }
  }

  call(method, path, body) {
    return request(this.url, method, `/session/${this.id}${path}`, body);
  }

  async close() {
    await this.call('DELETE', '');
  }

  /** Waits until `find()` returns something truthy, up to `ms`. */
  async waitFor(what, find, ms = 10_000) {
    const deadline = Date.now() + ms;
    let last;
    for (;;) {
      try {
        const found = await find();
        if (found) return found;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
      await sleep(150);
    }
  }

  async elements(css) {
    const found = await this.call('POST', '/elements', { using: 'css selector', value: css });
    return found.map((e) => e[ELEMENT]);
  }

  async byXpath(xpath) {
    const found = await this.call('POST', '/elements', { using: 'xpath', value: xpath });
    return found.map((e) => e[ELEMENT]);
  }

  /** The first element matching `css`, waiting for it to appear. */
  async find(css) {
    return this.waitFor(css, async () => (await this.elements(css))[0]);
  }

  /** The first button whose text is exactly `label`, waiting for it. */
  async button(label) {
    return this.waitFor(`button "${label}"`, async () => (await this.byXpath(`//button[normalize-space()="${label}"]`))[0]);
  }

  /** Clicks `element`. A button is clicked through the element itself: a
   * click by position can land beside it while the page is still settling
   * (a chart or a panel finishing loading above it). Anything else (an
   * option, a tick box) gets WebDriver's click. */
  async click(element) {
    const clicked = await this.script(
      "const e = arguments[0]; if (e.tagName !== 'BUTTON' || e.disabled) return false; e.scrollIntoView({ block: 'center' }); e.click(); return true;",
      [{ [ELEMENT]: element }],
    );
    if (!clicked) await this.call('POST', `/element/${element}/click`, {});
  }

  async type(element, text) {
    await this.call('POST', `/element/${element}/clear`, {});
    await this.call('POST', `/element/${element}/value`, { text });
  }

  async text(element) {
    return this.call('GET', `/element/${element}/text`);
  }

  async attribute(element, name) {
    return this.call('GET', `/element/${element}/attribute/${name}`);
  }

  async script(source, args = []) {
    return this.call('POST', '/execute/sync', { script: source, args });
  }

  async pageText() {
    return this.script('return document.body.innerText;');
  }
}
