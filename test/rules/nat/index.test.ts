import { natRules } from '../../../lambda/rules/nat';
import { describeFamilyContract } from '../rt/family-contract';

describeFamilyContract('NAT, Elastic IP and internet gateway', natRules, [
  'NAT.1',
  'NAT.2',
  'NAT.3',
  'NAT.4',
  'NAT.5',
  'NAT.6',
  'EIP.1',
  'EIP.2',
  'IGW.1',
]);
