import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { submission } from '../test/fakes';
import { SubmissionHistory } from './SubmissionHistory';

describe('SubmissionHistory', () => {
  const mine = [
    { ...submission({ id: 's1', receivedAt: '2026-11-23T17:00:00Z', status: 'GRADED', verdict: 'ACCEPTED', score: 2, maxScore: 2, finalScore: 2 }), number: 1, counted: true },
    { ...submission({ id: 's2', receivedAt: '2026-11-23T18:00:00Z', status: 'GRADED', verdict: 'WRONG_ANSWER', score: 0, maxScore: 2, finalScore: 0 }), number: 2 },
  ];

  it('marks the submission that counts and offers to count each other one', () => {
    const onChoose = vi.fn();
    render(<SubmissionHistory submissions={mine} showStudent={false} onChoose={onChoose} />);
    expect(screen.getByText('counts').closest('tr')?.querySelector('td')?.textContent).toBe('1');
    expect(screen.getAllByRole('button', { name: /^Count this one/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Count this one: submission #2' }));
    expect(onChoose).toHaveBeenCalledWith('s2');
  });

  it('offers no choice when the assignment does not let the viewer pick', () => {
    render(<SubmissionHistory submissions={mine} showStudent={false} />);
    expect(screen.queryByRole('button', { name: /Count this one/ })).toBeNull();
  });
});
