import type { Styler } from '../findings/style';
import type { Diagnosis, StepStatus } from './diagnosis';
import type { ExplainReport } from './report';

const STATUS_STYLE: Record<StepStatus, Parameters<Styler>[0]> = {
  PASS: 'green',
  FAIL: ['red', 'bold'],
  SKIP: 'yellow',
};

function querySentence(report: ExplainReport): string {
  const { direction, protocol, port } = report.query;
  const p = `${protocol.toUpperCase()} ${port}`;
  return direction === 'egress' ? `egress ${p} to the internet` : `ingress ${p} from the internet`;
}

function verdictLine(report: ExplainReport, style: Styler): string[] {
  const decisive = report.diagnoses.find(
    (d) => d.interfaceId === report.decidedBy.interfaceId && d.query.ipVersion === report.decidedBy.ipVersion,
  );
  const where = `${report.decidedBy.interfaceId}, IPv${report.decidedBy.ipVersion}`;
  if (report.verdict === 'works') return [`Verdict: ${style(['green', 'bold'], 'WORKS')} (${where})`];
  if (report.verdict === 'unverifiable') {
    const leaves = decisive?.steps.flatMap((s) => s.checks).find((c) => c.hop === 'leaves-vpc');
    return [`Verdict: ${style(['yellow', 'bold'], 'UNVERIFIABLE')} (${where}): ${leaves?.message ?? ''}`];
  }
  const hop = decisive?.brokenHop;
  if (!hop) return [`Verdict: ${style(['red', 'bold'], 'BROKEN')}: no network interface to diagnose`];
  return [
    `Verdict: ${style(['red', 'bold'], 'BROKEN')} at step ${hop.step} (${hop.name}) on ${where}: ${hop.message}`,
    ...(hop.fix ? [`Fix: ${hop.fix}`] : []),
  ];
}

function diagnosisLines(diagnosis: Diagnosis, style: Styler): string[] {
  const owner = diagnosis.instanceId ? `${diagnosis.instanceId}, ` : '';
  const lines = [
    style(
      'bold',
      `${diagnosis.interfaceId} (${owner}${diagnosis.subnetId ?? '?'}, ${diagnosis.vpcId ?? '?'}) IPv${diagnosis.query.ipVersion}`,
    ),
  ];
  const width = Math.max(...diagnosis.steps.map((s) => `${s.step} ${s.name}`.length));
  const indent = ' '.repeat(width + 10);
  for (const step of diagnosis.steps) {
    step.checks.forEach((c, i) => {
      const label = i === 0 ? `${step.step} ${step.name}`.padEnd(width) : ' '.repeat(width);
      const advisory = step.advisory && c.status === 'FAIL' ? ' (advisory: does not decide the verdict)' : '';
      lines.push(`  ${label}  ${style(STATUS_STYLE[c.status], c.status.padEnd(4))}  ${c.message}${advisory}`);
      for (const e of c.evidence) lines.push(`${indent}${style('gray', `· ${e}`)}`);
      if (c.fix && c.status === 'FAIL') lines.push(`${indent}fix: ${c.fix}`);
    });
  }
  return lines;
}

/** Terminal text: the verdict first (what on-call needs), then each interface's ordered steps. */
export function renderExplainText(report: ExplainReport, style: Styler): string {
  const lines = [
    `netaudit explain ${report.target}: ${querySentence(report)}`,
    ...verdictLine(report, style),
    ...(report.note ? [`Note: ${report.note}`] : []),
  ];
  for (const diagnosis of report.diagnoses) lines.push('', ...diagnosisLines(diagnosis, style));
  return `${lines.join('\n')}\n`;
}

/** Stable JSON: fixed key order, no timestamps, the same bytes for the same snapshot. */
export function renderExplainJson(report: ExplainReport): string {
  const { target, kind, query, verdict, decidedBy, diagnoses, note } = report;
  const works = verdict === 'works';
  const stable = { target, kind, query, verdict, works, decidedBy, ...(note ? { note } : {}), diagnoses };
  return `${JSON.stringify(stable, null, 2)}\n`;
}
