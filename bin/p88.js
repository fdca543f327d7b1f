#!/usr/bin/env -S node --max-old-space-size=1024
// Runs the TypeScript sources directly through tsx, so `npm install` is the only step before `p88`.
// The heap ceiling: V8 sizes the heap from the machine's memory (about 4 GB on a 24 GB machine) and,
// with the engine's small live set (~25 MB), lets each page's garbage pile up to ~200 MB before it
// collects; with a 1 GB ceiling it collects sooner, at no measured cost in time (docs/performance.md).
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
