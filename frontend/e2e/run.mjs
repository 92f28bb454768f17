#!/usr/bin/env node
// Browser tests of the web app against a running system (scheduler node + runner node + Docker):
// makes its own course, accounts and assignment through the API, then runs each scenario in
// Debian's Chromium and saves screenshots. Exits non-zero when setup or any scenario fails.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_USERNAME=admin ADMIN_PASSWORD=... node e2e/run.mjs
//
// Optional: SCREENSHOT_DIR (default target/e2e-screenshots), CHROMIUM (default /usr/bin/chromium),
// E2E_FLAVOUR (default "default"), E2E_SCENARIOS (comma list of student,instructor,audit,grades,operator,accounts,practice),
// E2E_GRADING_TIMEOUT_MS (default 180000), E2E_STEP_TIMEOUT_MS (default 15000).
import { fileURLToPath } from 'node:url';
import { launch, pageProblems } from './lib/browser.mjs';
import { setUp } from './lib/fixtures.mjs';
import { accountsAndPasswords } from './scenarios/accounts.mjs';
import { instructorReadsTheAuditLog } from './scenarios/audit.mjs';
import { taAdjustsAndTheStudentReadsTheCommentOncePublished } from './scenarios/grades.mjs';
import { instructorRegrades } from './scenarios/instructor.mjs';
import { operatorWatches } from './scenarios/operator.mjs';
import { studentPractisesThenSubmits } from './scenarios/practice.mjs';
import { studentSubmits } from './scenarios/student.mjs';

// Practice comes last: its counted submission would change what the instructor regrades and the operator counts.
const SCENARIOS = {
  student: studentSubmits,
  instructor: instructorRegrades,
  audit: instructorReadsTheAuditLog,
  grades: taAdjustsAndTheStudentReadsTheCommentOncePublished,
  operator: operatorWatches,
  accounts: accountsAndPasswords,
  practice: studentPractisesThenSubmits,
};

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e: set ${name}`);
    process.exit(2);
  }
  return value;
}

const env = process.env;
const config = {
  baseUrl: required('BASE_URL').replace(/\/$/, ''),
  adminUsername: required('ADMIN_USERNAME'),
  adminPassword: required('ADMIN_PASSWORD'),
  screenshotDir: env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../target/e2e-screenshots', import.meta.url)),
  chromium: env.CHROMIUM ?? '/usr/bin/chromium',
  flavour: env.E2E_FLAVOUR ?? 'default',
  gradingTimeout: Number(env.E2E_GRADING_TIMEOUT_MS ?? 180_000),
  stepTimeout: Number(env.E2E_STEP_TIMEOUT_MS ?? 15_000),
};
const names = env.E2E_SCENARIOS ? env.E2E_SCENARIOS.split(',').map((s) => s.trim()) : Object.keys(SCENARIOS);
const unknown = names.filter((n) => !(n in SCENARIOS));
if (unknown.length) {
  console.error(`e2e: unknown scenarios ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

let data;
try {
  data = await setUp(config);
  console.log(`e2e: set up course ${data.course.id} with ${data.instructor.username}, ${data.student.username} and ${data.hello.id}`);
} catch (error) {
  console.error('e2e: setting up the data through the API failed:', error);
  process.exit(1);
}

const browser = await launch(config);
let passed = 0;
let failed = 0;
for (const name of names) {
  const started = Date.now();
  try {
    await SCENARIOS[name](browser, config, data);
    passed += 1;
    console.log(`ok ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(`FAILED ${name}: ${error.stack ?? error}`);
    for (const context of browser.contexts()) {
      for (const [i, page] of context.pages().entries()) {
        await page.screenshot({ path: `${config.screenshotDir}/${name}-failure-${i}.png`, fullPage: true }).catch(() => {});
      }
      await context.close().catch(() => {});
    }
  } finally {
    // What the pages reported themselves helps explain a failure.
    for (const p of pageProblems.splice(0)) console.log(`    ${p}`);
  }
}
await browser.close();
console.log(`screenshots in ${config.screenshotDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
