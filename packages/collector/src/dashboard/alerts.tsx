// The dashboard's alert panels for one survey: follow-ups with "closed within 24 h" per branch, delivery status, the rules form (rules-form.tsx).
import { useEffect, useState } from 'preact/hooks';
import type { DeliveryView } from '../deliveries/types.js';
import type { ClosedLoop, FollowUp, FollowUpStatus } from '../alerts/store.js';
import type { QuestionResult } from '../results/types.js';
import { getDeliveries, getFollowUps, retryDelivery, setFollowUp } from './alerts-api.js';
import { RulesForm } from './rules-form.js';
import { formatDateTime, formatPercent } from './format.js';

const STATUSES: FollowUpStatus[] = ['open', 'contacted', 'resolved'];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function ClosedLoopTable({ rows, groupBy }: { rows: ClosedLoop[]; groupBy: string }) {
  if (rows.length === 0) return <p class="muted">No alerted responses yet.</p>;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={`Loop closed within 24 hours by ${groupBy}`}>
      <table>
        <caption class="sr-only">Loop closed within 24 hours by {groupBy}</caption>
        <thead>
          <tr>
            <th scope="col">{groupBy}</th>
            <th scope="col" class="num">
              Alerted
            </th>
            <th scope="col" class="num">
              Closed within 24 h
            </th>
            <th scope="col" class="num">
              Still open
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group ?? ''}>
              <th scope="row">{r.group ?? '(none)'}</th>
              <td class="num">{r.alerted}</td>
              <td class="num">
                {formatPercent(r.closedWithin24h, r.alerted)} <span class="muted">({r.closedWithin24h})</span>
              </td>
              <td class={r.open > 0 ? 'num below' : 'num'}>{r.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FollowUpRow({ item, by, onChange }: { item: FollowUp; by: string; onChange: (f: FollowUp) => void }) {
  const [error, setError] = useState<string | null>(null);
  const meta = item.meta ?? {};
  const score = ['nps', 'csat', 'rating', 'ces'].map((k) => item.answers?.[k]).find((v) => typeof v === 'number');
  return (
    <tr>
      <td>{formatDateTime(item.alertedAt)}</td>
      <td>{String(meta.location ?? '')}</td>
      <td>{String(meta.agent ?? '')}</td>
      <td class="num">{score === undefined ? '' : String(score)}</td>
      <td>
        <select
          aria-label={`Follow-up status of response ${item.responseId}`}
          value={item.status}
          onChange={(e) => {
            setFollowUp(item.responseId, e.currentTarget.value as FollowUpStatus, by || 'dashboard').then(
              (r) => {
                setError(null);
                onChange(r.followUp);
              },
              (err: unknown) => setError(message(err)),
            );
          }}
        >
          {STATUSES.map((s) => (
            <option value={s} key={s}>
              {s}
            </option>
          ))}
        </select>
        {error && <span class="error"> {error}</span>}
      </td>
      <td class="muted">{item.statusBy ? `${item.statusBy}, ${formatDateTime(item.statusAt ?? '')}` : ''}</td>
    </tr>
  );
}

export function FollowUpsPanel({ surveyId, groupBy }: { surveyId: string; groupBy: string }) {
  const [data, setData] = useState<{ closedLoop: ClosedLoop[]; followUps: FollowUp[]; groupBy: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [by, setBy] = useState(() => localStorage.getItem('tellus.followUpBy') ?? '');
  const load = () => getFollowUps(surveyId, groupBy || 'location').then(setData, (e: unknown) => setError(message(e)));
  useEffect(() => void load(), [surveyId, groupBy]);
  return (
    <section class="panel" aria-labelledby="follow-ups-h">
      <h3 id="follow-ups-h">Follow-ups</h3>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && <ClosedLoopTable rows={data.closedLoop} groupBy={data.groupBy} />}
      {data && data.followUps.length > 0 && (
        <>
          <label class="inline">
            Your name{' '}
            <input
              value={by}
              maxLength={100}
              onInput={(e) => {
                setBy(e.currentTarget.value);
                localStorage.setItem('tellus.followUpBy', e.currentTarget.value);
              }}
            />
          </label>
          <div class="scroll" tabIndex={0} role="region" aria-label={'Alerted responses'}>
            <table>
              <caption class="sr-only">Alerted responses</caption>
              <thead>
                <tr>
                  <th scope="col">Alerted</th>
                  <th scope="col">Branch</th>
                  <th scope="col">Agent</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Changed by</th>
                </tr>
              </thead>
              <tbody>
                {data.followUps.map((f) => (
                  <FollowUpRow key={f.responseId} item={f} by={by} onChange={() => void load()} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function DeliveriesPanel({ surveyId }: { surveyId: string }) {
  const [data, setData] = useState<{ counts: Record<string, number>; deliveries: DeliveryView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => getDeliveries(surveyId).then(setData, (e: unknown) => setError(message(e)));
  useEffect(() => void load(), [surveyId]);
  return (
    <section class="panel" aria-labelledby="deliveries-h">
      <h3 id="deliveries-h">Deliveries</h3>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <p>
            <span class="pill">{data.counts.pending} pending</span> <span class="pill good">{data.counts.delivered} delivered</span>{' '}
            <span class={data.counts.failed ? 'pill bad' : 'pill'}>{data.counts.failed} failed</span>{' '}
            <button type="button" class="secondary" onClick={() => void load()}>
              Refresh
            </button>
          </p>
          {data.deliveries.length > 0 && (
            <div class="scroll" tabIndex={0} role="region" aria-label={'Latest deliveries'}>
              <table>
                <caption class="sr-only">Latest deliveries</caption>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">To</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Attempts
                    </th>
                    <th scope="col">Last error</th>
                    <th scope="col">
                      <span class="sr-only">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.deliveries.map((d) => (
                    <tr key={d.id}>
                      <td>{formatDateTime(d.createdAt)}</td>
                      <td>
                        {d.kind}
                        {d.ruleId ? <span class="muted"> · {d.ruleId}</span> : null}
                      </td>
                      <td class={d.status === 'failed' ? 'below' : ''}>{d.status}</td>
                      <td class="num">{d.attempts}</td>
                      <td class="error">{d.lastError ?? ''}</td>
                      <td>
                        {d.status === 'failed' && (
                          <button type="button" class="secondary" onClick={() => retryDelivery(d.id).then(load, (e: unknown) => setError(message(e)))}>
                            Retry
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function AlertsPanels({
  surveyId,
  groupBy,
  questions,
  attributes,
}: {
  surveyId: string;
  groupBy: string;
  questions: readonly QuestionResult[];
  attributes: readonly string[];
}) {
  return (
    <>
      <h2>Alerts</h2>
      <FollowUpsPanel surveyId={surveyId} groupBy={groupBy} />
      <DeliveriesPanel surveyId={surveyId} />
      <RulesForm surveyId={surveyId} questions={questions} attributes={attributes} />
    </>
  );
}
