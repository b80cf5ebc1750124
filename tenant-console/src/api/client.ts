/**
 * The platform's API over fetch: the bearer token of the signed-in user, JSON in and out, and every refusal as an
 * {@link ApiProblem} built from the answer's problem+json (RFC 9457, with the bad fields under `errors`).
 */

export interface FieldError {
  field: string;
  message: string;
  line?: number | null;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];

  constructor(status: number, type: string, title: string, detail: string, errors: FieldError[]) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

type TokenSource = () => Promise<string | undefined>;

let tokenSource: TokenSource = async () => undefined;

/** Set by the sign-in: how a request gets a current access token. */
export function setTokenSource(source: TokenSource): void {
  tokenSource = source;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send without a token (the public sign-up). */
  anonymous?: boolean;
  /** Answer the body as text (CSV exports). */
  text?: boolean;
  /** Answer the body as a Blob (PDF downloads). */
  blob?: boolean;
  /** Send this CSV file (its bytes as they are, or text) as the body, text/csv: uploads of imports and grants. */
  csv?: string | Blob;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.append(name, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const accept = options.blob ? '*/*' : options.text ? 'text/csv, application/problem+json' : 'application/json';
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  if (options.csv !== undefined) {
    headers['Content-Type'] ??= 'text/csv';
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (!options.anonymous) {
    const token = await tokenSource();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
  }
  const response = await fetch(withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.csv !== undefined ? options.csv : options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) {
    throw await problemOf(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  if (options.blob) {
    return (await response.blob()) as T;
  }
  if (options.text) {
    return (await response.text()) as T;
  }
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not problem+json (a proxy's page): the status says enough.
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as FieldError[]).filter((e) => e && typeof e.field === 'string')
    : [];
  return new ApiProblem(response.status, String(body.type ?? ''), String(body.title ?? response.statusText ?? ''),
    String(body.detail ?? ''), errors);
}

/** A fresh idempotency key for a posting (the ledger wants one per write). */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches a file the API serves behind the token (an invoice's PDF) and hands it to the browser as a download named
 * {@code filename}: a plain link cannot carry the bearer token.
 */
export async function download(path: string, filename: string): Promise<void> {
  const file = await api<Blob>(path, { blob: true });
  const url = URL.createObjectURL(file);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // Revoked once the browser has taken the file.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
