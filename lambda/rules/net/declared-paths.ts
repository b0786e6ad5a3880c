import type { AuditConfig } from '../../config/config';
import type { DeclaredPath } from '../../config/paths-config';
import { failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { checkDeclaredPath, type DeclaredCheck } from '../../paths/declared';

/** What a declared path expects: a required path must work, a forbidden one must not. */
export type Expectation = 'required' | 'forbidden';

function describeCheck(check: DeclaredCheck): string {
  const p = check.path;
  const what = p.protocol === 'icmp' ? 'ICMP' : `${p.protocol.toUpperCase()} ${p.port}`;
  return `"${p.name}" (${check.from} -> ${check.to}, ${what})`;
}

/** The verdict one question gives for its expectation: a fault, a pass, or nothing known. */
function judge(check: DeclaredCheck, expectation: Expectation): { status: Outcome['status']; text: string } {
  const name = describeCheck(check);
  if (check.problem || !check.answer)
    return { status: 'NOT_EVALUATED', text: `${name}: ${check.problem ?? 'not asked'}` };
  const answer = check.answer;
  if (check.instance && check.instance.State?.Name !== 'running') {
    return {
      status: 'NOT_EVALUATED',
      text: `${name}: ${check.instance.InstanceId} is ${check.instance.State?.Name ?? 'unknown'}`,
    };
  }
  if (answer.verdict === 'unverifiable') {
    return {
      status: 'NOT_EVALUATED',
      text: `${name} cannot be verified: ${answer.unverifiableHop?.message ?? ''}`,
    };
  }
  if (expectation === 'required') {
    return answer.verdict === 'works'
      ? { status: 'PASSED', text: `${name} works` }
      : {
          status: 'FAILED',
          text: `${name} is broken at ${answer.brokenHop?.kind} ${answer.brokenHop?.resourceId}${answer.brokenHop?.direction === 'return' ? ' (replies)' : ''}: ${answer.brokenHop?.message}${answer.brokenHop?.fix ? ` Fix: ${answer.brokenHop.fix}` : ''}`,
        };
  }
  return answer.verdict === 'broken'
    ? {
        status: 'PASSED',
        text: `${name} is closed at ${answer.brokenHop?.kind} ${answer.brokenHop?.resourceId}`,
      }
    : {
        status: 'FAILED',
        text: `${name} works although it is forbidden: every hop there and back lets it through`,
      };
}

/**
 * One result per instance a declared path is about (the `from` end when it is an instance, else the `to`
 * end), or per path when neither end is one: FAILED when any of its questions fails the expectation,
 * NOT_EVALUATED when none fails but one cannot be verified, PASSED otherwise.
 */
export function declaredPathOutcomes(
  index: SnapshotIndex,
  config: AuditConfig,
  expectation: Expectation,
): Outcome[] {
  const paths: DeclaredPath[] = expectation === 'required' ? config.requiredPaths : config.forbiddenPaths;
  const byResource = new Map<
    string,
    {
      type: Outcome['resourceType'];
      judged: { status: Outcome['status']; text: string; check: DeclaredCheck }[];
    }
  >();
  for (const path of paths) {
    for (const check of checkDeclaredPath(index, path, config.onPremisesNetworks)) {
      const id = check.instance?.InstanceId ?? `${index.accountId}/${path.name}`;
      const entry = byResource.get(id) ?? {
        type: check.instance ? 'AwsEc2Instance' : 'AwsAccount',
        judged: [],
      };
      entry.judged.push({ ...judge(check, expectation), check });
      byResource.set(id, entry);
    }
  }
  const outcomes: Outcome[] = [];
  for (const [id, { type, judged }] of byResource) {
    const worst =
      judged.find((j) => j.status === 'FAILED') ??
      judged.find((j) => j.status === 'NOT_EVALUATED') ??
      judged[0]!;
    const texts = judged.filter((j) => j.status === worst.status).map((j) => j.text);
    const first = worst.check;
    const extra: Partial<Outcome> = {
      ...(type === 'AwsAccount' ? { resourceType: 'AwsAccount' as const } : {}),
      evidence: {
        paths: judged.map((j) => j.check.path.name),
        from: first.from,
        to: first.to,
        protocol: first.path.protocol,
        port: first.path.port,
        ...(first.answer?.brokenHop
          ? { brokenHop: `${first.answer.brokenHop.kind} ${first.answer.brokenHop.resourceId}` }
          : {}),
      },
    };
    const message = texts.join(' · ');
    outcomes.push(
      worst.status === 'FAILED'
        ? failed(id, message, extra)
        : worst.status === 'NOT_EVALUATED'
          ? notEvaluated(id, message, extra)
          : passed(id, message, extra),
    );
  }
  return outcomes;
}
