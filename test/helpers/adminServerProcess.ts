// A real Strangler process for CLI tests: `node --import tsx test/helpers/adminServerProcess.ts <routes.yaml>`.
// Starts from the file (hot reload, persistence, audit next to it) on 127.0.0.1 port 0, admin tokens from
// STRANGLER_ADMIN_TOKENS, and prints one JSON line with its URLs once it listens.
import path from 'node:path';
import { startFileProxy } from './adminFixtures.ts';

const configFile = process.argv[2];
if (!configFile) throw new Error('usage: adminServerProcess.ts <routes.yaml>');
const proxy = await startFileProxy('', { adminTokens: undefined }, path.dirname(path.resolve(configFile)));
console.log(JSON.stringify({ proxyUrl: proxy.proxyUrl, adminUrl: proxy.adminUrl }));
process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
