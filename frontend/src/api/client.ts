// Talks to /api/v1 on the same origin with the session cookie; every request that changes
// something carries the session's CSRF token, as docs/api.md requires.

export const API = '/api/v1';

export interface ErrorDetail {
  field?: string;
  line?: number;
  message: string;
}

/** The API's one error shape, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session ended, so the app shows the sign-in page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Body = FormData | { text: string; type: string } | object;

export async function request<T>(method: string, path: string, body?: Body): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body && 'text' in body && 'type' in body && typeof body.text === 'string') {
    payload = body.text;
    headers['Content-Type'] = String(body.type);
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && path !== '/session') onUnauthenticated();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const answer = (await response.json()) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
    if (answer.error?.message) {
      return new ApiError(response.status, answer.error.code ?? 'error', answer.error.message, answer.error.details ?? []);
    }
  } catch {
    // Not the API's error shape (a proxy's page, say): fall back to the status line.
  }
  return new ApiError(response.status, 'http_' + response.status, `The server answered ${response.status} ${response.statusText}.`);
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: Body) => request<T>('POST', path, body);
export const put = <T>(path: string, body?: Body) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body?: Body) => request<T>('PATCH', path, body);
export const del = (path: string) => request<void>('DELETE', path);

/** A path segment, escaped. */
export const seg = (value: string) => encodeURIComponent(value);
