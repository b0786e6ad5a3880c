import type { AuditConfig } from '../config/config';
import type { AuditReport } from '../engine/result';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import { netQuestion } from '../findings/explain-command';
import type { PathDiagram } from '../findings/path-diagram';
import { answerPath } from './explain';
import { worldOf } from './world';
import type { PathProtocol } from './types';

/**
 * The path engine's diagram for every NET finding of a report (failed or suppressed), by finding id: the
 * same question `netaudit explain` would be asked for it, with every hop there and back.
 */
export function pathDiagrams(
  report: AuditReport,
  index: SnapshotIndex,
  config: AuditConfig,
): Map<string, PathDiagram> {
  const diagrams = new Map<string, PathDiagram>();
  for (const result of report.results) {
    if (result.status !== 'FAILED' && result.status !== 'SUPPRESSED') continue;
    const question = netQuestion(result);
    if (!question) continue;
    const protocol = (question.protocol ?? 'tcp') as PathProtocol;
    try {
      const answer = answerPath(
        // The world the index was audited in: a declared path may cross into another snapshot.
        worldOf(index),
        {
          source: question.source,
          destination: question.to,
          protocol,
          port: Number(question.port ?? 443),
          ...(question.ipVersion === '6' ? { ipVersion: 6 as const } : {}),
        },
        config.onPremisesNetworks,
      );
      diagrams.set(result.findingId, {
        question: `${question.source} → ${question.to} ${protocol}/${answer.query.port}`,
        verdict: answer.verdict,
        hops: [
          ...answer.hops.map((h) => ({ ...hopOf(h), direction: 'forward' as const })),
          ...answer.returnPath.map((h) => ({ ...hopOf(h), direction: 'return' as const })),
        ],
      });
    } catch (err) {
      // A question the finding's evidence cannot ask again (an end that left the snapshot) has no diagram.
      if (!(err instanceof InputError)) throw err;
    }
  }
  return diagrams;
}

function hopOf(hop: {
  kind: string;
  resourceId: string;
  status: 'PASS' | 'FAIL' | 'SKIP' | 'WARN';
  message: string;
  fix: string | null;
}) {
  return {
    kind: hop.kind,
    resourceId: hop.resourceId,
    status: hop.status,
    message: hop.message,
    ...(hop.fix ? { fix: hop.fix } : {}),
  };
}
