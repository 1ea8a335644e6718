// The dashboard's calls for alerts: deliveries, follow-ups and rules, same-origin with the session cookie.
import type { DeliveryView } from '../deliveries/types.js';
import type { ClosedLoop, FollowUp, FollowUpStatus } from '../alerts/store.js';
import type { Issue } from '@tellus/schema';
import { SignedOut } from './api.js';

export class InvalidInput extends Error {
  constructor(readonly issues: Issue[]) {
    super('invalid input');
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    credentials: 'same-origin',
    ...init,
    headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
  });
  if (res.status === 401) throw new SignedOut('signed out');
  const body = (await res.json().catch(() => ({}))) as T & { error?: string; issues?: Issue[] };
  if (res.status === 400 && body.issues) throw new InvalidInput(body.issues);
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

const survey = (id: string) => `/v1/admin/surveys/${encodeURIComponent(id)}`;

export const getDeliveries = (surveyId: string) =>
  call<{ counts: Record<'pending' | 'delivered' | 'failed', number>; deliveries: DeliveryView[] }>(
    `/v1/admin/deliveries?surveyId=${encodeURIComponent(surveyId)}&limit=20`,
  );
export const retryDelivery = (id: string) => call<unknown>(`/v1/admin/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST', body: '{}' });
export const getFollowUps = (surveyId: string, groupBy: string) =>
  call<{ groupBy: string; closedLoop: ClosedLoop[]; followUps: FollowUp[] }>(`${survey(surveyId)}/follow-ups?groupBy=${encodeURIComponent(groupBy)}`);
export const setFollowUp = (responseId: string, status: FollowUpStatus, by: string) =>
  call<{ followUp: FollowUp }>(`/v1/admin/follow-ups/${encodeURIComponent(responseId)}`, { method: 'PUT', body: JSON.stringify({ status, by }) });
export const getRules = (surveyId: string) => call<{ rules: unknown[] }>(`${survey(surveyId)}/rules`);
export const putRules = (surveyId: string, rules: unknown) =>
  call<{ rules: unknown[] }>(`${survey(surveyId)}/rules`, { method: 'PUT', body: JSON.stringify({ rules }) });
