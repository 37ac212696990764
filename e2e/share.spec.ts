import { expect, test } from '@playwright/test';
import { consoleOutput, events, openLab, pause, playFast, shot, typeCommand } from './helpers';

test('a shared link opens the same session at the same moment, and steps back to the start', async ({ page, context }) => {
  await openLab(page);
  await typeCommand(page, 'labos-2', 'nc -v -w 2 192.168.1.1 80');
  await playFast(page);
  await expect(consoleOutput(page, 'labos-2')).toContainText('timed out', { timeout: 30_000 });
  await pause(page);
  const drops = await events(page).getByRole('row').filter({ hasText: 'DROP' }).count();
  expect(drops).toBeGreaterThan(0);

  await page.getByRole('button', { name: /Share/ }).click();
  const link = page.getByRole('textbox', { name: 'Share this session' });
  await expect(link).toHaveValue(/#s=1\.[A-Za-z0-9_-]+$/);
  const url = await link.inputValue();
  expect(page.url()).toBe(url);
  // the moment shared is the one the paused page shows
  const clock = (await page.getByTestId('clock').textContent())!;
  await expect(page.getByRole('dialog')).toContainText(clock.replace(/s$/, ''));
  await page.waitForTimeout(300); // the dialog's entrance
  await shot(page, 'share-dialog');

  const other = await context.newPage();
  await other.goto(url);
  await expect(consoleOutput(other, 'labos-2')).toContainText('timed out', { timeout: 15_000 });
  await expect(other.getByTestId('clock')).toHaveText(clock);
  await expect(events(other).getByRole('row').filter({ hasText: 'DROP' })).toHaveCount(drops);
  await expect(other.getByTestId('link-error')).toHaveCount(0);
  // the history came with it: step back until the start (each answer comes back from the worker)
  const back = other.getByRole('button', { name: 'Step back' });
  await expect(async () => {
    if (await back.isEnabled()) await back.click({ timeout: 1000 });
    await expect(back).toBeDisabled({ timeout: 300 });
  }).toPass({ timeout: 20_000 });
  await expect(other.getByTestId('clock')).toHaveText('t=0.000s');
});

test('a damaged link says what is wrong and runs the default example', async ({ page }) => {
  await page.goto('/#s=1.AAAA-this-is-not-a-link');
  await expect(page.getByTestId('link-error')).toContainText('could not be loaded');
  await expect(page.getByTestId('link-error')).toContainText('cut off');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' })).toBeVisible();
  await shot(page, 'share-damaged-link');
  await page.getByTestId('link-error').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('link-error')).toHaveCount(0);
});
