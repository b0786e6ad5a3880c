import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { findingsMetricName } from '../lambda/handlers/metric-names';
import { SEVERITIES } from '../lambda/engine/severity';
import { handlerMetric } from './handler-metrics';

/** Properties of {@link AuditorDashboard}. */
export interface AuditorDashboardProps {
  readonly function: IFunction;
  readonly failedInvocations: IQueue;
  /** Shown in one status widget, so that the dashboard answers "is anything wrong now?" first. */
  readonly alarms: readonly IAlarm[];
}

const HOUR = Duration.hours(1);
const WIDE = 12;
const NARROW = 8;

/**
 * The CloudWatch dashboard of one NetworkAuditor: its alarms, the open failures by severity over time,
 * how long runs take, and what a run lost (collection errors, findings Security Hub refused, alerts SNS
 * did not take, failed runs).
 */
export class AuditorDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: AuditorDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 })],
        [findingsWidget(), durationWidget()],
        lossWidgets(props),
      ],
    });
  }
}

function findingsWidget(): IWidget {
  return new GraphWidget({
    title: 'Open failures by severity',
    width: WIDE,
    stacked: true,
    // A change-triggered run counts only its VPC's failures; the hourly maximum is the full audit's.
    left: SEVERITIES.map((severity) =>
      handlerMetric(findingsMetricName(severity), { statistic: 'Maximum', period: HOUR, label: severity }),
    ),
  });
}

function durationWidget(): IWidget {
  return new GraphWidget({
    title: 'Run duration (ms)',
    width: WIDE,
    left: [
      handlerMetric('Duration', { statistic: 'Average', period: HOUR, label: 'average' }),
      handlerMetric('Duration', { statistic: 'Maximum', period: HOUR, label: 'maximum' }),
    ],
  });
}

function lossWidgets(props: AuditorDashboardProps): IWidget[] {
  return [
    new GraphWidget({
      title: 'Collection errors',
      width: NARROW,
      left: [
        handlerMetric('CollectionErrors', { period: HOUR, label: 'failed API calls' }),
        handlerMetric('CoreApisLost', { period: HOUR, label: 'core APIs lost' }),
      ],
    }),
    new GraphWidget({
      title: 'Publish and alert failures',
      width: NARROW,
      left: [
        handlerMetric('PublishFailed', { period: HOUR, label: 'findings refused by Security Hub' }),
        handlerMetric('AlertFailed', { period: HOUR, label: 'alerts not sent' }),
      ],
    }),
    new GraphWidget({
      title: 'Failed runs',
      width: NARROW,
      left: [
        handlerMetric('FailedRuns', { period: HOUR, label: 'failed runs' }),
        props.function.metricErrors({ period: HOUR, statistic: 'Sum', label: 'function errors' }),
        props.failedInvocations.metricApproximateNumberOfMessagesVisible({
          period: HOUR,
          statistic: 'Maximum',
          label: 'failed invocations queued',
        }),
      ],
    }),
  ];
}
