import { expect, test } from '@playwright/test';
import { consoleOutput, events, openLab, pause, playFast, shot } from './helpers';

test('seed: labos-1 connects to labos-2:80', async ({ page }) => {
  await openLab(page);
  await shot(page, 'seed-first-open');
  await page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' }).click();
  await playFast(page);
  await expect(consoleOutput(page, 'labos-1')).toContainText('Connected to 192.168.3.1:80', { timeout: 15_000 });
  await pause(page);
  const table = events(page);
  await expect(table.getByRole('row').filter({ hasText: 'SYN/ACK' }).first()).toContainText('ESTABLISHED');
  await expect(table.getByRole('row').filter({ hasText: 'DROP' })).toHaveCount(0);
  await shot(page, 'seed-connect');
});

test('seed: labos-2 times out, the SYN is NEW and dropped at labos-1 INPUT', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'labos-2 → labos-1:80 (nc)' }).click();
  await playFast(page);
  await expect(consoleOutput(page, 'labos-2')).toContainText('Ncat: TIMEOUT.', { timeout: 30_000 });
  await pause(page);
  await page.getByRole('combobox', { name: 'Verdict' }).selectOption('DROP');
  const dropped = events(page).getByRole('row').filter({ hasText: 'DROP' }).first();
  await expect(dropped).toContainText('NEW');
  await dropped.click();
  const card = page.getByTestId('inspector').locator('article[data-node="labos-1"]');
  await expect(card).toContainText('INPUT');
  await expect(card).toContainText('NEW');
  await expect(card).toContainText('DROP');
  await expect(card.locator('li[data-decisive="true"]').filter({ hasText: 'filter/INPUT' })).toContainText('DROP');
  await shot(page, 'seed-timeout-inspector');
});

test('a typo in the rules is answered at its line and column', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'labos-1', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'labos-1 rules' });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\niptables -A INPUT -p tcp --dprot 22 -j ACCEPT');
  const errors = page.getByRole('alert').filter({ hasText: 'line 4' });
  await expect(errors).toBeVisible({ timeout: 10_000 });
  await expect(errors).toContainText('column');
  await shot(page, 'rules-typo');
});

test('time travel: step back and forward', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' }).click();
  await playFast(page);
  await expect(consoleOutput(page, 'labos-1')).toContainText('Connected', { timeout: 15_000 });
  await pause(page);
  const rows = events(page).locator('tbody tr');
  // the last batch of the playing worker may still be on its way: wait for the list to settle
  let n = -1;
  await expect
    .poll(async () => {
      const before = n;
      n = await rows.count();
      return n === before;
    }, { intervals: [300, 300, 300, 500, 500, 1000] })
    .toBe(true);
  expect(n).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(rows).toHaveCount(n - 1);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(rows).toHaveCount(n - 2);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(rows).toHaveCount(n - 1);
  // keyboard: arrows step when not typing
  await page.locator('body').click({ position: { x: 5, y: 760 } });
  await page.keyboard.press('ArrowRight');
  await expect(rows).toHaveCount(n);
});

test('packets fly along the links as labelled cards with their state', async ({ page }) => {
  await openLab(page);
  // an example starts time by itself
  await page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' }).click();
  // at the default slow-motion speed the SYN takes a visible while to cross the first link
  const layer = page.locator('[data-testid="packet-layer"]');
  await expect(layer).toHaveAttribute('data-labels', /SYN/, { timeout: 10_000 });
  await expect(layer).not.toHaveAttribute('data-in-flight', '0');
  await shot(page, 'packet-in-flight');
  await pause(page);
});

test('a click on a packet card opens its hop in the inspector, also while it is still on the wire', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' }).click();
  // the example starts time: pause, and go back to the moment it was typed
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await pause(page);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const back = page.getByRole('button', { name: 'Step back' });
  while (await back.isEnabled()) await back.click();
  // one step: the SYN has reached the firewall (event 0) and is on its way to labos-2
  await page.getByRole('button', { name: 'Step forward' }).click();
  const layer = page.locator('[data-testid="packet-layer"]');
  await expect(layer).toHaveAttribute('data-hits', /\d+:\d+,\d+/, { timeout: 10_000 });
  const hits = (await layer.getAttribute('data-hits'))!.split(' ').map((h) => {
    const [id, xy] = h.split(':');
    const [x, y] = xy.split(',').map(Number);
    return { id, x, y };
  });
  // the SYN arriving at fw (event 0) and the same SYN on its way on: both open event 0
  expect(hits.map((h) => h.id)).toEqual(['0', '0']);
  const box = (await layer.boundingBox())!;
  const last = hits[hits.length - 1];
  await page.mouse.click(box.x + last.x, box.y + last.y);
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-event-id', last.id);
  await expect(inspector).toContainText('SYN');
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
});
