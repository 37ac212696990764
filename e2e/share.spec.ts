import { expect, test } from '@playwright/test';
import { consoleOutput, events, openLab, pause, playFast, shot, typeCommand } from './helpers';

test('a shared link opens the same session at the same moment, and steps back to the start', async ({ page, context }) => {
  await openLab(page);
  await typeCommand(page, 'labos-2', 'nc -v -w 2 192.168.1.1 80');
  await playFast(page);
  await expect(consoleOutput(page, 'labos-2')).toContainText('Ncat: TIMEOUT.', { timeout: 30_000 });
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
  await expect(consoleOutput(other, 'labos-2')).toContainText('Ncat: TIMEOUT.', { timeout: 15_000 });
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

test('a shared link carries rules edits: the editor shows them and they apply', async ({ page, context }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'labos-1', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'labos-1 rules' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\niptables -I INPUT -p icmp -j ACCEPT');
  await expect(page.getByTestId('rules-status')).toContainText('✓', { timeout: 10_000 });
  await page.getByRole('button', { name: /Share/ }).click();
  const url = await page.getByRole('textbox', { name: 'Share this session' }).inputValue();
  expect(url).toMatch(/#s=1\./);

  const other = await context.newPage();
  await other.goto(url);
  await other.getByRole('tab', { name: 'Rules' }).click();
  await other.getByRole('button', { name: 'labos-1', exact: true }).click();
  await expect(other.getByRole('textbox', { name: 'labos-1 rules' })).toContainText('iptables -I INPUT -p icmp -j ACCEPT');
  // the edit is in force: labos-2's ping to labos-1 is answered
  const input = other.getByRole('textbox', { name: 'labos-2 console' });
  await input.fill('ping -c 1 192.168.1.1');
  await input.press('Enter');
  await playFast(other);
  await expect(consoleOutput(other, 'labos-2')).toContainText('1 received', { timeout: 15_000 });
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
