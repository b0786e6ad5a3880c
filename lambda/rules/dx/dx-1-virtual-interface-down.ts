import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';

/** States of a virtual interface that is gone or refused: nothing left to judge. */
const GONE = new Set(['deleted', 'deleting', 'rejected']);

export const directConnectInterfaceDown = defineRule({
  id: 'DX.1',
  title: 'Direct Connect virtual interface is down or has a BGP peer down',
  description:
    'A virtual interface carries traffic between AWS and the on-premises network only when it is available ' +
    'and its BGP sessions are up. Otherwise the routes it announces are withdrawn and the networks behind ' +
    'it are unreachable, or reachable only over a backup path.',
  severity: 'HIGH',
  resourceType: 'AwsDirectConnectVirtualInterface',
  category: 'connectivity',
  requires: ['virtualInterfaces'],
  remediation: {
    text:
      'Check the physical connection and the BGP configuration of the on-premises router (ASN, peer ' +
      'addresses, authentication key) against `aws directconnect describe-virtual-interfaces`; accept an ' +
      'interface still in the confirming state.',
    url: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/Troubleshooting.html',
  },
  references: [],
  evaluate(index) {
    return (index.snapshot.virtualInterfaces ?? [])
      .filter((vif) => !GONE.has(vif.virtualInterfaceState ?? ''))
      .map((vif) => {
        const id = vif.virtualInterfaceId!;
        const state = vif.virtualInterfaceState ?? 'unknown';
        if (state === 'unknown') return notEvaluated(id, `${id} reports an unknown state`);
        if (state !== 'available') {
          return failed(id, `${id} is ${state}, not available`, { evidence: { state } });
        }
        const peers = (vif.bgpPeers ?? []).filter((p) => !GONE.has(p.bgpPeerState ?? ''));
        const name = (p: (typeof peers)[number]): string => p.bgpPeerId ?? p.amazonAddress ?? '?';
        const down = peers.filter((p) => p.bgpStatus === 'down').map(name);
        if (down.length > 0) {
          return failed(id, `${id} is available but BGP is down for peer(s) ${down.join(', ')}`, {
            evidence: { bgpPeersDown: down },
          });
        }
        const unknown = peers.filter((p) => p.bgpStatus !== 'up').map(name);
        if (unknown.length > 0) {
          return notEvaluated(id, `${id} reports BGP status unknown for peer(s) ${unknown.join(', ')}`);
        }
        return passed(id, `${id} is available with ${peers.length} BGP peer(s) up`);
      });
  },
});
