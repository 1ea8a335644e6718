// A TCP port on 127.0.0.1 that the OS says is free now, for servers started in another process (start, bench, tests).
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}
