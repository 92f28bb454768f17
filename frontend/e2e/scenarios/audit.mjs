// (d) An instructor grants a student an extension, then reads it in the course's audit log: who
// granted it, to whom, on which assignment and until when, found with the log's filters.
import assert from 'node:assert/strict';
import { ApiSession } from '../lib/api.mjs';
import { openPage, signIn } from '../lib/browser.mjs';

export async function instructorReadsTheAuditLog(browser, config, data) {
  const instructor = await ApiSession.signIn(config.baseUrl, data.instructor.username, data.instructor.password);
  const dueAt = new Date(Date.now() + 9 * 24 * 3600 * 1000);
  dueAt.setUTCSeconds(0, 0);
  await instructor.put(`/assignments/${encodeURIComponent(data.hello.id)}/extensions/${data.student.username}`, { dueAt: dueAt.toISOString() });

  const page = await openPage(browser, config, 'instructor-audit');
  await signIn(page, data.instructor);
  await page.getByRole('link', { name: data.course.code }).click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  await page.getByRole('option', { name: data.hello.title }).waitFor({ state: 'attached' });
  await page.getByLabel('Assignment', { exact: true }).selectOption(data.hello.id);
  await page.getByLabel('Student', { exact: true }).fill(data.student.username);

  // The log is a read side, a moment behind the grant: ask again until the entry is there. The
  // summary names the filters the table answers, so an earlier unfiltered table is never read.
  const row = page.locator('tbody tr', { hasText: 'Extension granted' });
  const answered = page.getByText(new RegExp(`^\\d+ entr(y|ies) on ${data.hello.title} for ${data.student.username}$`));
  const deadline = Date.now() + config.stepTimeout;
  do {
    await page.getByRole('button', { name: 'Show' }).click();
    await answered.waitFor();
    if (await row.count() > 0) break;
    await page.waitForTimeout(300);
  } while (Date.now() < deadline);
  assert.equal(await row.count(), 1, `one extension in the log: ${await page.locator('main').innerText()}`);
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[1], data.instructor.username, `the instructor granted it: ${cells}`);
  assert.equal(cells[2], data.hello.title, `on the assignment: ${cells}`);
  assert.equal(cells[3], data.student.username, `to the student: ${cells}`);
  assert.match(cells[4], /^due /, `with its new due date: ${cells}`);
  assert.equal(await row.locator('time').first().getAttribute('datetime') !== null, true);
  // Filtered by the student, every entry is about them; the assignment's link leads to it.
  for (const student of await page.locator('tbody tr td:nth-child(5)').allInnerTexts()) assert.equal(student, data.student.username);
  assert.equal(await row.getByRole('link', { name: data.hello.title }).getAttribute('href'), `#/assignments/${data.hello.id}`);
  await page.shoot('extension');
  await page.context().close();
}
