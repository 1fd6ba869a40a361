const KEY = 'wb.token';

export const token = () => sessionStorage.getItem(KEY);
export const setToken = (t) => (t === null ? sessionStorage.removeItem(KEY) : sessionStorage.setItem(KEY, t));

/** An API error with the service's code (UPPER_SNAKE) and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls /api/v1 with the signed-in token; the page uses nothing else. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { authorization: `Bearer ${token() ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`../api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error?.code ?? String(res.status), data.error?.message ?? res.statusText);
  return data;
}

/** Every page of a list endpoint (`key` names the array), `limit` rows at a time. */
export async function all(path, key, limit = 5000) {
  const out = [];
  for (let offset = 0; ; offset += limit) {
    const page = (await api(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`))[key];
    out.push(...page);
    if (page.length < limit) return out;
  }
}
