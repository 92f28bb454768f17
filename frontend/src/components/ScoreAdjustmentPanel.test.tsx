import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Assignment } from '../api/types';
import { fakeApi, submission } from '../test/fakes';
import { AdjustmentNote, ScoreAdjustmentPanel } from './ScoreAdjustmentPanel';
import { gradeLine } from './YourGrade';

const adjustment = { mode: 'add' as const, points: 0.5, comment: 'The loop bound was right.', actor: 'tess', at: '2026-11-24T09:00:00Z' };

describe('ScoreAdjustmentPanel', () => {
  it('sends the mode, points and comment and shows the adjustment in force with who made it', async () => {
    const graded = submission({ status: 'GRADED', score: 1, maxScore: 2, finalScore: 1 });
    const calls = fakeApi({
      'PUT /submissions/s1/adjustment': () => ({ body: { ...graded, finalScore: 1.5, adjustment } }),
    });
    const onChanged = vi.fn();
    const { rerender } = render(<ScoreAdjustmentPanel submission={graded} onChanged={onChanged} />);
    fireEvent.change(screen.getByLabelText('Points'), { target: { value: '0.5' } });
    fireEvent.change(screen.getByLabelText('Comment for the student'), { target: { value: 'The loop bound was right.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));
    await act(() => Promise.resolve());
    expect(JSON.parse(String(calls[0].body))).toEqual({ mode: 'add', points: 0.5, comment: 'The loop bound was right.' });
    expect(screen.getByRole('status').textContent).toBe('Adjustment saved.');
    const saved = onChanged.mock.calls[0][0];
    rerender(<ScoreAdjustmentPanel submission={saved} onChanged={onChanged} />);
    expect(screen.getByText(/In force: \+0.5 points, by/).textContent).toContain('tess');
    expect(screen.getByRole('button', { name: 'Remove adjustment' })).toBeTruthy();
  });

  it('refuses points that are not a number without asking the server', async () => {
    const calls = fakeApi({});
    render(<ScoreAdjustmentPanel submission={submission({ status: 'GRADED' })} onChanged={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('How'), { target: { value: 'set' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Save adjustment' }).closest('form')!);
    await act(() => Promise.resolve());
    expect(calls).toHaveLength(0);
    expect(screen.getByText('Enter the points as a number.')).toBeTruthy();
  });

  it('shows the student the change and the comment', () => {
    render(<AdjustmentNote adjustment={{ ...adjustment, mode: 'set', points: 3 }} />);
    expect(screen.getByRole('heading', { name: 'Score adjusted by staff' })).toBeTruthy();
    expect(screen.getByText('score set to 3')).toBeTruthy();
    expect(screen.getByText('The loop bound was right.')).toBeTruthy();
  });
});

describe('gradeLine', () => {
  const assignment = { countedSubmission: 'BEST', tests: [{ name: 't', points: 2, visibility: 'VISIBLE' }] } as unknown as Assignment;
  it('names the grade, the submission that counts and the rule', () => {
    const mine = [
      { ...submission({ id: 's2', status: 'GRADED', score: 0, maxScore: 2, finalScore: 0 }), number: 2 },
      { ...submission({ id: 's1', status: 'GRADED', score: 2, maxScore: 2, finalScore: 2 }), number: 1, counted: true },
    ];
    expect(gradeLine(assignment, mine)).toBe('Your grade: 2 / 2 (counts: submission #1, best)');
  });
  it('says the counted one is being graded while its score is not in the list yet', () => {
    const queued = { ...submission({ id: 's3' }), number: 3, counted: true } as Record<string, unknown>;
    delete queued.finalScore;
    expect(gradeLine(assignment, [queued as never])).toBe('Your grade: being graded (counts: submission #3, best)');
  });
  it('says nothing while no submission is marked as counting', () => {
    expect(gradeLine(assignment, [submission()])).toBeNull();
  });
});
