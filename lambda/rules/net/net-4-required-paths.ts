import { defineRule } from '../../engine/rule';
import { declaredPathOutcomes } from './declared-paths';
import { REACHABILITY_PARTS } from './net-2-egress-broken';

/** Continuous verification: every path the team declared as required is walked there and back each run. */
export const requiredPathBroken = defineRule({
  id: 'NET.4',
  title: 'A declared required path is broken',
  description:
    'The config declares that this path must work (requiredPaths), and a hop on it, there or back, drops the ' +
    'traffic now: the application that depends on it fails. The finding names the path, the instance and the hop.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Instance',
  category: 'connectivity',
  requires: [...REACHABILITY_PARTS],
  remediation: {
    text:
      'Fix the hop the finding names (its fix is in the message), or correct the declared path in the config. ' +
      '`netaudit explain FROM --to TO --port N` shows every hop with its evidence.',
    url: 'https://docs.aws.amazon.com/vpc/latest/reachability/what-is-reachability-analyzer.html',
  },
  references: [],
  evaluate: (index, config) => declaredPathOutcomes(index, config, 'required'),
});
