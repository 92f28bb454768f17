import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, submission } from '../test/fakes';
import { formatTime } from '../lib/format';
import { SubmitForm } from './SubmitForm';

const file = (name: string, text: string) => new File([text], name, { type: 'text/plain' });

describe('SubmitForm', () => {
  it('sends one multipart part per chosen file, named by its path', async () => {
    const calls = fakeApi({ 'POST /assignments/hello-c/submissions': () => ({ status: 202, body: submission() }) });
    const onSubmitted = vi.fn();
    render(<SubmitForm assignmentId="hello-c" onSubmitted={onSubmitted} />);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', 'int main'), file('util.h', '')] } });
    fireEvent.drop(screen.getByText(/Drop files anywhere/).parentElement!, { dataTransfer: { files: [file('Makefile', 'all:')] } });
    expect(screen.getByRole('list', { name: 'Chosen files' }).textContent).toContain('Makefile');
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith(submission()));
    const form = calls[0].body as FormData;
    expect(form.getAll('file').map((f) => (f as File).name)).toEqual(['hello.c', 'util.h', 'Makefile']);
  });

  it("shows the API's message when the submission is refused", async () => {
    fakeApi({
      'POST /assignments/hello-c/submissions': () => ({ status: 409, body: { error: { code: 'limit_reached', message: 'you have used all 3 runs of the last 24 hours' } } }),
    });
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', '')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect((await screen.findByRole('alert')).textContent).toBe('you have used all 3 runs of the last 24 hours');
  });

  it('runs the chosen files on the visible tests as practice, keeping them chosen to submit next', async () => {
    const practice = submission({ practice: true });
    const calls = fakeApi({ 'POST /assignments/hello-c/practice': () => ({ status: 202, body: practice }) });
    const onSubmitted = vi.fn();
    render(<SubmitForm assignmentId="hello-c" onSubmitted={onSubmitted} />);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', 'int main')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Run on visible tests' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith(practice));
    expect(calls.map((c) => c.path)).toEqual(['/assignments/hello-c/practice']);
    expect(screen.getByRole('list', { name: 'Chosen files' }).textContent).toContain('hello.c');
  });

  it("lets staff submit for one of the course's students", async () => {
    const calls = fakeApi({
      'GET /courses/cs101/roster': () => ({ body: [{ username: 'ada', displayName: 'Ada Lovelace', role: 'STUDENT' }, { username: 'ta1', displayName: 'T. A.', role: 'TA' }] }),
      'POST /assignments/hello-c/submissions': () => ({ status: 202, body: submission() }),
    });
    const onSubmitted = vi.fn();
    render(<SubmitForm assignmentId="hello-c" onSubmitted={onSubmitted} forStudentsOf="cs101" />);
    await screen.findByRole('option', { name: 'Ada Lovelace (ada)' });
    expect(screen.queryByRole('option', { name: 'T. A. (ta1)' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Submit for'), { target: { value: 'ada' } });
    expect((screen.getByRole('button', { name: 'Run on visible tests' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', 'int main')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalled());
    expect((calls.find((c) => c.method === 'POST')!.body as FormData).get('student')).toBe('ada');
  });

  it('asks for a file before sending anything', () => {
    const calls = fakeApi({});
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Choose at least one file/);
    expect(calls).toHaveLength(0);
  });

  it('clears "choose a file" once a file is chosen', () => {
    fakeApi({});
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', '')] } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('states the limits up front and refuses names and sizes the API would refuse, before sending', () => {
    const calls = fakeApi({});
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} rules={rules} />);
    expect(screen.getByText(/Up to 64 files, 1 MiB in all/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('héllo.c', ''), file('hello (1).c', '')] } });
    const chosen = screen.getByRole('list', { name: 'Chosen files' });
    expect(chosen.querySelectorAll('.refused')).toHaveLength(2);
    expect(chosen.textContent).toContain('cannot be sent');
    const submitButton = screen.getByRole('button', { name: 'Submit' }) as HTMLButtonElement;
    expect(submitButton.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove héllo.c' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove hello (1).c' }));
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('big.c', 'x'.repeat(5 * 1024 * 1024))] } });
    expect(screen.getByRole('alert').textContent).toBe('These files are 5 MiB in all; a submission may have at most 1 MiB.');
    expect(submitButton.disabled).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('turns Submit off with the time of the next run when none is left, and leaves practice on', () => {
    fakeApi({});
    const resetAt = '2026-12-08T09:30:00Z';
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} rules={rules} runsLeft={0} runsResetAt={resetAt} />);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', '')] } });
    expect((screen.getByRole('button', { name: 'Submit' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/used every submission/).textContent).toContain(formatTime(resetAt));
    expect((screen.getByRole('button', { name: 'Run on visible tests' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('takes files dropped anywhere on the page instead of letting the browser open them', () => {
    fakeApi({});
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} />);
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file('Main.java', 'class Main {}')] } });
    act(() => {
      document.body.dispatchEvent(drop);
    });
    expect(drop.defaultPrevented).toBe(true);
    expect(screen.getByRole('list', { name: 'Chosen files' }).textContent).toContain('Main.java');
  });

  it('tells the page as it sends, so an earlier result can be put away', async () => {
    fakeApi({ 'POST /assignments/hello-c/submissions': () => ({ status: 202, body: submission() }) });
    const onSending = vi.fn();
    render(<SubmitForm assignmentId="hello-c" onSubmitted={vi.fn()} onSending={onSending} />);
    fireEvent.change(screen.getByLabelText('Your files'), { target: { files: [file('hello.c', '')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSending).toHaveBeenCalledTimes(1));
  });
});

const rules = { maxFiles: 64, maxBytes: 1024 * 1024, pathSegmentPattern: '[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}' };
