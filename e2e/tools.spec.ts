import { expect, test } from '@playwright/test';
import { consoleOutput, openLab, typeCommand } from './helpers';

test('tcpdump in a second terminal sees the seed connection; Ctrl+C prints the capture summary', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'New terminal on labos-1' }).click();
  const second = page.getByRole('textbox', { name: 'labos-1 console 2' });
  await second.fill('tcpdump -n -i eth0 tcp port 80');
  await second.press('Enter');
  const capture = page.getByRole('log', { name: 'labos-1 2 console output' });
  await expect(capture).toContainText('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
  const first = page.getByRole('textbox', { name: 'labos-1 console', exact: true });
  await first.fill('nc -v 192.168.3.1 80');
  await first.press('Enter');
  await expect(page.getByRole('log', { name: 'labos-1 console output', exact: true })).toContainText('Ncat: Connected to 192.168.3.1:80.', { timeout: 15_000 });
  await expect(capture).toContainText(/IP 192\.168\.1\.1\.\d+ > 192\.168\.3\.1\.80: Flags \[S\], seq \d+, win 64240/, { timeout: 10_000 });
  await expect(capture).toContainText(/IP 192\.168\.3\.1\.80 > 192\.168\.1\.1\.\d+: Flags \[S\.\]/);
  await expect(capture).toContainText(/Flags \[\.\], ack 1, win/);
  await second.press('Control+c');
  await expect(capture).toContainText('3 packets captured', { timeout: 5_000 });
  await expect(capture).toContainText('3 packets received by filter');
  await expect(capture).toContainText('0 packets dropped by kernel');
  await expect(page.locator('.console[data-node="labos-1"][data-tty="2"] .console-in .prompt')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/tcpdump.png' });
});

test('traceroute to labos-2 shows the firewall, then labos-2', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'traceroute labos-2');
  const log = consoleOutput(page, 'labos-1');
  await expect(log).toContainText('traceroute to labos-2 (192.168.3.1), 30 hops max, 60 byte packets');
  await expect(log).toContainText(/ 1 {2}fw \(192\.168\.1\.254\) {2}[\d.]+ ms {2}[\d.]+ ms {2}[\d.]+ ms/, { timeout: 20_000 });
  await expect(log).toContainText(/ 2 {2}labos-2 \(192\.168\.3\.1\) {2}[\d.]+ ms/, { timeout: 20_000 });
  await expect(page.locator('.console[data-node="labos-1"][data-tty="1"] .console-in .prompt')).toHaveCount(1, { timeout: 20_000 });
});
