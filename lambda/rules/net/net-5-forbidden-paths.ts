import { defineRule } from '../../engine/rule';
import { declaredPathOutcomes } from './declared-paths';
import { REACHABILITY_PARTS } from './net-2-egress-broken';

/** Continuous verification of isolation: a path the team declared forbidden must stay closed. */
export const forbiddenPathWorks = defineRule({
  id: 'NET.5',
  title: 'A declared forbidden path works',
  description:
    'The config declares that this path must not work (forbiddenPaths), yet every hop there and back lets the ' +
    'traffic through: a segmentation the team relies on is gone.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Instance',
  category: 'exposure',
  requires: [...REACHABILITY_PARTS],
  remediation: {
    text:
      'Close the path at one hop (a security group rule, a NACL entry or a route), or remove it from forbiddenPaths ' +
      'if it is now intended. `netaudit explain FROM --to TO --port N` shows every hop that lets it through.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-best-practices.html',
  },
  references: [],
  evaluate: (index, config) => declaredPathOutcomes(index, config, 'forbidden'),
});
