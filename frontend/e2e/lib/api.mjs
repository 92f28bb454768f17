// A signed-in session with the real API, for setting up data: the cookie plus the CSRF token,
// exactly as the browser holds them.

export class ApiSession {
  constructor(baseUrl, cookie, csrfToken, account) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
    this.csrfToken = csrfToken;
    this.account = account;
  }

  static async signIn(baseUrl, username, password) {
    const response = await fetch(`${baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const answer = await answerOf(response, `sign in as ${username}`);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('ag_session='));
    if (!cookie) throw new Error(`signing in as ${username} set no ag_session cookie`);
    return new ApiSession(baseUrl, cookie, answer.csrfToken, answer.account);
  }

  async call(method, path, body, contentType) {
    const headers = { Cookie: this.cookie, Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrfToken;
    let payload = body;
    if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string') {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    } else if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: payload });
    return answerOf(response, `${method} ${path}`);
  }

  get(path) {
    return this.call('GET', path);
  }

  post(path, body, contentType) {
    return this.call('POST', path, body, contentType);
  }

  put(path, body) {
    return this.call('PUT', path, body);
  }

  /** Submits files ({name: text}) as multipart, one part per file. */
  submit(assignmentId, files) {
    const form = new FormData();
    for (const [name, text] of Object.entries(files)) form.append('file', new Blob([text]), name);
    return this.post(`/assignments/${encodeURIComponent(assignmentId)}/submissions`, form);
  }

  /** Polls an assignment's submissions list (a read side, a moment behind) until it shows the submission graded. */
  async listedGraded(assignmentId, submissionId, timeoutMillis) {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const listed = await this.get(`/assignments/${encodeURIComponent(assignmentId)}/submissions`);
      const row = listed.find((s) => s.id === submissionId);
      if (row?.status === 'GRADED') return row;
      if (Date.now() > deadline) throw new Error(`submission ${submissionId} was not listed as graded within ${timeoutMillis} ms (${row ? row.status : 'not listed'})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Polls a submission until it is graded. */
  async graded(submissionId, timeoutMillis) {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const submission = await this.get(`/submissions/${encodeURIComponent(submissionId)}`);
      if (submission.status === 'GRADED') return submission;
      if (Date.now() > deadline) throw new Error(`submission ${submissionId} was not graded within ${timeoutMillis} ms (status ${submission.status})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function answerOf(response, what) {
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`${what}: HTTP ${response.status}: ${message}`);
  }
  return text ? JSON.parse(text) : undefined;
}
