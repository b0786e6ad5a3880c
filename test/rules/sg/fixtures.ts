import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../../../lambda/snapshot/types';
import { NetworkBuilder } from '../../support/network-builder';

/** One group `sg-web` in a bare VPC (no default group), with the given ingress and egress. */
export function oneGroup(ingress: IpPermission[], egress?: IpPermission[]): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ bare: true });
  net.securityGroup({ vpc, id: 'sg-web', ingress, ...(egress ? { egress } : {}) });
  return net.snapshot();
}

/** A network whose collection of `api` failed region-wide, with one group in it. */
export function withCollectionError(api: string): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ bare: true });
  net.securityGroup({ vpc, id: 'sg-web' });
  net.error({ api, code: 'AccessDenied', message: 'denied' });
  return net.snapshot();
}
