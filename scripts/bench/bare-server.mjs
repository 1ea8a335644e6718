// The baseline server: node:http that only parses the JSON batch and acknowledges every id with 200 (no validation, no storage).
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': 'content-type' };
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let ids = [];
    try {
      ids = (JSON.parse(Buffer.concat(chunks).toString('utf8')).responses ?? []).map((r) => r.id);
    } catch {
      return void res.writeHead(400, { 'content-type': 'application/json', ...cors }).end('{"error":"malformed"}');
    }
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.end(JSON.stringify({ accepted: ids, duplicates: [], rejected: [] }));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
