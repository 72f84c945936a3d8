/** The commands a tcpchat server knows, as a client may offer to complete them. */
export const TCPCHAT_COMMANDS: readonly string[] = [
  '/help',
  '/date',
  '/os',
  '/ls',
  '/version',
  '/echo',
  '/exit',
  '/quit',
  '/nick',
  '/join',
  '/part',
  '/me',
  '/msg',
  '/who',
  '/rooms',
];
