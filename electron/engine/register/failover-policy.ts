// RFC 3263 §4.3: when a target does not answer, cannot be reached, or answers 503, the client
// tries the next one the name resolved to. A rejection (403, 401 with a wrong password) or a 429
// block is the provider's answer, and another region would only repeat it.
import type { RegistrationResult } from './registration';

export function shouldFailOver(
  first: RegistrationResult | undefined,
): first is Extract<RegistrationResult, { readonly ok: false }> {
  return (
    first !== undefined &&
    !first.ok &&
    !first.rateLimited &&
    (first.status === undefined || first.status === 503)
  );
}
