// nova-sim/intercept: the simulated cloud answers HTTP clients in this process, no socket.

export type { CloudInterception, Credentials, InterceptOptions } from './intercept-cloud.js';
export { interceptCloud } from './intercept-cloud.js';
