// (e) A student practises, then submits: a practice run is graded on the visible tests only, shown
// as practice and kept out of the grade book; the same files then submitted are graded on every
// test and counted. A student of their own, so that the other scenarios' lists stay as they were.
import assert from 'node:assert/strict';
import { ApiSession } from '../lib/api.mjs';
import { openPage, signIn } from '../lib/browser.mjs';
import { CORRECT_HELLO } from '../lib/fixtures.mjs';

export async function studentPractisesThenSubmits(browser, config, data) {
  const student = { username: `${data.run}-practiser`, password: data.student.password, displayName: 'Practiser E2E' };
  await data.admin.post('/accounts', { ...student, siteAdmin: false });
  await data.admin.put(`/courses/${data.course.id}/roster/${student.username}`, { role: 'STUDENT' });
  // The courses page reads the enrolments' read side, a moment behind the roster: wait until it lists the course.
  const api = await ApiSession.signIn(config.baseUrl, student.username, student.password);
  const listedBy = Date.now() + 30_000;
  while (!(await api.get('/courses')).some((c) => c.id === data.course.id)) {
    assert.ok(Date.now() < listedBy, `the new student's course list never showed ${data.course.id}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const hidden = data.hello.tests.filter((t) => t.visibility !== 'VISIBLE').length;
  assert.ok(hidden > 0, `the assignment has tests the student cannot see: ${JSON.stringify(data.hello.tests)}`);
  const gradeOf = async () => {
    const book = await data.admin.get(`/courses/${data.course.id}/gradebook`);
    return book.students.find((s) => s.username === student.username)?.grades?.[data.hello.id];
  };

  const page = await openPage(browser, config, 'practice');
  await signIn(page, student);
  await page.getByRole('link', { name: data.course.code }).click();
  await page.getByRole('link', { name: data.hello.title }).click();
  await page.getByRole('heading', { name: data.hello.title, level: 1 }).waitFor();
  await page.getByLabel('Your files').setInputFiles({ name: 'hello.c', mimeType: 'text/x-csrc', buffer: Buffer.from(CORRECT_HELLO) });

  const practised = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/assignments/${data.hello.id}/practice`));
  await page.getByRole('button', { name: 'Run on visible tests' }).click();
  const practice = await (await practised).json();
  assert.equal(practice.practice, true, `the run was accepted as practice: ${JSON.stringify(practice)}`);
  const live = page.locator(`section[aria-labelledby="live-${practice.id}"]`);
  await live.getByRole('heading', { name: /^Practice run / }).waitFor();
  await live.getByText('Practice, not counted').waitFor();
  await live.locator('[role=progressbar][aria-valuenow="100"]').waitFor({ timeout: config.gradingTimeout });
  await live.locator('.result-head').getByText('Accepted', { exact: true }).waitFor();
  await page.shoot('practice-result');

  const seen = await ApiSession.signIn(config.baseUrl, student.username, student.password);
  const graded = await seen.graded(practice.id, config.gradingTimeout);
  const visible = data.hello.tests.length - hidden;
  assert.equal(graded.result.tests.length, visible, `graded on the ${visible} visible tests only: ${JSON.stringify(graded.result)}`);
  assert.equal(graded.result.hiddenTests, 0, 'no hidden test was run, so none is held back');
  console.log(`    practice: graded ${graded.result.score} / ${graded.result.maxScore} on ${visible} visible tests`);
  assert.equal(await gradeOf(), undefined, 'the practice run is not in the grade book');

  // The files stay chosen: submitting them is the next step.
  const submitted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/assignments/${data.hello.id}/submissions`));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const submission = await (await submitted).json();
  assert.equal(submission.practice, false, `the submission counts: ${JSON.stringify(submission)}`);
  const counted = page.locator(`section[aria-labelledby="live-${submission.id}"]`);
  await counted.getByRole('heading', { name: /^Submission / }).waitFor();
  await counted.locator('[role=progressbar][aria-valuenow="100"]').waitFor({ timeout: config.gradingTimeout });
  await counted.locator('.result-head').getByText('Accepted', { exact: true }).waitFor();
  const full = await seen.graded(submission.id, config.gradingTimeout);
  assert.equal(full.result.tests.length + full.result.hiddenTests, data.hello.tests.length, `graded on every test: ${JSON.stringify(full.result)}`);

  // The history lists both, the practice run marked; the grade book has the submission only.
  const rows = page.locator('table.submissions tbody tr');
  await rows.nth(1).filter({ hasText: 'Practice, not counted' }).waitFor({ timeout: config.gradingTimeout });
  await rows.nth(0).filter({ hasText: 'Accepted' }).waitFor({ timeout: config.gradingTimeout });
  assert.equal(await rows.count(), 2);
  assert.doesNotMatch(await rows.nth(0).innerText(), /Practice/);
  const deadline = Date.now() + config.gradingTimeout;
  let grade = await gradeOf();
  while (grade?.submissionId !== submission.id && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    grade = await gradeOf();
  }
  assert.equal(grade?.submissionId, submission.id, `the grade book has the submission, not the practice run: ${JSON.stringify(grade)}`);
  console.log(`    submitted: graded ${full.result.score} / ${full.result.maxScore}; the grade book shows ${grade.finalScore}`);
  await page.shoot('practised-then-submitted');
  await page.context().close();
}
