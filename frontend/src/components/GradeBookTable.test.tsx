import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { book } from '../test/fakes';
import { GradeBookTable } from './GradeBookTable';

const rowNames = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('rowheader').textContent);

describe('GradeBookTable', () => {
  it('sorts when a column header is pressed, and again the other way', () => {
    render(<GradeBookTable book={book} />);
    expect(rowNames()).toEqual(['ada', 'alan', 'grace']);
    fireEvent.click(screen.getByRole('button', { name: /Total/ }));
    expect(rowNames()).toEqual(['alan', 'grace', 'ada']);
    expect(screen.getByRole('columnheader', { name: /Total/ }).getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByRole('button', { name: /Total/ }));
    expect(rowNames()).toEqual(['ada', 'grace', 'alan']);
    expect(screen.getByRole('columnheader', { name: /Total/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('filters students and says how many are shown', () => {
    render(<GradeBookTable book={book} />);
    fireEvent.change(screen.getByLabelText('Filter students'), { target: { value: 'hopper' } });
    expect(rowNames()).toEqual(['grace']);
    expect(screen.getByText('1 of 3 students')).toBeTruthy();
  });

  it('marks a missing grade for screen readers', () => {
    render(<GradeBookTable book={book} />);
    expect(screen.getAllByLabelText('no submission')).toHaveLength(1);
  });
});
