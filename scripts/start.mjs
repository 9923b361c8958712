// `npm start`: builds the studio and serves the build the way users get it — with the service worker (the offline
// copy) and the security headers — at http://localhost:5173. The e2e tests serve through this same script
// (`--no-build`, their own port), so what they check is what `npm start` serves. `npm run dev` is the hot-reloading
// development server instead (no service worker, no offline copy).
// Usage: node scripts/start.mjs [--port N] [--no-build]
import { build, preview } from 'vite';

const args = process.argv.slice(2);
const at = args.indexOf('--port');
const port = at >= 0 ? Number(args[at + 1]) : 5173;
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port needs a port number from 1 to 65535 (got "${args[at + 1]}").`);
  process.exit(2);
}

if (!args.includes('--no-build')) await build({ logLevel: 'warn' });
const server = await preview({ preview: { port, strictPort: true } });
server.printUrls();
console.log('Serving the built studio with its offline copy. Press Ctrl+C to stop.');
