export * from './line-framer.js';
export * from './sanitize.js';
export * from './telnet-filter.js';
export * from './utf8.js';
export * from './tcpchat-commands.js';
