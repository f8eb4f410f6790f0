/** The fixed e-mail addresses a definition's notifications go to, and whether a domain takes them. */
import type { Definition } from '../common/definition-schema';

export interface FixedAddress {
  /** Where the address is in the definition, e.g. `notifications[2].to[1].address`. */
  path: string;
  /** Trimmed and in lower case, as addresses are compared. */
  address: string;
}

export const normalAddress = (address: string) => address.trim().toLowerCase();

export function fixedAddresses(definition: Pick<Definition, 'notifications'>): FixedAddress[] {
  return definition.notifications.flatMap((rule, i) =>
    rule.to.flatMap((to, j) => ('address' in to ? [{ path: `notifications[${i}].to[${j}].address`, address: normalAddress(to.address) }] : [])),
  );
}

/** Whether an address is in one of the domains, by the exact domain after its last `@`. */
export function inDomains(address: string, domains: readonly string[]): boolean {
  const domain = normalAddress(address).split('@').pop() ?? '';
  return domains.some((d) => d.toLowerCase() === domain);
}
