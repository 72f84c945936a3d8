import type { PromptState } from '../connection/prompt.js';
import { visiblePrompt } from '../connection/prompt.js';

/**
 * Whether what you type next is a secret: the server's prompt asks for a password. Such input
 * is shown masked, kept out of the history and the `--log`, and shown masked once sent.
 */

// `Password:`, `Enter passphrase: `, `密码：` (full-width or ASCII colon), any case.
const PASSWORD_PROMPT = /(?:password|passphrase|passwort|mot de passe|密码|密碼)\s*[:：]\s*$/iu;

/** Whether a prompt line asks for a password. */
export function isPasswordPrompt(text: string): boolean {
  return PASSWORD_PROMPT.test(text);
}

/** Whether the input is secret now, given the prompt on show. */
export function secretInput(prompt: PromptState): boolean {
  return isPasswordPrompt(visiblePrompt(prompt));
}

/** What a secret shows as once sent: the same for every secret, so not even its length leaks. */
export const SECRET_MASK = '••••••••';
