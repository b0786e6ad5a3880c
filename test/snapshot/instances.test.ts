import { withoutInterfaceCopy } from '../../lambda/snapshot/instances';

describe('withoutInterfaceCopy', () => {
  it('drops the copy of the interfaces and keeps every other field as AWS returned it', () => {
    const instance = {
      InstanceId: 'i-1',
      State: { Name: 'running' },
      SecurityGroups: [{ GroupId: 'sg-1' }],
      NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1' }],
    };

    expect(withoutInterfaceCopy(instance)).toStrictEqual({
      InstanceId: 'i-1',
      State: { Name: 'running' },
      SecurityGroups: [{ GroupId: 'sg-1' }],
    });
    expect(instance.NetworkInterfaces).toHaveLength(1);
  });

  it('returns an instance without the copy as it is', () => {
    const instance = { InstanceId: 'i-2' };

    expect(withoutInterfaceCopy(instance)).toBe(instance);
  });
});
