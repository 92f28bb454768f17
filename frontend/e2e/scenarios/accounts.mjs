// (e) Accounts: an instructor imports a student (names and generated passwords shown at once, with
// copy and CSV download), resets the student's lost password from the roster and grants them an
// extension from the Extensions page; the student signs in with the reset password and must choose
// their own first, then makes and revokes an API token; a site admin creates an account on the
// Accounts page, whose generated password must be changed too.
import assert from 'node:assert/strict';
import { ApiSession } from '../lib/api.mjs';
import { openPage, signIn } from '../lib/browser.mjs';

export async function accountsAndPasswords(browser, config, data) {
  const lost = { username: `${data.run}-lin`, displayName: 'Lin Lost' };
  const staff = await openPage(browser, config, 'accounts-staff');
  await staff.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(staff, data.instructor);

  await staff.goto(`/#/courses/${data.course.id}/roster`);
  await staff.getByRole('heading', { name: 'Roster', level: 1 }).waitFor();
  await staff.getByLabel('Or paste it').fill(`username,display_name,role\n${lost.username},${lost.displayName},student\n`);
  await staff.getByRole('button', { name: 'Import' }).click();
  const imported = staff.getByRole('table', { name: /New accounts/ });
  await imported.waitFor();
  const firstPassword = await imported.locator('tbody code').innerText();
  // The roster names the new student at once, without a reload (the read side lags an import).
  // In the roster's own table: the import's table of new accounts has a row for the student too.
  const roster = staff.getByRole('table', { name: /^\d+ members$/ });
  const row = roster.locator('tbody tr', { has: staff.getByRole('rowheader', { name: lost.username, exact: true }) });
  await row.waitFor();
  assert.equal(await row.locator('td').first().innerText(), lost.displayName, `the roster names the new student: ${await row.innerText()}`);
  const csv = await staff.getByRole('link', { name: 'Download as CSV' }).first().getAttribute('href');
  assert.ok(decodeURIComponent(csv).includes(`${lost.username},${firstPassword}`), `the CSV download holds the password: ${csv}`);
  await imported.getByRole('button', { name: `Copy the password of ${lost.username}` }).click();
  await imported.getByText('Copied').waitFor();
  assert.equal(await staff.evaluate(() => navigator.clipboard.readText()), firstPassword, 'the copy button copies the password');
  await staff.shoot('roster-import');

  // The student lost the generated password: the instructor resets it.
  await staff.getByRole('button', { name: `Reset password of ${lost.username}` }).click();
  const reset = staff.getByRole('table', { name: new RegExp(`New password of ${lost.username}`) });
  await reset.waitFor();
  const resetPassword = await reset.locator('tbody code').innerText();
  assert.notEqual(resetPassword, firstPassword, 'a reset makes a new password');
  await staff.shoot('password-reset');

  // An extension for the student, granted from the assignment's Extensions page.
  await staff.goto(`/#/assignments/${data.hello.id}`);
  await staff.getByRole('link', { name: 'Extensions' }).click();
  await staff.getByRole('heading', { name: 'Extensions', level: 1 }).waitFor();
  await staff.getByRole('option', { name: `${lost.displayName} (${lost.username})` }).waitFor({ state: 'attached' });
  await staff.getByLabel('Student', { exact: true }).selectOption(lost.username);
  await staff.getByLabel('Due', { exact: true }).fill('2031-05-04T17:30');
  await staff.getByLabel('Late until (optional)').fill('2031-05-06T17:30');
  await staff.getByRole('button', { name: 'Grant' }).click();
  await staff.getByText(`Extension for ${lost.username} saved`).waitFor();
  const granted = await data.admin.get(`/assignments/${data.hello.id}/extensions`);
  const mine = granted.find((e) => e.username === lost.username);
  assert.ok(mine, `the API lists the extension: ${JSON.stringify(granted)}`);
  assert.equal(new Date(mine.dueAt).getTime(), new Date('2031-05-04T17:30').getTime(), `due as entered: ${JSON.stringify(mine)}`);
  await staff.shoot('extension-granted');
  await staff.context().close();

  // The student signs in with the reset password and must choose their own before anything else.
  const student = await openPage(browser, config, 'accounts-student');
  await student.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await student.goto('/');
  await student.getByLabel('Username').fill(lost.username);
  await student.getByLabel('Password').fill(resetPassword);
  await student.getByRole('button', { name: 'Sign in' }).click();
  await student.getByRole('heading', { name: 'Choose your own password', level: 1 }).waitFor();
  await student.shoot('forced-change');
  const own = `own password of ${data.run}`;
  await student.getByLabel('The password you were given').fill(resetPassword);
  await student.getByLabel('New password', { exact: true }).fill(own);
  await student.getByLabel('New password again').fill(own);
  await student.getByRole('button', { name: 'Change password' }).click();
  await student.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
  await student.getByRole('link', { name: data.course.code }).waitFor();

  // Tokens: made (shown once, copied), used, revoked.
  await student.getByRole('link', { name: 'API tokens' }).click();
  await student.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
  await student.getByLabel('Name', { exact: true }).fill('e2e script');
  await student.getByRole('button', { name: 'Create token' }).click();
  const token = await student.locator('code.secret').innerText();
  const me = await fetch(`${config.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200, `the new token works: ${me.status} ${await me.text()}`);
  await student.getByRole('button', { name: 'Copy the token e2e script' }).click();
  assert.equal(await student.evaluate(() => navigator.clipboard.readText()), token, 'the copy button copies the token');
  await student.getByRole('row', { name: /e2e script/ }).waitFor();
  await student.shoot('tokens');
  await student.getByRole('button', { name: 'Revoke the token e2e script' }).click();
  await student.getByRole('row', { name: /e2e script/ }).waitFor({ state: 'detached' });
  const revoked = await fetch(`${config.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(revoked.status, 401, `a revoked token is refused: ${revoked.status}`);
  await student.context().close();

  // A site admin creates an account on the Accounts page; its generated password must be changed too.
  const admin = await openPage(browser, config, 'accounts-admin');
  await signIn(admin, { username: config.adminUsername, password: config.adminPassword });
  await admin.getByRole('link', { name: 'Accounts' }).click();
  await admin.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  const fresh = `${data.run}-new`;
  await admin.getByLabel('Username', { exact: true }).fill(fresh);
  await admin.getByLabel('Name', { exact: true }).fill('New Person');
  await admin.getByRole('button', { name: 'Create account' }).click();
  const created = admin.getByRole('table', { name: new RegExp(`Password of ${fresh}`) });
  await created.waitFor();
  const generated = await created.locator('tbody code').innerText();
  await admin.getByLabel('Find').fill(data.run);
  const listed = admin.getByRole('table', { name: /^\d+ of \d+ accounts$/ });
  await listed.getByRole('rowheader', { name: fresh, exact: true }).waitFor();
  for (const username of await listed.getByRole('rowheader').allInnerTexts()) {
    assert.ok(username.startsWith(data.run), `the filter leaves only this run's accounts: ${await listed.innerText()}`);
  }
  await admin.shoot('accounts');
  const signedIn = await ApiSession.signIn(config.baseUrl, fresh, generated);
  const whoami = await signedIn.get('/session');
  assert.equal(whoami.mustChangePassword, true, `the new account must change its password: ${JSON.stringify(whoami)}`);
  await admin.context().close();
}
