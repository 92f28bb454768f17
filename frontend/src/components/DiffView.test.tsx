import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FeedbackView } from './FeedbackView';

describe('FeedbackView', () => {
  it('draws a line diff for an expected/actual pair, with words for each side', () => {
    const { container } = render(<FeedbackView feedback={'line 2:\n  expected: "sum 6"\n  actual:   "sum 7"'} />);
    const rows = container.querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.className)).toEqual(['diff-expected', 'diff-actual']);
    expect(rows[0].textContent).toContain('2');
    expect(screen.getByText('expected')).toBeTruthy();
    expect(screen.getByText('yours')).toBeTruthy();
    expect(screen.getByText('sum 6')).toBeTruthy();
    expect(screen.getByText('sum 7')).toBeTruthy();
  });

  it('shows other feedback as text', () => {
    const { container } = render(<FeedbackView feedback="Traceback (most recent call last):" />);
    expect(container.querySelector('pre')?.textContent).toBe('Traceback (most recent call last):');
    expect(container.querySelector('table')).toBeNull();
  });
});
