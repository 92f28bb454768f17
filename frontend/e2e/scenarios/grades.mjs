// (e) Grades: on an assignment that counts the best submission, a student's later wrong solution
// does not lower their grade; a TA reads that wrong solution's code and adjusts its score with a
// comment; the student does not see the comment until the instructor publishes the grades, then
// reads it on the submission.
import assert from 'node:assert/strict';
import { ApiSession } from '../lib/api.mjs';
import { openPage, signIn } from '../lib/browser.mjs';
import { CORRECT_HELLO, WRONG_HELLO } from '../lib/fixtures.mjs';

const COMMENT = 'The comma is missing from the greeting, but the input handling is right: one point back.';

export async function taAdjustsAndTheStudentReadsTheCommentOncePublished(browser, config, data) {
  const ta = { username: `${data.run}-tess`, password: data.student.password, displayName: 'Tess TA' };
  await data.admin.post('/accounts', { ...ta, siteAdmin: false });
  await data.admin.put(`/courses/${data.course.id}/roster/${ta.username}`, { role: 'TA' });
  const assignment = await helloAssignment(config, data, `${data.run}-best`, 'Hello again, C', 'BEST');
  const student = await ApiSession.signIn(config.baseUrl, data.student.username, data.student.password);
  const correct = await student.submit(assignment.id, { 'hello.c': CORRECT_HELLO });
  await student.listedGraded(assignment.id, correct.id, config.gradingTimeout);
  const wrong = await student.submit(assignment.id, { 'hello.c': WRONG_HELLO });
  const wrongGraded = await student.listedGraded(assignment.id, wrong.id, config.gradingTimeout);
  const best = (await student.get(`/assignments/${assignment.id}/submissions`)).find((s) => s.counted);
  assert.equal(best?.id, correct.id, `the 2 of 2 counts, not the later wrong one: ${JSON.stringify(best)}`);

  // The TA finds the wrong submission on the assignment's list, reads its code and adjusts its score.
  const page = await openPage(browser, config, 'grades');
  await signIn(page, ta);
  await page.getByRole('link', { name: data.course.code }).click();
  await page.getByRole('link', { name: assignment.title }).click();
  const rows = page.locator('table.submissions tbody tr');
  await rows.filter({ hasText: 'Wrong answer' }).first().waitFor();
  await rows.filter({ hasText: 'Wrong answer' }).getByRole('link').first().click();
  await page.getByRole('heading', { name: `Submission ${wrong.id}`, level: 1 }).waitFor();
  const code = page.locator('section.code-view');
  await code.locator('table.code-lines tbody tr').first().waitFor();
  assert.match(await code.innerText(), /Hello %s/, 'the TA reads the wrong solution');
  await page.getByLabel('How', { exact: true }).selectOption('add');
  await page.getByLabel('Points', { exact: true }).fill('1');
  await page.getByLabel('Comment for the student').fill(COMMENT);
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await page.getByRole('status').filter({ hasText: 'Adjustment saved.' }).waitFor();
  const inForce = await page.getByText(/^In force:/).innerText();
  assert.match(inForce, new RegExp(`\\+1 points, by ${ta.username}`), `who adjusted it: ${inForce}`);
  const expected = Math.min(wrongGraded.maxScore, wrongGraded.score + 1);
  const facts = await page.locator('dl.facts').innerText();
  assert.match(facts, new RegExp(`Final score\\s+${expected}`), `the final score is adjusted: ${facts}`);
  await page.locator('section.adjustment').scrollIntoViewIfNeeded();
  await page.shoot('ta-adjusts');

  // Before publishing, the student sees the grader's score and no comment.
  const mine = await openPage(browser, config, 'grades-student');
  await signIn(mine, data.student);
  await mine.goto(`/#/submissions/${wrong.id}`);
  await mine.getByRole('heading', { name: `Submission ${wrong.id}`, level: 1 }).waitFor();
  await mine.locator('dl.facts').waitFor();
  assert.equal(await mine.getByRole('heading', { name: 'Score adjusted by staff' }).count(), 0, 'no comment before publishing');
  assert.equal(await mine.getByText(COMMENT).count(), 0);

  // The instructor publishes the grades in the editor.
  const instructor = await openPage(browser, config, 'grades-instructor');
  await signIn(instructor, data.instructor);
  await instructor.goto(`/#/assignments/${assignment.id}/edit`);
  const published = instructor.getByLabel('Grades published');
  await published.check();
  assert.equal(await instructor.getByLabel('Which submission counts').inputValue(), 'BEST');
  await instructor.getByRole('button', { name: 'Save changes' }).click();
  await instructor.getByRole('heading', { name: assignment.title, level: 1 }).waitFor();
  await instructor.context().close();

  // Now the student reads the comment and the adjusted score, and the page says which submission counts.
  await mine.reload();
  await mine.getByRole('heading', { name: 'Score adjusted by staff' }).waitFor();
  await mine.getByText(COMMENT).waitFor();
  assert.match(await mine.locator('dl.facts').innerText(), new RegExp(`Final score\\s+${expected}`));
  await mine.locator('.adjustment-note').scrollIntoViewIfNeeded();
  await mine.shoot('student-reads-comment');
  await mine.goto(`/#/assignments/${assignment.id}`);
  const gradeLine = mine.locator('.grade-line');
  await gradeLine.waitFor();
  assert.match(await gradeLine.innerText(), /^Your grade: \d+(\.\d+)? \/ \d+ \(counts: submission #1, best\)$/);
  console.log(`    ${await gradeLine.innerText()}`);

  // Where the student picks: the earlier, correct submission is made the one that counts.
  const chosen = await helloAssignment(config, data, `${data.run}-chosen`, 'Hello, your pick', 'CHOSEN');
  const first = await student.submit(chosen.id, { 'hello.c': CORRECT_HELLO });
  await student.listedGraded(chosen.id, first.id, config.gradingTimeout);
  const second = await student.submit(chosen.id, { 'hello.c': WRONG_HELLO });
  await student.listedGraded(chosen.id, second.id, config.gradingTimeout);
  await mine.goto(`/#/assignments/${chosen.id}`);
  const pickLine = mine.locator('.grade-line');
  await pickLine.filter({ hasText: /\(counts: submission #2, chosen\)$/ }).waitFor();
  await mine.getByRole('button', { name: 'Count this one: submission #1' }).click();
  await pickLine.filter({ hasText: /\(counts: submission #1, chosen\)$/ }).waitFor({ timeout: config.gradingTimeout });
  const counted = (await student.get(`/assignments/${chosen.id}/submissions`)).find((s) => s.counted);
  assert.equal(counted?.id, first.id, `the picked submission counts: ${JSON.stringify(counted)}`);
  await mine.shoot('student-picks');
  console.log(`    after the pick: ${await pickLine.innerText()}`);
  // The course page says the same for each assignment.
  await mine.goto(`/#/courses/${data.course.id}`);
  const row = mine.getByRole('row', { name: new RegExp(chosen.title) });
  await row.getByText('4 / 4 (counts: submission #1, chosen)').waitFor();
  await mine.shoot('student-course-grades');
  await mine.context().close();
  await page.context().close();
}

/** A published copy of the hello assignment, due in a week, where `countedSubmission` says which counts. */
function helloAssignment(config, data, id, title, countedSubmission) {
  return data.admin.post(`/courses/${data.course.id}/assignments`, {
    id,
    title,
    flavour: config.flavour,
    spec: data.hello.spec,
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    published: true,
    countedSubmission,
  });
}
