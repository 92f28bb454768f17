import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fakes';
import { ChangePasswordPage } from './ChangePasswordPage';

const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ChangePasswordPage', () => {
  it('asks a forced account for the password it was given and its own, then says it is done', async () => {
    const calls = fakeApi({ 'PUT /me/password': () => ({ status: 204 }) });
    const onChanged = vi.fn();
    render(<ChangePasswordPage forced onChanged={onChanged} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Choose your own password');
    fill('The password you were given', 'generated-secret');
    fill('New password', 'my very own password');
    fill('New password again', 'my very own password');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(JSON.parse(String(calls[0].body))).toEqual({ currentPassword: 'generated-secret', newPassword: 'my very own password' });
    expect(screen.getByRole('status').textContent).toBe('Your password is changed.');
  });

  it('sends nothing when the repetition differs, and shows the API refusing a wrong current password', async () => {
    const calls = fakeApi({ 'PUT /me/password': () => ({ status: 403, body: { error: { code: 'wrong_password', message: 'the current password is wrong' } } }) });
    render(<ChangePasswordPage />);
    fill('Current password', 'old password 1');
    fill('New password', 'new password 12');
    fill('New password again', 'new password 13');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('alert').textContent).toMatch(/differ/);
    expect(calls).toHaveLength(0);
    fill('New password again', 'new password 12');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the current password is wrong');
  });
});
