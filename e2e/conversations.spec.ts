import { expect, test } from '@playwright/test';
import { consoleOutput, events, openLab, pause, playFast, shot, typeCommand } from './helpers';

const rows = (page: import('@playwright/test').Page) => events(page).locator('tbody tr');

test('a TCP close: FIN packets and the entry in TIME_WAIT', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'HTTP: open and close (curl)' }).click();
  await playFast(page);
  await expect(rows(page).filter({ hasText: 'FIN' }).first()).toBeVisible({ timeout: 15_000 });
  await pause(page);
  await page.getByRole('tab', { name: 'Conntrack table' }).click();
  await page.getByRole('button', { name: /^fw/ }).click();
  await expect(page.getByRole('region', { name: 'fw conntrack table' })).toContainText(/TIME_WAIT|CLOSE/);
  await shot(page, 'tcp-close');
});

test('UDP to a closed port: the ICMP port unreachable is RELATED', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'UDP to a closed port' }).click();
  await playFast(page);
  const icmp = rows(page).filter({ hasText: 'unreachable' }).first();
  await expect(icmp).toBeVisible({ timeout: 15_000 });
  await pause(page);
  await expect(icmp).toContainText('RELATED');
  await icmp.click();
  await expect(page.getByTestId('inspector')).toContainText('RELATED');
  await shot(page, 'udp-related');
});

test('ping: echo request NEW, reply ESTABLISHED', async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'ping -c 2 192.168.3.1');
  await playFast(page);
  await expect(consoleOutput(page, 'labos-1')).toContainText('2 received', { timeout: 15_000 });
  await pause(page);
  await expect(rows(page).filter({ hasText: 'echo reply' }).first()).toContainText('ESTABLISHED');
});

test('FTP with the helper on the firewall: the data connection is RELATED', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  // labos-1 without rules; the firewall stateful, with the FTP helper on the control connection
  await page.getByRole('button', { name: 'labos-1', exact: true }).click();
  const l1 = page.getByRole('textbox', { name: 'labos-1 rules' });
  await l1.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('rules-status')).toContainText('Applied');
  await page.getByRole('button', { name: 'fw', exact: true }).click();
  const fw = page.getByRole('textbox', { name: 'fw rules' });
  await fw.click();
  await page.keyboard.type(
    [
      'iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      'iptables -P FORWARD DROP',
      'iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A FORWARD -p tcp --dport 21 -m state --state NEW -j ACCEPT',
    ].join('\n'),
  );
  await expect(page.getByTestId('rules-status')).toContainText('Applied', { timeout: 10_000 });
  await expect(page.getByTestId('rules-listing')).toContainText('Chain FORWARD (policy DROP');
  await page.getByRole('button', { name: 'FTP active' }).click();
  await playFast(page);
  await expect(consoleOutput(page, 'labos-1')).toContainText('the FTP data connection', { timeout: 20_000 });
  await pause(page);
  await page.getByRole('combobox', { name: 'State' }).selectOption('RELATED');
  await expect(rows(page).first()).toContainText('RELATED');
  await rows(page).first().click();
  await expect(page.getByTestId('inspector').locator('article[data-node="fw"]')).toContainText('RELATED');
  await shot(page, 'ftp-related');
});

test('nmap XMAS scan: INVALID packets', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'nmap XMAS scan' }).click();
  await playFast(page);
  await expect(rows(page).filter({ hasText: 'INVALID' }).first()).toBeVisible({ timeout: 20_000 });
  await pause(page);
  await shot(page, 'nmap-invalid');
});

test('the language switch with the simulation running', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'labos-2 → labos-1:80 (nc)' }).click();
  await playFast(page);
  await expect(consoleOutput(page, 'labos-2')).toContainText('Ncat: TIMEOUT.', { timeout: 30_000 });
  await pause(page);
  await page.getByRole('button', { name: '中文' }).click();
  await rows(page).first().click();
  await expect(page.getByRole('tab', { name: '详情' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inspector')).toContainText('第一次见到这个元组');
  // tool output stays as printed
  await expect(consoleOutput(page, 'labos-2')).toContainText('Ncat: TIMEOUT.');
  await shot(page, 'zh-inspector');
});

test('the packet crafter sends one packet', async ({ page }) => {
  await openLab(page);
  await page.locator('.console[data-node="labos-1"]').getByRole('button', { name: 'Craft a packet…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Craft a packet' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'SYN' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'ACK' }).check();
  await shot(page, 'crafter');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog).toBeHidden();
  await playFast(page);
  await expect(rows(page).filter({ hasText: '[ACK]' }).first()).toBeVisible({ timeout: 10_000 });
});
