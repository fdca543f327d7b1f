/**
 * Child process holding the RunSignUp sandbox, so its memory and CPU stay out of the measured sync
 * process. Started with `fork` and the sandbox options as JSON in argv[2]; it sends
 * `{ baseUrl, origin, credentials }` once listening, serves `/_admin/mutate` and `/_admin/state`
 * over HTTP, and closes when the parent disconnects.
 */
import { startRunSignupSandbox, type RunSignupSandboxOptions } from '../src/sandbox/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as RunSignupSandboxOptions;
const sandbox = await startRunSignupSandbox(options);

const stop = () => {
  sandbox.close().finally(() => process.exit(0));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send!({ baseUrl: sandbox.baseUrl, origin: sandbox.origin, credentials: sandbox.credentials });
