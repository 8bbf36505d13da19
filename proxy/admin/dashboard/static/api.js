// The admin API as the page uses it: the bearer token typed once (kept in sessionStorage for this tab),
// JSON in and out, and the API's error bodies turned into errors the page can show as they are.
const TOKEN_KEY = 'strangler.adminToken';

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class AdminApiError extends Error {
  constructor(status, code, message, problems) {
    super(message);
    this.name = 'AdminApiError';
    this.status = status;
    this.code = code;
    /** Validation problems of a 400, as "path: message" lines. */
    this.problems = problems;
  }

  describe() {
    return [`${this.message} (${this.status} ${this.code})`, ...this.problems].join('\n');
  }
}

async function adminRequest(method, path, { body, ifMatch } = {}) {
  const headers = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (ifMatch) headers['if-match'] = ifMatch;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new AdminApiError(0, 'UNREACHABLE', `the admin listener did not answer: ${cause.message}`, []);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error ?? {};
    const problems = Array.isArray(error.problems) ? error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) : [];
    throw new AdminApiError(res.status, error.code ?? `HTTP_${res.status}`, error.message ?? `HTTP ${res.status}`, problems);
  }
  return { data, etag: res.headers.get('etag') };
}

const routePath = (id) => `/admin/routes/${encodeURIComponent(id)}`;

export const adminApi = {
  routes: () => adminRequest('GET', '/admin/routes'),
  stats: (windowSeconds) => adminRequest('GET', `/admin/stats?window=${windowSeconds}`),
  shift: (id, weight, reason, ifMatch, { dryRun = false } = {}) =>
    adminRequest('PATCH', dryRun ? `${routePath(id)}?dryRun=1` : routePath(id), { body: { weight, reason }, ifMatch }),
  rollback: (id, reason) => adminRequest('POST', `${routePath(id)}/rollback`, { body: { reason } }),
  cutover: () => adminRequest('GET', '/admin/cutover'),
  discover: () => adminRequest('GET', '/admin/discover'),
};
