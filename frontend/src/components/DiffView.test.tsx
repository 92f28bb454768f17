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
    expect(rows[0].querySelector('code')?.textContent).toBe('sum 6');
    expect(rows[1].querySelector('code')?.textContent).toBe('sum 7');
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['6', '7']);
  });

  it("shows a whitespace-tolerant comparison's first differing token as a token, not as lines", () => {
    const { container } = render(<FeedbackView feedback={"token 2 (line 1): expected 'Ada!', got 'Grace!'"} />);
    expect(container.querySelector('table')).toBeNull();
    expect(container.querySelector('figcaption')?.textContent).toContain('Token 2 (on line 1)');
    const codes = [...container.querySelectorAll('dd code')].map((c) => c.textContent);
    expect(codes).toEqual(['Ada!', 'Grace!']);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Ada', 'Grace']);
  });

  it('shows other feedback as text', () => {
    const { container } = render(<FeedbackView feedback="Traceback (most recent call last):" />);
    expect(container.querySelector('pre')?.textContent).toBe('Traceback (most recent call last):');
    expect(container.querySelector('table')).toBeNull();
  });
});
