// A plain Node ESM script embedding the packed @tellus/collector as a library: storage, a site, a survey, the server, one response.
// Usage: node collector.mjs DATA_DIR PAGE_ORIGIN — prints one JSON line ({ url, ack }) and serves until stdin closes.
import { randomUUID } from 'node:crypto';
import { openStorage, serve, silentLogger } from '@tellus/collector';

const [dataDir, origin] = process.argv.slice(2);
const storage = await openStorage({ dataDir });
await storage.upsertSite({ key: 'consumer', origins: [origin] });
// Triggered by events only, so neither shows by itself and takes the stage from the other.
await storage.putSurvey('consumer', {
  id: 'tag-csat',
  version: 1,
  trigger: { event: 'checkout' },
  questions: [{ id: 'csat', type: 'rating', scale: 5, text: 'How was it?' }],
});
await storage.putSurvey('consumer', {
  id: 'inline-csat',
  version: 1,
  trigger: { event: 'never' },
  questions: [{ id: 'csat', type: 'rating', scale: 5, text: 'How was your order?' }],
});

const server = await serve({
  storage,
  port: 0,
  hostname: '127.0.0.1',
  adminToken: 'consumer-admin-token-of-24-chars',
  handleSignals: false,
  logger: silentLogger,
});

const now = new Date().toISOString();
const response = {
  id: randomUUID().replace(/^(.{14})./, '$17'), // a v4 uuid turned v7-shaped is enough for the collector's format check
  surveyId: 'tag-csat',
  surveyVersion: 1,
  seq: 0,
  completed: true,
  answers: { csat: 5 },
  meta: { url: `${origin}/node`, locale: 'en', channel: 'web' },
  anonId: 'anon_node_consumer',
  createdAt: now,
  updatedAt: now,
};
const reply = await fetch(`${server.url}/v1/responses`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ siteKey: 'consumer', responses: [response] }),
});
console.log(JSON.stringify({ url: server.url, status: reply.status, ack: await reply.json() }));

process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
