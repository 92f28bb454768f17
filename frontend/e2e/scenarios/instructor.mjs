// (b) An instructor creates an assignment and runs a regrade to completion; then a submission in
// full, the grade book, a roster import, and the student's code as staff read it.
import assert from 'node:assert/strict';
import { ApiSession } from '../lib/api.mjs';
import { openPage, signIn } from '../lib/browser.mjs';
import { CORRECT_HELLO } from '../lib/fixtures.mjs';

export async function instructorRegrades(browser, config, data) {
  const page = await openPage(browser, config, 'instructor');
  await signIn(page, data.instructor);
  await page.getByRole('link', { name: data.course.code }).click();
  await page.getByRole('link', { name: 'New assignment' }).click();
  await page.getByRole('heading', { name: 'New assignment', level: 1 }).waitFor();

  const id = `${data.run}-again`;
  const title = 'Hello again';
  await page.getByLabel('Id', { exact: true }).fill(id);
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill('The same greeting, graded again.');
  await page.getByLabel('Runner flavour', { exact: true }).fill(config.flavour);
  // The editor starts from the C hello world spec, as a form; a third test is added in the form,
  // and the JSON view's preview lists all three before saving.
  assert.equal(await page.getByRole('group', { name: /^Test \d+$/ }).count(), 2);
  assert.equal(await page.getByRole('group', { name: 'Test 1' }).getByLabel('Name').inputValue(), 'greets Ada');
  await page.getByRole('button', { name: 'Add a test' }).click();
  const third = page.getByRole('group', { name: 'Test 3' });
  await third.getByLabel('Name').fill('greets Alan');
  await third.getByLabel('Input (stdin)').fill('Alan\n');
  await third.getByLabel('Expected output').fill('Hello, Alan!\n');
  await page.shoot('editor-form');
  await page.getByLabel('As JSON').check();
  const preview = page.locator('table.spec-preview tbody tr');
  assert.equal(await preview.count(), 3);
  assert.match(await preview.nth(2).innerText(), /greets Alan/);
  await page.shoot('editor');
  await page.getByRole('button', { name: 'Create assignment' }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'Tests' }).locator('tbody tr').count(), 3);
  await page.shoot('draft');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('button', { name: 'Publish' }).waitFor({ state: 'detached' });
  assert.doesNotMatch(await page.getByRole('heading', { level: 1 }).innerText(), /Draft/);

  // A student's submission to regrade, made through the API.
  const student = await ApiSession.signIn(config.baseUrl, data.student.username, data.student.password);
  const submitted = await student.submit(id, { 'hello.c': CORRECT_HELLO });
  await student.graded(submitted.id, config.gradingTimeout);
  // A graded submission can be on the read side a moment later (grading takes a fraction of a
  // second now): a page loaded before that would rightly not list it yet.
  await student.listedGraded(id, submitted.id, config.gradingTimeout);
  await page.reload();
  await page.locator('table.submissions tbody tr', { hasText: data.student.username }).filter({ hasText: 'Accepted' }).waitFor({ timeout: config.gradingTimeout });

  // A regrade asks first; a new spec saved in the editor prompts for one.
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('group', { name: 'Test 3' }).getByLabel('Points').fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByText('You changed the tests (now version 2).', { exact: false }).waitFor();
  await page.shoot('regrade-prompt');
  await page.getByRole('button', { name: 'Regrade all' }).click();
  await page.getByRole('group', { name: 'Confirm the regrade' }).waitFor();
  await page.shoot('regrade-confirm');
  await page.getByRole('button', { name: 'Regrade all now' }).click();
  const bar = page.getByRole('progressbar', { name: 'Regrade progress' });
  await bar.waitFor();
  await page.shoot('regrading');
  await page.getByText(/^Regrade finished: \d+ of \d+ submissions$/).waitFor({ timeout: config.gradingTimeout });
  const [, done, total] = (await bar.getAttribute('aria-valuetext')).match(/(\d+) of (\d+)/);
  assert.ok(Number(total) >= 1 && done === total, `every submission was regraded: ${done} of ${total}`);
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  await page.shoot('regraded');
  // Every student's counted submission in one zip, a folder per student.
  const all = await page.request.get(await page.getByRole('link', { name: /Download every student/ }).getAttribute('href'));
  assert.equal(all.status(), 200);
  assert.equal(all.headers()['content-type'], 'application/zip');
  assert.ok((await all.body()).includes(Buffer.from(`${data.student.username}/hello.c`)), 'the student has a folder with their file');

  // The submission in full, as staff see it: the result, its attempts.
  await page.locator('table.submissions tbody tr', { hasText: data.student.username }).getByRole('link').first().click();
  await page.getByRole('heading', { name: /^Submission /, level: 1 }).waitFor();
  await page.locator('.result-head').getByText('Accepted', { exact: true }).waitFor();
  await page.getByRole('table', { name: 'Attempts' }).waitFor();
  await page.shoot('submission');
  const submissionUrl = page.url();

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: data.course.id }).click();
  await page.getByRole('link', { name: 'Grade book' }).click();
  const row = page.locator('tbody tr', { hasText: data.student.username });
  await row.waitFor();
  await page.getByRole('button', { name: /Total/ }).click();
  assert.equal(await page.getByRole('columnheader', { name: /Total/ }).getAttribute('aria-sort'), 'descending');
  assert.match(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'), /\/api\/v1\/courses\/[^/]+\/gradebook\.csv$/);
  await page.shoot('gradebook');

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: data.course.id }).click();
  await page.getByRole('link', { name: 'Roster' }).click();
  await page.getByLabel('Or paste it').fill(`username,display_name,role\n${data.run}-grace,Grace E2E,STUDENT\n`);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText('Enrolled 1.').waitFor();
  await page.locator('tbody tr', { hasText: `${data.run}-grace` }).first().waitFor();
  await page.shoot('roster');

  // The student's code, as staff read it: every line numbered, C keywords highlighted, a zip to download.
  await page.goto(submissionUrl);
  const code = page.locator('section.code-view');
  const lines = code.locator('table.code-lines tbody tr');
  await lines.first().waitFor();
  assert.equal(await lines.count(), CORRECT_HELLO.trimEnd().split('\n').length);
  assert.deepEqual(await code.locator('td.line-number').allInnerTexts(), CORRECT_HELLO.trimEnd().split('\n').map((_, i) => String(i + 1)));
  assert.equal(await lines.nth(5).locator('td.code-text').innerText(), '  printf("Hello, %s!\\n", name);');
  assert.ok((await code.locator('.tok-keyword').allInnerTexts()).includes('int'), 'C keywords are highlighted');
  assert.match(await code.getByRole('link', { name: 'Download as zip' }).getAttribute('href'), /\/api\/v1\/submissions\/[^/]+\/archive\.zip$/);
  await code.scrollIntoViewIfNeeded();
  await page.shoot('code');
  await page.context().close();
}
