import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SubmissionSummary } from '../api/types';
import { fakeApi } from '../test/fakes';
import { CodeView, previousOf } from './CodeView';

const summary = (id: string, receivedAt: string): SubmissionSummary =>
  ({ id, assignmentId: 'hello-c', student: 'ada', status: 'GRADED', receivedAt }) as SubmissionSummary;
const first = summary('s1', '2026-11-23T17:00:00Z');
const second = summary('s2', '2026-11-23T17:05:00.5Z');

const files = {
  submissionId: 's2',
  assignmentId: 'hello-c',
  student: 'ada',
  files: [
    { path: 'hello.c', size: 40, binary: false },
    { path: 'a.out', size: 9, binary: true },
  ],
};

function api() {
  return fakeApi({
    'GET /submissions/s2/files': () => ({ body: files }),
    'GET /assignments/hello-c/submissions?student=ada': () => ({ body: [second, first] }),
    'GET /submissions/s2/file?path=hello.c': () => ({
      body: { submissionId: 's2', path: 'hello.c', size: 40, binary: false, content: '// greet\nint main() {\n  return 0;\n}\n' },
    }),
    'GET /submissions/s2/file?path=a.out': () => ({ body: { submissionId: 's2', path: 'a.out', size: 9, binary: true } }),
    'GET /submissions/s1/file?path=hello.c': () => ({
      body: { submissionId: 's1', path: 'hello.c', size: 30, binary: false, content: 'int main() {\n  return 1;\n}\n' },
    }),
  });
}

const rows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('CodeView', () => {
  it('shows the first file with numbered, highlighted lines and a binary file as its size', async () => {
    api();
    render(<CodeView submission={second} />);
    const table = await screen.findByRole('table');
    expect(rows(table).map((r) => r.textContent)).toEqual(['1// greet', '2int main() {', '3  return 0;', '4}']);
    expect(table.querySelector('.tok-comment')?.textContent).toBe('// greet');
    expect([...table.querySelectorAll('.tok-keyword')].map((k) => k.textContent)).toEqual(['int', 'return']);
    expect(screen.getByRole('link', { name: 'Download as zip' }).getAttribute('href')).toBe('/api/v1/submissions/s2/archive.zip');

    fireEvent.click(screen.getByRole('button', { name: 'a.out' }));
    expect(await screen.findByText('binary, 9 bytes')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'a.out' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the changes since the same student’s previous submission', async () => {
    api();
    render(<CodeView submission={second} />);
    await screen.findByRole('table');
    fireEvent.click(await screen.findByLabelText(/Changes since the previous submission/));
    await screen.findByText('+ this submission');
    const changed = rows(screen.getByRole('table')).map((r) => r.textContent);
    expect(changed).toEqual(['1+added// greet', '2 unchangedint main() {', '2−removed  return 1;', '3+added  return 0;', '4 unchanged}']);
  });

  it('finds the previous submission by time, whatever the list’s order', () => {
    const third = summary('s3', '2026-11-23T18:00:00Z');
    expect(previousOf([first, third, second], third)?.id).toBe('s2');
    expect(previousOf([second, first], first)).toBeUndefined();
  });
});
