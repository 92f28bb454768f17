// Debian's Chromium driven by playwright-core: no browser download, and no background network
// traffic (this machine's network is closed), with a fresh profile per launch (Playwright's own).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Errors the scenarios' pages reported (uncaught exceptions, console errors), oldest first. */
export const pageProblems = [];

export function launch(config) {
  return chromium.launch({ executablePath: config.chromium, headless: true, args: FLAGS });
}

/** A page in a fresh context (no cookies), with the scenario's screenshots numbered in order. */
export async function openPage(browser, config, scenario, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: config.baseUrl, viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`${scenario}: page error: ${e.message}`));
  // A 401 is how the app learns that nobody is signed in yet: not a problem.
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 401') && pageProblems.push(`${scenario}: console: ${m.text()}`));
  page.setDefaultTimeout(config.stepTimeout);
  await mkdir(config.screenshotDir, { recursive: true });
  let shot = 0;
  page.shoot = async (name) => {
    shot += 1;
    const path = join(config.screenshotDir, `${scenario}-${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
  return page;
}

/** Signs in through the sign-in page and waits for the courses page. */
export async function signIn(page, { username, password }) {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
}

/** Records every value the page's progress bars take from now on, with the section each sits in. */
export async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const note = () => {
      for (const bar of document.querySelectorAll('[role=progressbar]')) {
        // The section names the submission, so the bar of an earlier one is told apart.
        const section = bar.closest('section')?.getAttribute('aria-labelledby') ?? null;
        const value = { section, now: Number(bar.getAttribute('aria-valuenow')), text: bar.getAttribute('aria-valuetext') };
        const last = window.__progress.findLast((p) => p.section === section);
        if (!last || last.now !== value.now || last.text !== value.text) window.__progress.push(value);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext'] });
  });
}

export function progressSeen(page) {
  return page.evaluate(() => window.__progress);
}
