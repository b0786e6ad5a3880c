import { z } from 'zod';
import { parseCidr } from '../net/cidr';

const cidr = z
  .string()
  .refine((v) => parseCidr(v) !== undefined, { message: 'not a CIDR block such as 192.168.1.0/24' });

/** A named on-premises network: `explain` and declared paths take its name as an end. */
export const onPremisesNetworkSchema = z.strictObject({
  name: z.string().min(1),
  cidrs: z.array(cidr).min(1, 'an on-premises network needs at least one CIDR'),
});

/**
 * A path the team declares: `from` and `to` take what `explain` takes, plus `subnet-…`, `vpc-…` and
 * `tag:Key=Value` (every instance matching).
 */
export const declaredPathSchema = z.strictObject({
  name: z.string().min(1, 'a declared path needs a name'),
  from: z.string().min(1),
  to: z.string().min(1),
  protocol: z.enum(['tcp', 'udp', 'icmp']).default('tcp'),
  port: z.number().int().min(0).max(65535).default(443),
  ipVersion: z.union([z.literal(4), z.literal(6)]).optional(),
});

export type OnPremisesNetworkConfig = z.output<typeof onPremisesNetworkSchema>;
export type DeclaredPath = z.output<typeof declaredPathSchema>;

export const pathsConfigShape = {
  onPremisesNetworks: z.array(onPremisesNetworkSchema).default([]),
  requiredPaths: z.array(declaredPathSchema).default([]),
  forbiddenPaths: z.array(declaredPathSchema).default([]),
};
