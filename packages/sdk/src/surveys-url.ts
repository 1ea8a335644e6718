// Loads surveys from a URL with an ETag cache in the SDK's storage, so repeat visits revalidate cheaply.
import type { Survey } from '@tellus/schema';
import type { Backend } from './queue/backend.js';

interface Cached {
  etag: string | null;
  surveys: Survey[];
}

/** Surveys from the network (or the cache on 304 / failure); undefined when neither has any. */
export async function loadSurveys(
  url: string,
  backend: Backend,
  fetchFn: typeof fetch | undefined,
  parse: ((input: unknown) => Survey[]) | undefined,
  onError: (e: unknown) => void,
): Promise<Survey[] | undefined> {
  const key = `surveys:${url}`;
  const cached = await backend.get<Cached>(key).catch(() => undefined);
  if (!fetchFn) return cached?.surveys;
  try {
    const res = await fetchFn(url, {
      headers: cached?.etag ? { 'if-none-match': cached.etag } : {},
      credentials: 'omit',
    });
    if (res.status === 304 && cached) return cached.surveys;
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { surveys?: unknown };
    const surveys = parse ? parse(body.surveys) : (body.surveys as Survey[]);
    if (!Array.isArray(surveys)) throw new Error('no surveys array');
    await backend.set(key, { etag: res.headers.get('etag'), surveys } satisfies Cached);
    return surveys;
  } catch (e) {
    onError(e);
    return cached?.surveys;
  }
}
