/**
 * On a phone (390 × 844, touch; issue #15): no page scrolls sideways, every task is one tap away in the bottom
 * bar, the image tasks offer the camera and no desktop hints, and the result of a run is on screen without the
 * user scrolling.
 */
import { test, expect, image, startRun } from './helpers';

/** The five tasks (route and heading), as in src/features/registry.ts (not imported: it loads the panels). */
const FEATURES = [
  { route: '/classify-image', title: 'Classify images' },
  { route: '/detect', title: 'Detect objects' },
  { route: '/ocr', title: 'Read text (OCR)' },
  { route: '/summarize', title: 'Summarize' },
  { route: '/classify-text', title: 'Classify text' },
];

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

const PAGES = [...FEATURES.map((f) => f.route), '/storage', '/settings', '/share'];

test('no page is wider than the screen', async ({ page }) => {
  for (const route of PAGES) {
    await page.goto(`/#${route}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    expect(scroll, `${route}: page width ${scroll} px on a ${width} px screen`).toBeLessThanOrEqual(width);
  }
});

test('every task is one tap away in the bottom bar; Storage and Settings are behind More', async ({ page }) => {
  await page.goto('/#/classify-image');
  const bar = page.getByTestId('bottombar');
  await expect(bar).toBeInViewport();
  await expect(page.getByRole('navigation', { name: 'Tasks', exact: true })).toBeHidden();
  for (const f of FEATURES) {
    await page.goto('/#/storage');
    await bar.locator(`a[href="#${f.route}"]`).tap();
    await expect(page.locator('main h1').first()).toHaveText(f.title === 'Summarize' ? /Summari[sz]e/ : f.title);
    await expect(bar.locator(`a[href="#${f.route}"]`)).toHaveAttribute('aria-current', 'page');
  }
  for (const name of ['Storage', 'Settings']) {
    await bar.getByRole('button', { name: 'More' }).tap();
    await bar.getByRole('link', { name }).tap();
    await expect(page.locator('main h1').first()).toContainText(name);
  }
});

test('the image tasks offer the camera, hide desktop hints, and show the result without scrolling', async ({ page }) => {
  await page.goto('/#/detect');
  const camera = page.getByTestId('camera-input');
  await expect(camera).toHaveAttribute('capture', 'environment');
  await expect(page.getByText('Take a photo')).toBeVisible();
  await expect(page.getByText('paste one (Ctrl/⌘+V)')).toBeHidden();
  await startRun(page, image('yolox_dog.jpg'));
  const result = page.locator('[data-testid="result"][data-file="yolox_dog.jpg"]');
  await expect(result.getByTestId('label').first()).toBeVisible({ timeout: 90_000 });
  // The photo fits the screen's width, and the page scrolled to it by itself.
  await expect(result.locator('img').first()).toBeInViewport({ ratio: 0.5 });
  const box = (await result.locator('img').first().boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
});
