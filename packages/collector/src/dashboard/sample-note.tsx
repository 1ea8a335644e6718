// Says when a panel is computed from the newest responses only, not every response in the range.
import type { SampleInfo } from '../results/insights.js';

export function SampleNote({ sample, what }: { sample: SampleInfo; what: string }) {
  if (sample.complete) return null;
  return (
    <p class="muted note">
      Estimated from the newest {sample.read.toLocaleString('en-GB')} {what} in this range.
    </p>
  );
}
