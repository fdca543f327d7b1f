/**
 * Child process holding a sandbox, so its memory and CPU stay out of the measured sync process.
 * Started with `fork`, the sandbox options as JSON in argv[2] and, in argv[3], which sandbox:
 *   runsignup (default)  the RunSignUp-only sandbox; sends `{ baseUrl, origin, credentials }`
 *   world                `startSandbox` with the skins the options name; sends `{ endpoints }`
 * Each serves `/_admin/*` over HTTP and closes when the parent disconnects.
 */
import { startRunSignupSandbox, startSandbox, type RunSignupSandboxOptions, type SandboxOptions } from '../src/sandbox/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as unknown;
const kind = process.argv[3] ?? 'runsignup';

async function start(): Promise<{ close(): Promise<void>; address: unknown }> {
  if (kind === 'world') {
    const sandbox = await startSandbox(options as SandboxOptions);
    return { close: () => sandbox.close(), address: { endpoints: sandbox.endpoints } };
  }
  if (kind !== 'runsignup') throw new Error(`sandbox-process: unknown sandbox "${kind}" (runsignup or world)`);
  const sandbox = await startRunSignupSandbox(options as RunSignupSandboxOptions);
  return { close: () => sandbox.close(), address: { baseUrl: sandbox.baseUrl, origin: sandbox.origin, credentials: sandbox.credentials } };
}

const sandbox = await start();
const stop = () => {
  sandbox.close().finally(() => process.exit(0));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send!(sandbox.address);
