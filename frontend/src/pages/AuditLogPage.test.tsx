import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api/types';
import { fakeApi } from '../test/fakes';
import { AuditLogPage } from './AuditLogPage';

const extension: AuditEntry = { id: 3, at: '2026-12-01T09:00:00Z', actor: 'ins', action: 'extension_granted', assignmentId: 'hello-c', student: 'ada', details: { dueAt: '2026-12-09T17:00:00Z' } };
const created: AuditEntry = { id: 2, at: '2026-11-30T09:00:00Z', actor: 'ins', action: 'assignment_created', assignmentId: 'hello-c', details: { title: 'Hello, C', flavour: 'default', published: true, dueAt: '2026-12-08T17:00:00Z' } };
const enrolled: AuditEntry = { id: 1, at: '2026-11-29T09:00:00Z', actor: 'admin', action: 'member_enrolled', student: 'ada', details: { role: 'STUDENT' } };

const actions = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('rowheader').textContent);

describe('AuditLogPage', () => {
  it('shows who did what, newest first, and loads older entries below', async () => {
    fakeApi({
      'GET /courses/cs101/assignments': () => ({ body: [] }),
      'GET /courses/cs101/audit': () => ({ body: { entries: [extension, created], next: 2 } }),
      'GET /courses/cs101/audit?before=2': () => ({ body: { entries: [enrolled] } }),
    });
    render(<AuditLogPage courseId="cs101" />);
    await waitFor(() => expect(actions()).toEqual(['Extension granted', 'Assignment created']));
    const first = within(screen.getByRole('table')).getAllByRole('row')[1];
    expect(within(first).getByText('ins')).toBeTruthy();
    expect(within(first).getByText(/^due /).textContent).not.toContain('undefined');
    fireEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(actions()).toEqual(['Extension granted', 'Assignment created', 'Enrolled']));
    expect(screen.queryByRole('button', { name: 'Older entries' })).toBeNull();
  });

  it('asks for one assignment and one student when filtered', async () => {
    const calls = fakeApi({
      'GET /courses/cs101/assignments': () => ({ body: [{ id: 'hello-c', title: 'Hello, C' }] }),
      'GET /courses/cs101/audit': () => ({ body: { entries: [extension, created, enrolled] } }),
      'GET /courses/cs101/audit?assignment=hello-c&student=ada': () => ({ body: { entries: [extension] } }),
    });
    render(<AuditLogPage courseId="cs101" />);
    await screen.findByRole('option', { name: 'Hello, C' });
    fireEvent.change(screen.getByLabelText('Assignment'), { target: { value: 'hello-c' } });
    fireEvent.change(screen.getByLabelText('Student'), { target: { value: ' Ada ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(actions()).toEqual(['Extension granted']));
    expect(screen.getByText('1 entry on Hello, C for ada')).toBeTruthy();
    expect(calls.map((c) => c.path)).toContain('/courses/cs101/audit?assignment=hello-c&student=ada');
    expect(screen.getByRole('link', { name: 'Hello, C' }).getAttribute('href')).toBe('#/assignments/hello-c');
  });

  it('says so when nothing matches', async () => {
    fakeApi({
      'GET /courses/cs101/assignments': () => ({ body: [] }),
      'GET /courses/cs101/audit': () => ({ body: { entries: [] } }),
    });
    render(<AuditLogPage courseId="cs101" />);
    expect(await screen.findByText('No actions recorded.')).toBeTruthy();
  });
});
