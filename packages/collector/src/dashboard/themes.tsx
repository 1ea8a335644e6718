// Themes in comments: per language, what detractors and promoters write about, each theme opening its comments.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Insights } from '../results/insights.js';
import type { Theme } from '../results/themes/index.js';
import { formatDateTime } from './format.js';
import { SampleNote } from './sample-note.js';

/** The theme a digest e-mail links to (?theme=<term>&themeLanguage=<language>), opened on arrival. */
function linkedTheme(language: string, themes: Theme[]): string | null {
  const query = new URLSearchParams(location.search);
  const term = query.get('themeLanguage') === language ? query.get('theme') : null;
  return term && themes.some((t) => t.term === term) ? term : null;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', lv: 'Latvian', fa: 'Persian', ms: 'Malay', tr: 'Turkish' };

function ThemeList({
  themes,
  comments,
  heading,
  id,
  language,
}: {
  themes: Theme[];
  comments: Insights['themes']['comments'];
  heading: string;
  id: string;
  language: string;
}) {
  const [open, setOpen] = useState<string | null>(() => linkedTheme(language, themes));
  const linked = useRef<HTMLButtonElement>(null);
  useEffect(() => linked.current?.scrollIntoView({ block: 'start' }), []);
  return (
    <div class="theme-side">
      <h4 id={id}>{heading}</h4>
      {themes.length === 0 ? (
        <p class="muted">Nothing stands out.</p>
      ) : (
        <ul class="themes" aria-labelledby={id}>
          {themes.map((t) => (
            <li key={t.term}>
              <button
                type="button"
                class="theme"
                ref={open === t.term ? linked : undefined}
                aria-expanded={open === t.term}
                onClick={() => setOpen(open === t.term ? null : t.term)}
              >
                <bdi lang={language}>{t.label}</bdi> <span class="muted">· {t.side === 'low' ? t.low : t.high} comments</span>
              </button>
              {open === t.term && (
                <ol class="comments" aria-label={`Comments mentioning ${t.label}`}>
                  {t.comments.map((id) => {
                    const c = comments[id];
                    return c ? (
                      <li key={id}>
                        <blockquote dir="auto">{c.text}</blockquote>
                        <p>
                          {formatDateTime(c.createdAt)} · score {c.score}
                        </p>
                      </li>
                    ) : null;
                  })}
                  {t.comments.length < (t.side === 'low' ? t.low : t.high) && (
                    <li class="muted">
                      The newest {t.comments.length} of {t.side === 'low' ? t.low : t.high}.
                    </li>
                  )}
                </ol>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ThemesPanel({ insights }: { insights: Insights }) {
  const { themes } = insights;
  if (!themes.sides) return <p class="muted">Themes need a score question to tell unhappy from happy comments.</p>;
  if (themes.languages.length === 0) return <p class="muted">No comments with a score in this range.</p>;
  return (
    <>
      <p class="muted">
        Words and phrases that stand out in {themes.sides.low}' comments against {themes.sides.high}' (log-odds with an informative prior, |z| ≥ 1.96).
      </p>
      {themes.languages.map((l) => (
        <div class="theme-language" key={l.language}>
          <h4>
            {LANGUAGE_NAMES[l.language] ?? l.language} <span class="muted">· {l.comments} comments</span>
          </h4>
          <div class="theme-sides">
            <ThemeList
              themes={l.themes.filter((t) => t.side === 'low')}
              comments={themes.comments}
              heading={`Said by ${themes.sides!.low}`}
              id={`themes-${l.language}-low`}
              language={l.language}
            />
            <ThemeList
              themes={l.themes.filter((t) => t.side === 'high')}
              comments={themes.comments}
              heading={`Said by ${themes.sides!.high}`}
              id={`themes-${l.language}-high`}
              language={l.language}
            />
          </div>
        </div>
      ))}
      <SampleNote sample={themes.sample} what="comments" />
    </>
  );
}
