// (a) A student submits a correct and a wrong solution and sees both verdicts and the progress bar
// move; then reads their own code and what changed since the submission before.
import assert from 'node:assert/strict';
import { openPage, progressSeen, recordProgress, signIn } from '../lib/browser.mjs';
import { CORRECT_HELLO, WRONG_HELLO } from '../lib/fixtures.mjs';

export async function studentSubmits(browser, config, data) {
  const page = await openPage(browser, config, 'student');
  await signIn(page, data.student);
  await page.getByRole('link', { name: data.course.code }).click();
  await page.getByRole('link', { name: data.hello.title }).click();
  await page.getByRole('heading', { name: data.hello.title, level: 1 }).waitFor();
  const facts = await page.locator('dl.facts').innerText();
  assert.match(facts, /Due/);
  assert.match(facts, /minus 10% per day late/);
  assert.match(facts, /Runs left\s+unlimited/);
  await page.shoot('assignment');

  // The form states its limits, and refuses a name the API would refuse before anything is sent.
  await page.getByText(/^Up to \d+ files, .+ in all\./).waitFor();
  await page.getByLabel('Your files').setInputFiles({ name: 'héllo (1).c', mimeType: 'text/x-csrc', buffer: Buffer.from(CORRECT_HELLO) });
  await page.getByRole('list', { name: 'Chosen files' }).getByText(/cannot be sent/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Submit', exact: true }).isDisabled(), true, 'Submit is off while a file cannot be sent');
  await page.shoot('refused-name');
  await page.getByRole('button', { name: 'Remove héllo (1).c' }).click();

  for (const [name, solution, verdict] of [
    ['correct', CORRECT_HELLO, 'Accepted'],
    ['wrong', WRONG_HELLO, 'Wrong answer'],
  ]) {
    await recordProgress(page);
    await page.getByLabel('Your files').setInputFiles({ name: 'hello.c', mimeType: 'text/x-csrc', buffer: Buffer.from(solution) });
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/assignments/${data.hello.id}/submissions`));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const submission = await (await answer).json();
    assert.ok(submission.id, `the ${name} submission was accepted: ${JSON.stringify(submission)}`);
    const live = page.locator(`section[aria-labelledby="live-${submission.id}"]`);
    await live.getByRole('progressbar', { name: 'Grading progress' }).waitFor();
    await page.shoot(`${name}-progress`);
    await live.locator('[role=progressbar][aria-valuenow="100"]').waitFor({ timeout: config.gradingTimeout });

    const seen = (await progressSeen(page)).filter((p) => p.section === `live-${submission.id}`);
    assert.ok(seen.length >= 2, `the progress bar moved: ${JSON.stringify(seen)}`);
    seen.reduce((previous, p) => (assert.ok(p.now >= previous, `the progress bar never goes back: ${JSON.stringify(seen)}`), p.now), 0);
    assert.equal(seen.at(-1).now, 100);
    console.log(`    ${name}: the progress bar showed ${seen.map((p) => `"${p.text}"`).join(' → ')}`);

    await live.locator('.result-head').getByText(verdict, { exact: true }).waitFor();
    if (name === 'wrong') {
      await live.locator('.diff').first().waitFor();
      assert.match(await live.locator('.diff').first().innerText(), /Hello Ada/);
      // Only what differs within the line is marked: the comma and the "!" the wrong solution left out.
      assert.deepEqual(await live.locator('.diff').first().locator('mark').allInnerTexts(), [',', '!']);
    }
    await page.shoot(`${name}-result`);
  }

  // The history catches up with the results on its own; newest first.
  const history = page.locator('table.submissions tbody tr');
  await history.nth(0).filter({ hasText: 'Wrong answer' }).waitFor({ timeout: config.gradingTimeout });
  await history.nth(1).filter({ hasText: 'Accepted' }).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.shoot('phone');

  // Their own code: the wrong submission, and its change from the correct one before it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await history.nth(0).getByRole('link').first().click();
  await page.getByRole('heading', { name: /^Submission /, level: 1 }).waitFor();
  const code = page.locator('section.code-view');
  await code.locator('table.code-lines tbody tr').first().waitFor();
  assert.equal(await code.locator('td.line-number').first().innerText(), '1');
  assert.match(await code.locator('table.code-lines').innerText(), /Hello %s\\n/);
  await code.getByLabel(/Changes since the previous submission/).check();
  await code.getByText('+ this submission').waitFor();
  const removed = await code.locator('tr.diff-expected td.code-text').allInnerTexts();
  const added = await code.locator('tr.diff-actual td.code-text').allInnerTexts();
  assert.deepEqual(removed, ['  printf("Hello, %s!\\n", name);'], 'the correct line is removed');
  assert.deepEqual(added, ['  printf("Hello %s\\n", name);'], 'the wrong line is added');
  await code.scrollIntoViewIfNeeded();
  await page.shoot('own-code');
  await page.context().close();
}
