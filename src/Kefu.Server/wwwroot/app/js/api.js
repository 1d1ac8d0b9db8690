// The one way the UI talks to the server: same-origin JSON with the session cookie, and the
// X-Kefu-Request header that the server demands on every state-changing cookie call (CSRF guard).

export class ApiError extends Error {
  constructor(status, problem) {
    super(ApiError.describe(status, problem));
    this.status = status;
    this.problem = problem;
  }

  static describe(status, problem) {
    if (problem?.errors) {
      return Object.entries(problem.errors).map(([f, m]) => `${f}: ${m.join('; ')}`).join(' · ');
    }
    return problem?.detail || problem?.title || `HTTP ${status}`;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Kefu-Request'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const isJson = response.headers.get('content-type')?.includes('json');
  const data = response.status === 204 || !isJson ? null : await response.json();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const early = new Map();

/** Starts a GET before the module that needs it has loaded; that module's get() takes the answer (or retries it if it failed). */
export function prefetch(path) {
  const pending = api(path);
  pending.catch(() => {});
  early.set(path, pending);
}

export function get(path) {
  const pending = early.get(path);
  early.delete(path);
  return pending ? pending.catch(() => api(path)) : api(path);
}
export const post = (path, body = {}) => api(path, { method: 'POST', body });
export const put = (path, body) => api(path, { method: 'PUT', body });
export const del = (path) => api(path, { method: 'DELETE' });

/** Uploads one file as multipart 'file' (the browser sets the boundary); answers the stored attachment. */
export async function upload(path, file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST', headers: { Accept: 'application/json', 'X-Kefu-Request': '1' }, credentials: 'same-origin', body: form,
  });
  const data = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
