import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { GeneratedPasswords, passwordsCsv } from './GeneratedPasswords';

const passwords = [
  { username: 'ada', initialPassword: 'Xy7-secret' },
  { username: 'bob', initialPassword: 'has,comma' },
];

describe('GeneratedPasswords', () => {
  it('writes a CSV with a header, quoting what needs it', () => {
    expect(passwordsCsv(passwords)).toBe('username,password\nada,Xy7-secret\nbob,"has,comma"\n');
  });

  it('offers each password to copy and all of them as a CSV download', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    render(<GeneratedPasswords passwords={passwords} caption="New accounts" fileName="new.csv" />);
    const download = screen.getByRole('link', { name: 'Download as CSV' });
    expect(download.getAttribute('download')).toBe('new.csv');
    expect(decodeURIComponent(download.getAttribute('href')!)).toBe('data:text/csv;charset=utf-8,' + passwordsCsv(passwords));
    fireEvent.click(screen.getByRole('button', { name: 'Copy the password of bob' }));
    expect(await screen.findByText('Copied')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('has,comma');
  });
});
