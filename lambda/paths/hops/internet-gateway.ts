import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { Hop } from '../types';

/** An internet gateway carries traffic only for the VPC it is attached to. */
export function internetGatewayHop(index: SnapshotIndex, igwId: string, vpcId: string | undefined): Hop {
  const hop = (status: Hop['status'], message: string, fix: string | null): Hop => ({
    kind: 'internet-gateway',
    resourceId: igwId,
    status,
    message,
    evidence: [message],
    fix,
  });
  if (vpcId && index.isInternetGatewayAttachedTo(igwId, vpcId)) {
    return hop('PASS', `${igwId} is attached to ${vpcId}`, null);
  }
  const attached = vpcId ? index.internetGatewaysOfVpc(vpcId)[0]?.InternetGatewayId : undefined;
  const elsewhere = [...index.vpcsOfInternetGateway(igwId)];
  const where = !index.internetGateways.has(igwId)
    ? `${igwId} is not in the snapshot (deleted?)`
    : elsewhere.length > 0
      ? `${igwId} is attached to ${elsewhere.join(', ')}, not ${vpcId ?? '?'}`
      : `${igwId} is attached to no VPC`;
  return hop(
    'FAIL',
    where,
    attached
      ? `Point the route at ${attached}, the internet gateway attached to ${vpcId}.`
      : `Attach an internet gateway to ${vpcId ?? 'the VPC'} and route to it.`,
  );
}

/** An egress-only internet gateway carries IPv6 connections that the VPC opens, never inbound ones. */
export function egressOnlyGatewayHop(
  index: SnapshotIndex,
  eigwId: string,
  vpcId: string | undefined,
  inbound: boolean,
): Hop {
  const hop = (status: Hop['status'], message: string, fix: string | null): Hop => ({
    kind: 'egress-only-internet-gateway',
    resourceId: eigwId,
    status,
    message,
    evidence: [message],
    fix,
  });
  const gateways = index.snapshot.egressOnlyInternetGateways;
  if (!gateways || index.missingParts.has('egressOnlyInternetGateways')) {
    return hop('SKIP', `egress-only internet gateways were not collected: ${eigwId} cannot be checked`, null);
  }
  const gateway = gateways.find((g) => g.EgressOnlyInternetGatewayId === eigwId);
  const attached = (gateway?.Attachments ?? []).some(
    (a) => a.VpcId === vpcId && (a.State === 'attached' || a.State === ('available' as string)),
  );
  if (!gateway || !attached) {
    return hop(
      'FAIL',
      gateway
        ? `${eigwId} is not attached to ${vpcId ?? '?'}`
        : `${eigwId} is not in the snapshot (deleted?)`,
      `Create an egress-only internet gateway for ${vpcId ?? 'the VPC'} and route ::/0 to it.`,
    );
  }
  if (inbound) {
    return hop(
      'FAIL',
      `${eigwId} is egress-only: it never carries connections opened from the internet`,
      'Route ::/0 to an internet gateway for IPv6 services that the internet must reach.',
    );
  }
  return hop('PASS', `${eigwId} carries IPv6 connections opened from ${vpcId ?? 'the VPC'}`, null);
}

/** Which internet gateway traffic Block Public Access lets through for one subnet. */
export type BpaTraffic = 'inbound' | 'outbound' | 'nat-gateway';

/**
 * VPC Block Public Access drops internet gateway (and egress-only gateway) traffic region-wide, except
 * for excluded VPCs and subnets: `block-bidirectional` drops all of it, `block-ingress` all but the
 * connections NAT gateways and egress-only gateways open. An exclusion `allow-bidirectional` restores
 * both ways, `allow-egress` connections opened from inside.
 */
export function blockPublicAccessHop(
  index: SnapshotIndex,
  vpcId: string | undefined,
  subnetId: string | undefined,
  traffic: BpaTraffic,
  viaEgressOnly = false,
): Hop | undefined {
  const options = index.snapshot.vpcBlockPublicAccessOptions;
  const hop = (status: Hop['status'], message: string, evidence: string[], fix: string | null): Hop => ({
    kind: 'block-public-access',
    resourceId: `${index.accountId}/${index.region}`,
    status,
    message,
    evidence,
    fix,
  });
  if (!options || index.missingParts.has('vpcBlockPublicAccessOptions')) {
    return hop(
      'SKIP',
      'VPC Block Public Access options were not collected: internet gateway traffic may be blocked',
      [],
      null,
    );
  }
  const mode = options.InternetGatewayBlockMode ?? 'off';
  if (mode === 'off') return undefined;
  const allowedByMode =
    mode === 'block-ingress' && (traffic === 'nat-gateway' || (viaEgressOnly && traffic === 'outbound'));
  if (allowedByMode) {
    return hop(
      'PASS',
      `Block Public Access is ${mode}: connections opened by ${traffic === 'nat-gateway' ? 'NAT gateways' : 'egress-only gateways'} are allowed`,
      [`InternetGatewayBlockMode ${mode}`],
      null,
    );
  }
  if (index.missingParts.has('vpcBlockPublicAccessExclusions')) {
    return hop(
      'SKIP',
      `Block Public Access is ${mode} and its exclusions were not collected`,
      [`InternetGatewayBlockMode ${mode}`],
      null,
    );
  }
  const exclusion = (index.snapshot.vpcBlockPublicAccessExclusions ?? []).find((e) => {
    const arn = e.ResourceArn ?? '';
    const live = e.State === 'create-complete' || e.State === 'update-complete';
    return live && ((vpcId && arn.endsWith(`/${vpcId}`)) || (subnetId && arn.endsWith(`/${subnetId}`)));
  });
  const excludedMode = exclusion?.InternetGatewayExclusionMode;
  if (excludedMode === 'allow-bidirectional' || (excludedMode === 'allow-egress' && traffic !== 'inbound')) {
    return hop(
      'PASS',
      `Block Public Access is ${mode}, and exclusion ${exclusion?.ExclusionId ?? '?'} (${excludedMode}) covers it`,
      [`${exclusion?.ExclusionId}: ${exclusion?.ResourceArn} ${excludedMode}`],
      null,
    );
  }
  const scope = subnetId ?? vpcId ?? 'the subnet';
  return hop(
    'FAIL',
    `VPC Block Public Access (${mode}) drops ${traffic === 'inbound' ? 'inbound' : 'outbound'} internet gateway traffic of ${scope}${exclusion ? ` (its exclusion ${exclusion.ExclusionId} is ${excludedMode})` : ''}`,
    [`InternetGatewayBlockMode ${mode}`, ...(exclusion ? [`${exclusion.ExclusionId}: ${excludedMode}`] : [])],
    `Create a Block Public Access exclusion (${traffic === 'inbound' ? 'allow-bidirectional' : 'allow-egress'}) for ${scope}, or route it through a NAT gateway.`,
  );
}
