// Where the widget's built files are; building them is the shared test helper's job.
import { ROOT } from '../helpers/build.js';

export { ROOT, ensureBuilt } from '../helpers/build.js';
export const DIST = ROOT + 'packages/widget/dist/';
