/**
 * Environment values that look like secrets are masked wherever stack prints a config
 * (`stack config`, state shown to people): a terminal screenshot or a CI log must not
 * leak a token. The value itself still reaches the service.
 */
/** The words that make a variable name a secret's, as a regex alternation (also used by redact.ts). */
export const SECRET_WORDS = 'SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|PRIVATE';
const SECRET_NAME = new RegExp(SECRET_WORDS, 'i');
/**
 * user:password@ in a URL (postgres://app:hunter2@db/shop): groups 1 and 3 around the
 * password in group 2. Global: use it with replace or matchAll, which do not keep state.
 */
export const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)(@)/gi;

export const MASK = '••••••';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function maskValue(name: string, value: string): string {
  if (isSecretName(name) && value !== '') return MASK;
  return value.replace(URL_PASSWORD, `$1${MASK}$3`);
}

export function maskEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, maskValue(k, v)]));
}
