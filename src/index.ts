export * from './protocol/index.js';
export type { ServerOptions, ClientOptions, Target } from './options.js';
export { defaultServerOptions } from './options.js';
export { parseTarget, formatTarget } from './target.js';
export { version } from './version.js';
export {
  createServer,
  formatServerEvent,
  ServerError,
  type ServerEvent,
  type TcpchatServer,
} from './server/server.js';
