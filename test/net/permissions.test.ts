import type { IpPermission } from '@aws-sdk/client-ec2';
import {
  describePermission,
  describeTraffic,
  openedPorts,
  permissionSources,
  permissionTraffic,
} from '../../lambda/net/permissions';
import { PortSet } from '../../lambda/net/ports';

describe('permissionTraffic', () => {
  it('reads a TCP port range', () => {
    const t = permissionTraffic({ IpProtocol: 'tcp', FromPort: 8000, ToPort: 8100 });
    expect(t.protocol).toBe('tcp');
    expect(t.ports.equals(PortSet.range(8000, 8100))).toBe(true);
  });

  it('normalises numeric protocols (6 is TCP, 17 is UDP)', () => {
    expect(permissionTraffic({ IpProtocol: '6', FromPort: 22, ToPort: 22 }).protocol).toBe('tcp');
    expect(permissionTraffic({ IpProtocol: '17', FromPort: 53, ToPort: 53 }).protocol).toBe('udp');
  });

  it.each<[string, IpPermission]>([
    ['missing bounds', { IpProtocol: 'tcp' }],
    ['missing ToPort', { IpProtocol: 'tcp', FromPort: 22 }],
    ['-1 bounds', { IpProtocol: 'udp', FromPort: -1, ToPort: -1 }],
    ['0-65535', { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }],
  ])('reads %s on TCP/UDP as all ports', (_, permission) => {
    expect(permissionTraffic(permission).ports.isAll()).toBe(true);
  });

  it('gives all ports for protocols without ports (ICMP type/code are not ports)', () => {
    const t = permissionTraffic({ IpProtocol: 'icmp', FromPort: 8, ToPort: 0 });
    expect(t.protocol).toBe('icmp');
    expect(t.ports.isAll()).toBe(true);
    expect(permissionTraffic({ IpProtocol: '-1' }).protocol).toBe('all');
  });
});

describe('permissionSources', () => {
  const permission: IpPermission = {
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }],
    Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }, { CidrIpv6: '::/0' }],
    UserIdGroupPairs: [{ GroupId: 'sg-1' }],
    PrefixListIds: [{ PrefixListId: 'pl-1' }],
  };

  it('lists every source for messages: CIDRs, groups, prefix lists', () => {
    expect(permissionSources(permission)).toEqual([
      '10.0.0.0/8',
      '0.0.0.0/0',
      '2001:db8::/32',
      '::/0',
      'sg-1',
      'pl-1',
    ]);
  });
});

describe('describeTraffic and describePermission', () => {
  it('names protocol and ports as an engineer reads them', () => {
    expect(
      describePermission({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      }),
    ).toBe('TCP 22 from 0.0.0.0/0');
    expect(
      describePermission({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      }),
    ).toBe('TCP 22 from 0.0.0.0/0, ::/0');
    expect(describePermission({ IpProtocol: 'udp', FromPort: 1000, ToPort: 2000 })).toBe('UDP 1000-2000');
    expect(describePermission({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })).toBe(
      'all traffic from 0.0.0.0/0',
    );
    expect(describePermission({ IpProtocol: 'tcp' })).toBe('TCP 0-65535');
    expect(describePermission({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })).toBe('ICMP');
  });

  it('uses the sources it is given instead of all of them', () => {
    const p: IpPermission = {
      IpProtocol: 'tcp',
      FromPort: 3389,
      ToPort: 3389,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }],
    };
    expect(describePermission(p, ['0.0.0.0/0'])).toBe('TCP 3389 from 0.0.0.0/0');
  });

  it('describeTraffic writes all TCP ports as 0-65535', () => {
    expect(describeTraffic({ protocol: 'tcp', ports: PortSet.ALL })).toBe('TCP 0-65535');
    expect(describeTraffic({ protocol: 'tcp', ports: PortSet.ports([22, 80]) })).toBe('TCP 22, 80');
  });
});

describe('openedPorts', () => {
  const wanted = PortSet.ports([22, 3389]);
  it('all traffic opens every wanted port; another protocol opens none', () => {
    expect(openedPorts({ protocol: 'all', ports: PortSet.ALL }, 'tcp', wanted).equals(wanted)).toBe(true);
    expect(openedPorts({ protocol: 'udp', ports: PortSet.ALL }, 'tcp', wanted).isEmpty()).toBe(true);
    expect(openedPorts({ protocol: 'tcp', ports: PortSet.range(0, 1024) }, 'tcp', wanted).toString()).toBe(
      '22',
    );
  });
});
