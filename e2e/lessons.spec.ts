import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';

const LESSONS = 11;

const words = {
  en: { lang: 'English', run: /Run$/, predict: 'Prediction', check: 'Check', answered: /Right!|Not this time/, next: /^(Next|Next lesson|Finish the course) →$/, nav: 'Lessons', done: '✓ done', speed: 'Speed' },
  zh: { lang: '中文', run: /运行$/, predict: '预测', check: '检查', answered: /答对了！|这次不对/, next: /^(下一步|下一课|完成课程) →$/, nav: '课程', done: '✓ 已完成', speed: 'Speed' },
};

async function fast(page: Page, speedName: string) {
  await page.getByRole('slider', { name: speedName }).fill('100');
}

/** Goes through the open lesson to its end: Run, predict, Check, Next. Returns the number of predictions. */
async function playLessonSteps(page: Page, w: (typeof words)['en'], n: number): Promise<number> {
  const lesson = page.locator('.lesson-view');
  const count = lesson.locator('.lesson-progress .count');
  await expect(count).toHaveText(/^1 \/ \d+$/);
  const total = Number((await count.textContent())!.split('/')[1]);
  let asked = 0;
  for (let s = 1; s <= total; s++) {
    await expect(count, `lesson ${n}`).toHaveText(`${s} / ${total}`);
    const run = lesson.getByRole('button', { name: w.run });
    if (await run.count()) await run.click();
    const group = lesson.getByRole('radiogroup', { name: w.predict });
    if (await group.count()) {
      asked++;
      await group.getByRole('radio').first().check();
      const check = lesson.getByRole('button', { name: w.check });
      await expect(check, `lesson ${n} step ${s}: the packet is held`).toBeEnabled({ timeout: 30_000 });
      await check.click();
      await expect(lesson.locator('.predict-answer'), `lesson ${n} step ${s}: the answer`).toContainText(w.answered, { timeout: 30_000 });
      await expect(lesson.locator('.predict-answer .reasons li').first()).toBeVisible();
    }
    await lesson.getByRole('button', { name: w.next }).click();
  }
  return asked;
}

for (const lang of ['en', 'zh'] as const) {
  test(`every lesson start to finish, with its predictions (${lang})`, async ({ page }) => {
    test.setTimeout(240_000);
    const w = words[lang];
    await page.goto('/#lesson=1&step=1');
    if (lang === 'zh') await page.getByRole('button', { name: '中文' }).click();
    await fast(page, w.speed);
    for (let n = 1; n <= LESSONS; n++) {
      await expect(page.locator('#lesson-title')).toHaveText(new RegExp(`^${n}\\. `), { timeout: 15_000 });
      if (n === 1 || n === 8) await shot(page, `lesson-${n}-${lang}`);
      await playLessonSteps(page, w, n);
    }
    // the last Next closes the course: the list shows every lesson done, with its score
    const nav = page.getByRole('navigation', { name: w.nav });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole('listitem').filter({ hasText: w.done })).toHaveCount(LESSONS);
    await expect(nav.getByRole('listitem').first()).toContainText(/\d\/5/);
    await shot(page, `course-done-${lang}`);
  });
}

test('a lesson link opens that lesson at that step; progress stays across a reload; a bad link says why', async ({ page }) => {
  await page.goto('/#lesson=3&step=2');
  await expect(page.locator('#lesson-title')).toHaveText('3. The TCP 3-way handshake', { timeout: 15_000 });
  await expect(page.locator('.lesson-progress .count')).toHaveText('2 / 3');
  await page.keyboard.press('n');
  await expect(page.locator('.lesson-progress .count')).toHaveText('3 / 3');
  await expect(page).toHaveURL(/#lesson=3&step=3$/);
  await page.reload();
  await expect(page.locator('.lesson-progress .count')).toHaveText('3 / 3', { timeout: 15_000 });
  await page.getByRole('button', { name: '← All lessons' }).click();
  await expect(page.getByRole('navigation', { name: 'Lessons' }).getByRole('listitem').nth(2)).toContainText('step 3');

  await page.goto('/#lesson=12&step=1');
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('lesson=12: there are lessons 1 to 11', { timeout: 15_000 });
  await page.goto('/#lesson=3&step=9');
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('step=9: lesson 3 has 3 steps', { timeout: 15_000 });
});
