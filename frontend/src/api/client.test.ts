// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fakes';
import { ApiError, get, post, setCsrfToken, setUnauthenticatedHandler } from './client';

describe('the API client', () => {
  it('sends the CSRF token on requests that change something, not on GET', async () => {
    const calls = fakeApi({ 'GET /me': () => ({ body: {} }), 'POST /courses': () => ({ status: 201, body: {} }) });
    setCsrfToken('t0ken');
    await get('/me');
    await post('/courses', { id: 'cs101' });
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1].headers['X-CSRF-Token']).toBe('t0ken');
    expect(calls[1].headers['Content-Type']).toBe('application/json');
    expect(calls[1].body).toBe('{"id":"cs101"}');
  });

  it("turns the API's error shape into an ApiError with its message and details", async () => {
    fakeApi({
      'POST /courses/c/roster/import': () => ({
        status: 400,
        body: { error: { code: 'invalid_csv', message: 'the roster has 1 bad line', details: [{ line: 3, message: 'unknown role' }] } },
      }),
    });
    const failure = await post('/courses/c/roster/import', { text: 'x', type: 'text/csv' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toBe('the roster has 1 bad line');
    expect((failure as ApiError).details).toEqual([{ line: 3, message: 'unknown role' }]);
  });

  it('reports a 401 so the app can ask to sign in again', async () => {
    fakeApi({ 'GET /me': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'sign in first' } } }) });
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    await expect(get('/me')).rejects.toThrow('sign in first');
    expect(handler).toHaveBeenCalledOnce();
  });
});
