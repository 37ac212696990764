/**
 * The UI half of `npm run bench`: the production build served by `vite preview`, driven by
 * Playwright in Chromium (Debian's /usr/bin/chromium where it exists).
 *  - start_js_gzip_kb: gzipped size of the JavaScript the page loads before its first view
 *    (lazy chunks such as the rules editor are not counted);
 *  - first_view_ms: what a fresh browser sees: a new browser and context (cold HTTP cache, no
 *    earlier visit), from navigation start to an interactive labos-1 console (its input enabled,
 *    the three nodes drawn, Play enabled), measured by the page's own clock;
 *  - frame_p95_ms and long_tasks_over_100ms: rAF frame intervals and main-thread tasks over
 *    100 ms for 3 s of a 1000-port SYN scan (`nmap -sS -p 1-1000` from labos-1) played at the
 *    default speed, from its first packets in flight.
 */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';

export interface UiFigures {
  frame_p95_ms: number;
  long_tasks_over_100ms: number;
  first_view_ms: number;
  start_js_gzip_kb: number;
  /** Most packets seen in flight at once during the frame measurement. */
  max_in_flight: number;
}

const PORT = Number(process.env.BENCH_UI_PORT ?? 4317);
const URL = `http://127.0.0.1:${PORT}/`;

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

async function firstView(page: Page): Promise<{ ms: number; gzipKb: number }> {
  const js: Buffer[] = [];
  const pending: Promise<void>[] = [];
  const onResponse = (resp: import('@playwright/test').Response) => {
    if (resp.url().endsWith('.js') || resp.headers()['content-type']?.includes('javascript')) {
      pending.push(resp.body().then((b) => void js.push(b)).catch(() => undefined));
    }
  };
  page.on('response', onResponse);
  await page.goto(URL, { waitUntil: 'commit' });
  // (page code as text: tsx would wrap named functions in a helper the page does not have)
  const ms = (await page.evaluate(`new Promise((resolve) => {
    const ready = () => {
      const play = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Play' || b.textContent.trim() === 'Play');
      const input = document.querySelector('[aria-label="labos-1 console"]');
      return play !== undefined && !play.disabled && input !== null && !input.disabled && document.querySelectorAll('[data-testid^="node-"]').length >= 3;
    };
    const tick = () => (ready() ? resolve(performance.now()) : requestAnimationFrame(tick));
    tick();
  })`)) as number;
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  page.off('response', onResponse);
  const gz = js.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  return { ms, gzipKb: gz / 1024 };
}

async function frames(page: Page): Promise<{ p95: number; longTasks: number; maxInFlight: number }> {
  const input = page.getByRole('textbox', { name: 'labos-1 console' });
  await input.fill('nmap -sS -p 1-1000 192.168.3.1');
  await input.press('Enter');
  // a typed command starts the clock by itself: Play may turn into Pause under the click
  await page
    .getByRole('button', { name: 'Play' })
    .click({ timeout: 1000 })
    .catch(() => undefined);
  // wait until the scan is on the wire
  await page.waitForFunction(`Number(document.querySelector('[data-testid="packet-layer"]')?.getAttribute('data-in-flight') ?? 0) >= 10`, null, {
    timeout: 30_000,
  });
  return (await page.evaluate(`new Promise((resolve) => {
    const intervals = [];
    let longTasks = 0;
    let maxInFlight = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 100) longTasks++;
    });
    obs.observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const t0 = last;
    const layer = document.querySelector('[data-testid="packet-layer"]');
    const tick = (t) => {
      intervals.push(t - last);
      last = t;
      maxInFlight = Math.max(maxInFlight, Number(layer?.getAttribute('data-in-flight') ?? 0));
      if (t - t0 < 3000) requestAnimationFrame(tick);
      else {
        obs.disconnect();
        intervals.sort((a, b) => a - b);
        resolve({ p95: intervals[Math.floor(intervals.length * 0.95)], longTasks, maxInFlight });
      }
    };
    requestAnimationFrame(tick);
  })`)) as { p95: number; longTasks: number; maxInFlight: number };
}

export async function benchUi(): Promise<UiFigures> {
  execSync('npx vite build', { stdio: 'ignore' });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  try {
    await waitForServer(URL, 30_000);
    const browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      // No warm-up visit: a new context starts with an empty HTTP cache, as a student's first visit.
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await ctx.newPage();
      const fv = await firstView(page);
      const fr = await frames(page);
      return {
        frame_p95_ms: Math.round(fr.p95 * 10) / 10,
        long_tasks_over_100ms: fr.longTasks,
        first_view_ms: Math.round(fv.ms),
        start_js_gzip_kb: Math.round(fv.gzipKb * 10) / 10,
        max_in_flight: fr.maxInFlight,
      };
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
    }
  }
}
