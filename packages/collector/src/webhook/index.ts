// Webhooks: completed responses posted to a per-survey URL with an HMAC signature, retried with backoff.
export { createWebhookDispatcher, type WebhookDispatcher, type WebhookOptions, type WebhookPayload } from './dispatcher.js';
export { signBody, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign.js';
