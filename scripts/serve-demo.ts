// Serves the repository for the browser demo (npm run demo): http://127.0.0.1:PORT/examples/browser/
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.js';

const port = Number(process.env.PORT ?? 8080);
const server = await serveStatic(fileURLToPath(new URL('..', import.meta.url)), {}, port);
console.log(`radiomics demo: ${server.url}/examples/browser/  (Ctrl-C stops)`);
