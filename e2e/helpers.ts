import { expect, type Page } from '@playwright/test';
import { fixtureBatch } from '../src/ui/fixtures';

/** Open the app with the real simulation and wait until it answers. */
export async function openLab(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled({ timeout: 15_000 });
}

/** Open the app and show the hand-written data of src/ui/fixtures.ts instead of the simulation's. */
export async function openFixture(page: Page) {
  await openLab(page);
  await page.evaluate((b) => (window as unknown as { __conntrackLabDebug: { loadFixture(b: unknown): void } }).__conntrackLabDebug.loadFixture(b), fixtureBatch);
}

/** Fast playback: the speed slider to its maximum, and playing (a command or an example starts time by itself). */
export async function playFast(page: Page) {
  await page.getByRole('slider', { name: 'Speed' }).fill('100');
  try {
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 3000 });
  } catch {
    await page.getByRole('button', { name: 'Play' }).click();
  }
}

export async function pause(page: Page) {
  const b = page.getByRole('button', { name: 'Pause' });
  if (await b.isVisible()) await b.click();
}

/** Run a command at a host's console, as a student types it. */
export async function typeCommand(page: Page, host: string, command: string) {
  const input = page.getByRole('textbox', { name: `${host} console` });
  await input.fill(command);
  await input.press('Enter');
}

export function consoleOutput(page: Page, host: string) {
  return page.getByRole('log', { name: `${host} console output` });
}

export function events(page: Page) {
  return page.getByRole('table', { name: 'Events' });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

/** The page's panels do not overlap one another and nothing scrolls sideways (boxes measured). */
export async function expectPanelsApart(page: Page) {
  const { boxes, scrollWidth, width } = await page.evaluate(() => ({
    boxes: [...document.querySelectorAll('section.panel')].map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.className, x: r.x, y: r.y, w: r.width, h: r.height };
    }),
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(boxes.length).toBeGreaterThanOrEqual(5);
  expect(scrollWidth).toBeLessThanOrEqual(width);
  for (const b of boxes) {
    expect(b.w, b.name).toBeGreaterThan(100);
    expect(b.h, b.name).toBeGreaterThan(60);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      expect(overlapX <= 1 || overlapY <= 1, `${a.name} overlaps ${b.name}`).toBe(true);
    }
  }
}
