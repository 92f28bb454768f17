import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../api/types';
import { fakeApi } from '../test/fakes';
import { TokensPage } from './TokensPage';

const laptop: ApiToken = { id: 't1', name: 'laptop', createdAt: '2026-12-01T09:00:00Z', expiresAt: '2027-03-01T09:00:00Z' };

describe('TokensPage', () => {
  it('shows a new token once, lists it, and revokes it', async () => {
    let tokens: ApiToken[] = [];
    const calls = fakeApi({
      'GET /tokens': () => ({ body: tokens }),
      'POST /tokens': () => {
        tokens = [laptop];
        return { status: 201, body: { ...laptop, token: 'agt_secret' } };
      },
      'DELETE /tokens/t1': () => {
        tokens = [];
        return { status: 204 };
      },
    });
    render(<TokensPage />);
    await screen.findByText('0 tokens');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' laptop ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    // The status region is always there (empty until the token is made): wait for its text.
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('agt_secret'));
    await screen.findByText('1 token');
    expect(JSON.parse(String(calls.find((c) => c.method === 'POST')!.body))).toEqual({ name: 'laptop' });
    fireEvent.click(screen.getByRole('button', { name: /^Revoke ?the token laptop$/ }));
    await screen.findByText('0 tokens');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(''));
  });
});
