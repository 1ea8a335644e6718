// Dashboard entry (bundled to dist/dashboard.js): the app, or the editor's preview runner inside its frame.
import { render } from 'preact';
import { runPreview } from '../pages/preview.js';
import { App } from './app.js';

const preview = document.getElementById('tellus-preview');
const root = document.getElementById('app');
if (preview) runPreview(preview);
else if (root) {
  root.textContent = '';
  render(<App />, root);
}
