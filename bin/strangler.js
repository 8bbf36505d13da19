#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import('../proxy/cli/strangler.ts');
