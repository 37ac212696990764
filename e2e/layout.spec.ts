import { expect, test } from '@playwright/test';
import { expectPanelsApart, openFixture } from './helpers';

// The layout with hand-written data (openFixture): no simulation needed.
test('the layout shows every panel without overlap (fixture data)', async ({ page }) => {
  await openFixture(page);
  await expect(page.getByRole('heading', { name: 'Conntrack Lab' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'State diagram' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'labos-1 console' })).toBeVisible();
  await expect(page.getByRole('log', { name: 'labos-2 console output' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Speed' })).toBeVisible();
  await expectPanelsApart(page);
  await page.screenshot({ path: 'test-results/screens/fixture-1366.png' });
  await page.getByRole('table', { name: 'Events' }).getByRole('row').nth(3).click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/fixture-inspector-1366.png' });
  await page.getByRole('tab', { name: 'Conntrack table' }).click();
  await expect(page.getByRole('region', { name: 'fw conntrack table' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/fixture-conntrack-1366.png' });
  await page.getByRole('tab', { name: 'Rules' }).click();
  await expect(page.getByRole('textbox', { name: 'fw rules' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/fixture-rules-1366.png' });
});

test.describe('on a 1920x1080 projector', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  test('the layout scales up (fixture data)', async ({ page }) => {
    await openFixture(page);
    await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();
    await page.getByRole('table', { name: 'Events' }).getByRole('row').nth(3).click();
    await expectPanelsApart(page);
    await page.screenshot({ path: 'test-results/screens/fixture-1920.png' });
  });
});

test('the language switch turns the interface to Chinese and back (fixture data)', async ({ page }) => {
  await openFixture(page);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('tab', { name: '课程' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '课程' })).toContainText('为什么需要状态');
  // commands and tool output stay as the tools print them
  await expect(page.getByRole('log', { name: 'labos-1 console output' })).toContainText('nc -v 192.168.3.1 80');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/fixture-zh-1366.png' });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('tab', { name: 'Lesson' })).toBeVisible();
});
