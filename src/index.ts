export * from './protocol/index.js';
export type { ClientOptions } from './app/client-options.js';
export { defaultServerOptions, type ServerOptions } from './server/core/server-options.js';
export type { Target } from './shared/target.js';
export { parseTarget, formatTarget } from './shared/target.js';
export { version } from './shared/version.js';
export {
  createServer,
  formatServerEvent,
  ServerError,
  type ServerEvent,
  type TcpchatServer,
} from './server/server.js';
