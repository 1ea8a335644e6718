// A React app as a web developer writes one: the packed @tellus/react, @tellus/sdk and @tellus/schema, nothing from the workspace.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TellusProvider, TellusSurvey, useTellus } from '@tellus/react';
import type { Survey } from '@tellus/schema';
import type { TellusOptions } from '@tellus/sdk';

const params = new URLSearchParams(location.search);

const inline: Survey = {
  id: 'inline-csat',
  version: 1,
  trigger: { event: 'never-fired' }, // shown only where <TellusSurvey> puts it
  questions: [{ id: 'csat', type: 'rating', scale: 5, text: 'How was your order?' }],
};

const options: TellusOptions = { siteKey: 'consumer', endpoint: params.get('endpoint') ?? '', surveys: [inline], storage: 'memory' };

function Status() {
  const tellus = useTellus();
  return <p id="status">{tellus ? 'ready' : 'starting'}</p>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TellusProvider options={options}>
      <Status />
      <TellusSurvey surveyId="inline-csat" className="feedback" />
    </TellusProvider>
  </StrictMode>,
);
