import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SubmissionResult } from './SubmissionResult';

describe('GroupResults', () => {
  it('shows each test group of a scoring problem with its verdict and points', () => {
    render(
      <SubmissionResult
        result={{
          verdict: 'WRONG_ANSWER',
          score: 30,
          maxScore: 100,
          compileOutput: null,
          tests: [],
          groups: [
            { path: 'secret/1-small', verdict: 'ACCEPTED', score: 30, maxScore: 30 },
            { path: 'secret/2-large', verdict: 'WRONG_ANSWER', score: 0, maxScore: 70 },
          ],
        }}
      />,
    );
    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain('secret/1-small');
    expect(rows[1].textContent).toContain('30');
    expect(rows[2].textContent).toContain('secret/2-large');
    expect(rows[2].textContent).toContain('70');
  });

  it('shows no table for a result without groups', () => {
    render(<SubmissionResult result={{ verdict: 'ACCEPTED', score: 1, maxScore: 1, compileOutput: null, tests: [] }} />);
    expect(screen.queryByRole('table')).toBeNull();
  });
});
