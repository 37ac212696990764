import { expect, test } from '@playwright/test';
import { openLab, shot, typeCommand } from './helpers';

test("a rule added in labos-1's console appears in the rules editor, flagged when it can never match", async ({ page }) => {
  await openLab(page);
  await typeCommand(page, 'labos-1', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT');
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'labos-1', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'labos-1 rules' });
  await expect(editor).toContainText('iptables -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', { timeout: 10_000 });
  // after `-A INPUT -j DROP` it can never match: the engine's lint says so, naming that line
  await expect(page.locator('.cm-lintRange-warning')).toHaveCount(1, { timeout: 10_000 });
  await shot(page, 'rules-from-console');
});

test('an unsaved edit is not overwritten by a console change: reload or keep mine', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'fw', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'fw rules' });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.type('iptables -A FORWARD -p icmp -j DROP');
  await expect(page.getByTestId('rules-status')).toContainText('Applied', { timeout: 10_000 });
  await page.getByRole('button', { name: 'New terminal on fw' }).click();
  await typeCommand(page, 'fw', 'iptables -A FORWARD -p udp -j DROP');
  const conflict = page.getByTestId('rules-conflict');
  await expect(conflict).toBeVisible({ timeout: 10_000 });
  await expect(editor).toContainText('-p icmp');
  await expect(editor).not.toContainText('-p udp');
  await shot(page, 'rules-conflict');
  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(editor).toContainText('iptables -A FORWARD -p udp -j DROP');
  await expect(editor).toContainText('iptables -A FORWARD -p icmp -j DROP');
  await expect(conflict).toBeHidden();
});
