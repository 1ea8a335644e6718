// The survey editor page: JSON with inline validation as you type, a live widget preview, and Save as a new version.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Survey } from '@tellus/schema';
import { checkSurveyText, surveyLocales } from './validate.js';

interface Loaded {
  survey: { id: string; version: number; siteKey: string; definition: Survey };
  preview: boolean;
}

export function Editor({ surveyId }: { surveyId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('Loading…');
  const [saving, setSaving] = useState(false);
  const [locale, setLocale] = useState('en');
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [width, setWidth] = useState<'desktop' | 'phone'>('desktop');
  const frame = useRef<HTMLIFrameElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [renders, setRenders] = useState(0);

  /** Puts the cursor on a line of the JSON so an error is one click from its place. */
  const goToLine = (line: number) => {
    const t = area.current;
    if (!t) return;
    const lines = t.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    t.focus();
    t.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    t.scrollTop = Math.max(0, ((line - 3) * t.scrollHeight) / Math.max(1, lines.length));
  };

  useEffect(() => {
    fetch(`/dashboard/api/surveys/${encodeURIComponent(surveyId)}`, { credentials: 'same-origin' })
      .then(async (res) => {
        if (res.status === 401) return location.assign('/dashboard');
        if (!res.ok) throw new Error(res.status === 404 ? 'No such survey.' : `HTTP ${res.status}`);
        const data = (await res.json()) as Loaded;
        setLoaded(data);
        setText(JSON.stringify(data.survey.definition, null, 2));
        setLocale(data.survey.definition.defaultLocale ?? 'en');
        setStatus('');
      })
      .catch((e: unknown) => setStatus(e instanceof Error ? e.message : String(e)));
  }, [surveyId]);

  const check = checkSurveyText(text, surveyId);
  const locales = check.survey ? surveyLocales(check.survey) : [locale];

  // The preview frame gets the survey by message: same origin only, no code is ever evaluated.
  const typing = useRef<{ start: number; end: number } | null>(null);
  const post = () => {
    const w = frame.current?.contentWindow;
    if (!w || !check.survey) return;
    const t = area.current;
    typing.current = t && document.activeElement === t ? { start: t.selectionStart, end: t.selectionEnd } : null;
    w.postMessage({ type: 'tellus-preview', survey: check.survey, locale, theme }, location.origin);
  };
  // Debounced, so typing does not remount the widget on every key.
  useEffect(() => {
    const timer = setTimeout(post, 250);
    return () => clearTimeout(timer);
  }, [text, locale, theme, loaded]);
  // The widget focuses its first control when it opens; hand focus back to whoever was typing.
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== location.origin || e.source !== frame.current?.contentWindow) return;
      if ((e.data as { type?: string })?.type !== 'tellus-preview-rendered') return;
      setRenders((n) => n + 1);
      const t = area.current;
      const sel = typing.current;
      if (t && sel && document.activeElement === frame.current) {
        t.focus();
        t.setSelectionRange(sel.start, sel.end);
      }
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, []);

  const save = async () => {
    if (!check.survey || !loaded) return;
    setSaving(true);
    setStatus('Saving…');
    try {
      const res = await fetch(`/dashboard/api/surveys/${encodeURIComponent(surveyId)}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ survey: check.survey }),
      });
      const body = (await res.json()) as { version?: number; created?: boolean; error?: string; issues?: { path: string; message: string }[] };
      if (!res.ok) throw new Error([body.error, ...(body.issues ?? []).map((i) => `${i.path}: ${i.message}`)].filter(Boolean).join('; '));
      const saved = { ...check.survey, version: body.version ?? check.survey.version };
      setLoaded({ ...loaded, survey: { ...loaded.survey, version: saved.version, definition: saved } });
      setText(JSON.stringify(saved, null, 2));
      setStatus(body.created ? `Saved as version ${saved.version}.` : 'No changes to save.');
    } catch (e) {
      setStatus(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="layout">
      <nav class="surveys" aria-label="Surveys">
        <h2>Editing</h2>
        <ul>
          <li>
            <a href={`/dashboard/surveys/${encodeURIComponent(surveyId)}`}>← Results of {surveyId}</a>
          </li>
        </ul>
      </nav>
      <main id="main">
        <h2>
          Edit {surveyId}
          {loaded && (
            <span class="muted">
              {' '}
              · version {loaded.survey.version} · site {loaded.survey.siteKey}
            </span>
          )}
        </h2>
        <p role="status" class={status.startsWith('Not saved') ? 'error' : 'muted'}>
          {status}
        </p>
        {loaded && (
          <div class="editor">
            <div>
              <label for="survey-json">Survey definition (JSON)</label>
              <textarea
                ref={area}
                id="survey-json"
                spellcheck={false}
                value={text}
                aria-invalid={check.issues.length > 0}
                aria-describedby="survey-issues"
                onInput={(e) => setText(e.currentTarget.value)}
              />
              <div id="survey-issues" aria-live="polite">
                {check.issues.length === 0 ? (
                  <p class="muted">Valid. Saving stores it as a new version.</p>
                ) : (
                  <ul class="issues">
                    {check.issues.map((i, k) => (
                      <li key={k}>
                        <code>{i.path || '(survey)'}</code> {i.message}
                        {i.line !== null && (
                          <>
                            {' '}
                            <button type="button" class="link" onClick={() => goToLine(i.line as number)}>
                              line {i.line}
                            </button>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <button type="button" onClick={save} disabled={!check.survey || saving}>
                Save new version
              </button>
            </div>
            <div>
              <div class="switches">
                <label>
                  Locale{' '}
                  <select value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
                    {locales.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Theme{' '}
                  <select value={theme} onChange={(e) => setTheme(e.currentTarget.value as 'light' | 'dark')}>
                    <option value="light">Light</option>
                    <option value="dark">Dark</option>
                  </select>
                </label>
                <label>
                  Width{' '}
                  <select value={width} onChange={(e) => setWidth(e.currentTarget.value as 'desktop' | 'phone')}>
                    <option value="desktop">Desktop</option>
                    <option value="phone">Phone</option>
                  </select>
                </label>
              </div>
              {loaded.preview ? (
                <div class={`preview ${width}`} data-renders={renders}>
                  <iframe ref={frame} src="/dashboard/preview" title="Live preview of the survey" onLoad={post} />
                </div>
              ) : (
                <p class="muted">The live preview appears once the widget is built (packages/widget/dist/tellus-ui.js).</p>
              )}
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
