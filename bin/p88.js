#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm install` is the only step before `p88`.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`p88 … | head`) closes the pipe: that ends the output, it is no error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
