// The accessibility statement (accessibility.html): a static page, reachable from the footer
// and without JavaScript, styled like the app, under the same policy.
import { test, expect, openApp } from './fixtures.js';

const SECTIONS = [
  'How accessible this website is',
  'Feedback and contact information',
  'Reporting accessibility problems with this website',
  'Enforcement procedure',
  'Technical information about this website’s accessibility',
  'Compliance status',
  'Non-accessible content',
  'What we’re doing to improve accessibility',
  'Preparation of this accessibility statement',
];

test('the footer links to the statement, which has the model sections and leads back', async ({ page, baseURL }) => {
  await openApp(page);
  await page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click();
  await expect(page).toHaveURL(`${baseURL}accessibility.html`);
  await expect(page).toHaveTitle('Accessibility statement – Safer Trends');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for Safer Trends');
  const headings = await page.locator('h2, h3').allTextContents();
  expect(headings).toEqual(expect.arrayContaining(SECTIONS));
  await expect(page.getByText(/Web Content Accessibility Guidelines version 2\.2/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Equality Advisory and Support Service (EASS)' })).toBeVisible();
  // What the council must fill in is marked, and says so.
  const marks = await page.locator('mark').allTextContents();
  expect(marks.length).toBeGreaterThan(5);
  for (const mark of marks) expect(mark).toMatch(/^\[To complete: /);
  // The app's stylesheet applies (the build links the hashed file, with its integrity hash).
  await expect(page.locator('.site-header')).toHaveCSS('background-color', 'rgb(18, 67, 109)');
  await page.getByRole('link', { name: 'Back to Safer Trends' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the page says what it needs and links to the statement, which still works', async ({ page }) => {
    await page.goto('./');
    // Playwright's text and role matching skip <noscript>, so its elements are named here.
    await expect(page.locator('noscript p').first()).toHaveText(/^Safer Trends needs JavaScript and WebAssembly/);
    const link = page.locator('noscript a');
    await expect(link).toHaveText('Accessibility statement');
    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for Safer Trends');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeAttached();
  });
});
