/**
 * Optional `GET /healthz` on VIRTBOT_HEALTH_PORT: 200 with the /virt about facts as
 * JSON while the database answers and every configured adapter is connected, 503
 * otherwise.
 */
import { createServer, type Server } from 'node:http';
import type { App } from './app.js';
import { aboutFacts } from './core/commands/about.js';
import { dbAnswers } from './db/health.js';

/** The health report: `ok` decides 200 or 503. */
export function healthReport(app: App): { ok: boolean; database: boolean } & ReturnType<typeof aboutFacts> {
  const facts = aboutFacts(app.services);
  const database = dbAnswers(app.db);
  return { ok: database && facts.adapters.every((a) => a.connected), database, ...facts };
}

/**
 * Listens on `port` (0 = any free port) at `host`. @returns the listening server.
 * @throws the listen error (EADDRINUSE) so start-up can name the port.
 */
export function startHealthServer(app: App, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const report = healthReport(app);
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
