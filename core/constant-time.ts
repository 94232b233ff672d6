/**
 * String comparison whose time does not depend on where the strings differ, for secrets
 * (API keys, URL signatures). Pure: no runtime-specific imports.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
