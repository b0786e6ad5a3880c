import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import { describeEntry } from '../../net/nacl';

/**
 * AWS lists the final catch-all denies itself: rule 32767 for IPv4 and rule 32768 for IPv6 (`::/0`),
 * both shown as `*` in the console. User entries are numbered 1-32766.
 */
export function isImplicitEntry(entry: NetworkAclEntry): boolean {
  return (entry.RuleNumber ?? 0) >= 32767;
}

/**
 * describeEntry from net/nacl, except that the IPv6 catch-all (32768) is also shown as `*`, as the
 * console shows it (net/nacl only knows 32767).
 */
export function describeNaclEntry(entry: NetworkAclEntry): string {
  const text = describeEntry(entry);
  return entry.RuleNumber === 32768 ? text.replace('rule 32768 ', 'rule * (32768) ') : text;
}
