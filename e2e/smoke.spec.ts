import { test, expect } from '@playwright/test';

test('the page opens with its title', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Conntrack Lab' })).toBeVisible();
});
