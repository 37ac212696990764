import { expect, test } from '@playwright/test';
import { consoleOutput, openLab, typeCommand } from './helpers';

test("first contact: the note's first command works without pressing Play", async ({ page }) => {
  await openLab(page);
  const log = consoleOutput(page, 'labos-1');
  // the first screen says what to type, in the console where it goes
  await expect(log).toContainText('Type nc -v 192.168.3.1 80 and press Enter');
  await typeCommand(page, 'labos-1', 'nc -v 192.168.3.1 80');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(log).toContainText('Ncat: Connected to 192.168.3.1:80.', { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screens/first-contact.png' });
});

test("the seed's timeout on labos-2 shows within 20 s at the default speed: quiet time is skipped visibly", async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-2', 'nc -v 192.168.1.1 80');
  await expect(page.getByTestId('quiet-note')).toContainText('s later', { timeout: 10_000 });
  await expect(consoleOutput(page, 'labos-2')).toContainText(/TIMEOUT|timed out/, { timeout: 20_000 });
});

test('nc: a typed HTTP request goes to the server, the empty line included, shown as typed without a prompt', async ({ page }) => {
  await openLab(page);
  const input = page.getByRole('textbox', { name: 'labos-1 console' });
  await typeCommand(page, 'labos-1', 'nc 192.168.3.1 80');
  const log = consoleOutput(page, 'labos-1');
  // nc runs: no prompt in front of the input
  await expect(page.locator('.console[data-node="labos-1"] .console-in .prompt')).toHaveCount(0);
  await input.fill('GET / HTTP/1.0');
  await input.press('Enter');
  await input.press('Enter');
  await expect(log).toContainText('HTTP/1.1 200 OK', { timeout: 15_000 });
  const typed = log.locator('.l-input');
  await expect(typed.nth(1)).toHaveText('GET / HTTP/1.0');
  await expect(typed.nth(1).locator('.prompt')).toHaveCount(0);
  // the server closes after answering; Ncat 7.93 still reads its input until ^D
  await input.press('Control+d');
  await expect(page.locator('.console[data-node="labos-1"] .console-in .prompt')).toHaveCount(1, { timeout: 15_000 });
});

test('Ctrl+C interrupts ping: it prints its statistics and the prompt comes back', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'ping 192.168.3.1');
  const log = consoleOutput(page, 'labos-1');
  await expect(log).toContainText('icmp_seq=2', { timeout: 15_000 });
  await page.getByRole('textbox', { name: 'labos-1 console' }).press('Control+c');
  await expect(log).toContainText('packets transmitted', { timeout: 5_000 });
  await expect(log.getByText('^C', { exact: true })).toHaveCount(1);
  await expect(page.locator('.console[data-node="labos-1"] .console-in .prompt')).toHaveCount(1);
});

test('a shell list and a pipe', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'false || echo fallback; ping -c 2 192.168.3.1 | grep -c ttl');
  const log = consoleOutput(page, 'labos-1');
  await expect(log).toContainText('fallback');
  await expect(log.locator('.l-output').last()).toHaveText('2', { timeout: 15_000 });
  await typeCommand(page, 'labos-1', 'sleep 30 &');
  await expect(log).toContainText(/\[1\] \d+/);
  await typeCommand(page, 'labos-1', 'jobs');
  await expect(log).toContainText('[1]+  Running                 sleep 30 &');
});

test('a second terminal on labos-1 and one on the firewall run beside an open nc', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'nc -v 192.168.3.1 22');
  await expect(consoleOutput(page, 'labos-1')).toContainText('SSH-2.0', { timeout: 15_000 });
  await page.getByRole('button', { name: 'New terminal on labos-1' }).click();
  await page.getByRole('button', { name: 'New terminal on fw' }).click();
  const fw = page.getByRole('textbox', { name: 'fw console' });
  await fw.fill('conntrack -L');
  await fw.press('Enter');
  await expect(page.getByRole('log', { name: 'fw console output' })).toContainText('ESTABLISHED src=192.168.1.1 dst=192.168.3.1');
  const second = page.getByRole('textbox', { name: 'labos-1 console 2' });
  await second.fill('ss -tan | grep ESTAB');
  await second.press('Enter');
  await expect(page.getByRole('log', { name: 'labos-1 2 console output' })).toContainText(':22');
  // nc still holds the first terminal: no prompt there
  await expect(page.locator('.console[data-node="labos-1"][data-tty="1"] .console-in .prompt')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/terminals.png' });
});

test('Space on a focused example button plays or pauses; it does not run the example again', async ({ page }) => {
  await openLab(page);
  const example = page.getByRole('button', { name: 'labos-1 → labos-2:80 (nc)' });
  await example.click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await example.focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(consoleOutput(page, 'labos-1')).toContainText('Connected', { timeout: 15_000 });
  await expect(consoleOutput(page, 'labos-1').locator('.l-input')).toHaveCount(1);
});

test('a failure in the simulation shows a banner, stops playing, and reloads at the last good moment without losing work', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'nc -v 192.168.3.1 22');
  const log = consoleOutput(page, 'labos-1');
  await expect(log).toContainText('SSH-2.0', { timeout: 15_000 });
  const draft = page.getByRole('textbox', { name: 'labos-2 console' });
  await draft.fill('ping -c 1 192.168.1.1');
  // while playing, the session is checkpointed every 2 s
  await page.waitForTimeout(2500);
  await page.evaluate(() => (window as unknown as { __conntrackLabDebug: { send(r: unknown): void } }).__conntrackLabDebug.send({ type: 'debugThrow', message: 'injected fault' }));
  const banner = page.getByRole('alert').filter({ hasText: 'injected fault' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await banner.getByRole('button', { name: 'Reload at the last good moment' }).click();
  await expect(banner).toHaveCount(0);
  await expect(log).toContainText('SSH-2.0', { timeout: 15_000 });
  await expect(draft).toHaveValue('ping -c 1 192.168.1.1');
});
