export const REGION = 'us-east-1';

/** An EventBridge "AWS API Call via CloudTrail" event for an EC2 call, as CloudTrail records it. */
export function cloudTrailEvent(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
  extra: Record<string, unknown> = {},
) {
  return {
    version: '0',
    id: 'e-1',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: '123456789012',
    time: '2026-11-28T10:00:00Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: REGION,
      requestParameters,
      responseElements,
      ...extra,
    },
  };
}

export const scheduledEvent = {
  version: '0',
  id: 'e-0',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-28T10:00:00Z',
  region: REGION,
  resources: ['arn:aws:events:us-east-1:123456789012:rule/netaudit-hourly'],
  detail: {},
};
