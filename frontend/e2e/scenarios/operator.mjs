// (c) An operator sees the runner nodes by name with their health, the queue, the jobs counted,
// and charts of the scheduler's own history, which hold data from before the page opened.
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
  // Run alone, this scenario may start before the runner node has asked for work.
  await eventually(async () => {
    const nodes = Number((await pool.locator('td').first().innerText()).trim());
    assert.ok(nodes >= 1, `a runner node serves ${config.flavour}: ${await pool.innerText()}`);
  }, 30_000);
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
  // And they are the API's numbers, as rounded for reading.
  await eventually(async () => {
    const waits = (await admin.get('/queues')).flavours.find((f) => f.flavour === config.flavour).waits;
    const shown = (await queueRow.locator('td').last().innerText()).split(' / ');
    [waits.p50, waits.p90, waits.p99].forEach((millis, i) => assert.ok(shows(shown[i], millis), `the page shows ${shown[i]} for ${millis} ms`));
  }, 20_000);
  // The jobs completed the page shows are the API's own count (the same counter /metrics exports).
  const completedRow = page.locator('table.completed tbody tr', { hasText: config.flavour }).first();
  await eventually(async () => {
    const counted = completedOf(await admin.get('/telemetry'), config.flavour);
    assert.ok(counted >= 3, `the API counts the jobs just graded: ${counted}`);
    assert.equal(Number((await completedRow.locator('td').nth(1).innerText()).trim()), counted);
  }, 20_000);
  // The runner node is shown by its name, healthy, with its slots, as the API reports it.
  const telemetry = await admin.get('/telemetry');
  const node = telemetry.nodes.find((n) => n.health.flavour === config.flavour);
  assert.ok(node, `a runner node of ${config.flavour} reports its health: ${JSON.stringify(telemetry.nodes)}`);
  const healthRow = page.locator('table.node-health tbody tr', { hasText: node.health.node }).first();
  await healthRow.waitFor();
  assert.match(await healthRow.innerText(), node.healthy ? /\bhealthy\b/ : /unhealthy/);
  assert.equal(Number((await healthRow.locator('td').nth(1).innerText()).trim()), node.health.slots);
  assert.match(await page.locator('table.members tbody tr', { hasText: node.health.address }).first().innerText(), new RegExp(node.health.node));

  // The history is the scheduler's: once it holds these jobs, a freshly loaded page charts them at once.
  await eventually(async () => {
    const history = await admin.get('/telemetry/history');
    assert.ok(history.points.some((p) => (p.verdicts.ACCEPTED ?? 0) > 0), `the history holds the accepted jobs: ${history.points.length} points`);
  }, 30_000);
  await page.reload();
  await page.getByRole('heading', { name: 'History', level: 2 }).waitFor({ timeout: 10_000 });
  const verdicts = page.locator('figure.chart', { hasText: 'Verdicts' });
  assert.match(await verdicts.locator('.chart-legend').innerText(), /ACCEPTED/);
  const throughput = await page.locator('figure.chart', { hasText: 'Throughput' }).locator('polyline').first().getAttribute('points');
  // A point above the x axis (y 176 in the chart's 200-high box) is an interval with jobs completed.
  assert.ok(throughput.split(' ').some((xy) => Number(xy.split(',')[1]) < 176), `the throughput chart shows the jobs at load: ${throughput}`);
  await page.shoot('cluster');
  await page.context().close();
}

/** Whether a duration as the page words it ("850 ms", "12 s", "about 3 min") stands for these milliseconds. */
function shows(text, millis) {
  const [, about, n, unit] = /^(about )?(\d+) (ms|s|min|h)$/.exec(text.trim()) ?? [];
  if (n === undefined) return false;
  const scale = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[unit];
  return Math.abs(millis - Number(n) * scale) <= (unit === 'ms' ? 0.5 : scale / 2) && (about !== undefined) === (unit === 'min' || unit === 'h');
}

function completedOf(telemetry, flavour) {
  const counter = telemetry.counters.find((c) => c.name === 'autograder_jobs_completed_total');
  return (counter?.samples ?? []).filter((s) => s.labels.flavour === flavour).reduce((sum, s) => sum + s.value, 0);
}

/** Runs the check until it passes, or throws its last failure after the timeout. */
async function eventually(check, timeoutMillis) {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    try {
      return await check();
    } catch (failure) {
      if (Date.now() > deadline) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
