// (c) An operator sees the runner node and the queue, and the charts fill as the page polls.
import assert from 'node:assert/strict';
import { openPage, signIn } from '../lib/browser.mjs';
import { CORRECT_HELLO } from '../lib/fixtures.mjs';
import { ApiSession } from '../lib/api.mjs';

export async function operatorWatches(browser, config, data) {
  const page = await openPage(browser, config, 'operator');
  await signIn(page, { username: config.adminUsername, password: config.adminPassword });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cluster' }).click();
  await page.getByRole('heading', { name: 'Cluster', level: 1 }).waitFor();

  const runner = page.locator('table.members tbody tr', { hasText: 'runner' }).first();
  await runner.waitFor();
  assert.match(await runner.innerText(), /\breachable\b/);
  assert.doesNotMatch(await runner.innerText(), /unreachable/);
  const pool = page.locator('table.runners tbody tr', { hasText: config.flavour }).first();
  await pool.waitFor();
  const nodes = Number((await pool.locator('td').first().innerText()).trim());
  assert.ok(nodes >= 1, `a runner node serves ${config.flavour}: ${await pool.innerText()}`);
  await page.locator('table.queues tbody tr', { hasText: config.flavour }).first().waitFor();

  // Some work for the queue while the page watches it.
  const student = await ApiSession.signIn(config.baseUrl, data.student.username, data.student.password);
  const submitted = await Promise.all([1, 2, 3].map(() => student.submit(data.hello.id, { 'hello.c': CORRECT_HELLO })));
  await Promise.all(submitted.map((s) => student.graded(s.id, config.gradingTimeout)));
  // The wait percentiles the page shows are the ones the API reports (they once read a field the API never sent).
  const admin = await ApiSession.signIn(config.baseUrl, config.adminUsername, config.adminPassword);
  const reported = (await admin.get('/queues')).flavours.find((f) => f.flavour === config.flavour);
  assert.ok(reported.waits.jobs >= 3, `the API counts the jobs just started: ${JSON.stringify(reported.waits)}`);
  const queueRow = page.locator('table.queues tbody tr', { hasText: config.flavour }).first();
  await page.waitForFunction(
    (flavour) => [...document.querySelectorAll('table.queues tbody tr')].some((row) => row.textContent.includes(flavour) && !row.lastElementChild.textContent.includes('—')),
    config.flavour,
    { timeout: 20_000 },
  );
  assert.match(await queueRow.locator('td').last().innerText(), /^\S.* \/ .* \/ .*$/);
  // The charts keep a sample per poll: wait for a few.
  const depth = page.getByRole('img', { name: /^Queue depth/ });
  await page.waitForFunction(() => (document.querySelector('.chart polyline')?.getAttribute('points') ?? '').split(' ').length >= 3, null, {
    timeout: 20_000,
  });
  assert.match(await depth.getAttribute('aria-label'), new RegExp(config.flavour));
  await page.shoot('cluster');
  await page.context().close();
}
