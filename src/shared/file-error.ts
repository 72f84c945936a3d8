import { errorCode } from './error-code.js';

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** Why a file could not be read or written, in a few words (`no such file or directory`). */
export function fileErrorText(error: unknown): string {
  const reason = reasons[errorCode(error) ?? ''];
  if (reason !== undefined) return reason;
  return error instanceof Error ? error.message : String(error);
}
