import type { Rule } from '../../engine/rule';
import { vpnAllTunnelsDown } from './vpn-1-all-tunnels-down';
import { vpnTunnelDown } from './vpn-2-tunnel-down';

export const vpnRules: Rule[] = [vpnAllTunnelsDown, vpnTunnelDown];
