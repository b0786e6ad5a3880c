import { routeRules } from '../../../lambda/rules/rt';
import { describeFamilyContract } from './family-contract';

describeFamilyContract('Route', routeRules, [
  'RT.1',
  'RT.2',
  'RT.3',
  'RT.4',
  'RT.5',
  'RT.6',
  'RT.7',
  'RT.8',
  'RT.9',
]);
