// The data the scenarios need, made through the API as the site admin: a course of its own per
// run, an instructor and a student with known passwords, and the C hello world assignment.
import { readFile } from 'node:fs/promises';
import { ApiSession } from './api.mjs';

const HELLO_C = new URL('../../../examples/hello-c/', import.meta.url);

export const CORRECT_HELLO = await readFile(new URL('hello.c', HELLO_C), 'utf8');
export const WRONG_HELLO = CORRECT_HELLO.replace('Hello, %s!', 'Hello %s');

export async function setUp(config) {
  const admin = await ApiSession.signIn(config.baseUrl, config.adminUsername, config.adminPassword);
  const run = `e2e-${Date.now().toString(36)}`;
  const password = `pw-${run}-${Math.random().toString(36).slice(2, 10)}`;
  const account = async (suffix, displayName) => {
    const username = `${run}-${suffix}`;
    await admin.post('/accounts', { username, displayName, password, siteAdmin: false });
    return { username, password, displayName };
  };
  const instructor = await account('prof', 'Professor E2E');
  const student = await account('ada', 'Ada E2E');
  const course = { id: run, code: `E2E ${run.slice(4)}`, title: 'Browser tests', term: 'Test term' };
  await admin.post('/courses', course);
  await admin.put(`/courses/${course.id}/roster/${instructor.username}`, { role: 'INSTRUCTOR' });
  await admin.put(`/courses/${course.id}/roster/${student.username}`, { role: 'STUDENT' });

  const example = JSON.parse(await readFile(new URL('assignment.json', HELLO_C), 'utf8'));
  const hello = await admin.post(`/courses/${course.id}/assignments`, {
    id: `${run}-hello`,
    title: 'Hello, C',
    description: 'Read a name from standard input and greet it: Hello, NAME!',
    flavour: config.flavour,
    spec: { format: 'io', ...example.spec },
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    lateUntil: new Date(Date.now() + 9 * 86_400_000).toISOString(),
    latePenaltyPercentPerDay: 10,
    published: true,
  });
  return { run, admin, instructor, student, course, hello };
}
