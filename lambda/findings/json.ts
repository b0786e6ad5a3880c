import type { AuditReport, Result } from '../engine/result';
import { NETAUDIT_VERSION } from '../version';

export interface JsonOptions {
  includePassed?: boolean;
}

/** The documented `--format json` document; key order is fixed so output is byte-identical per input. */
export function toJsonReport(report: AuditReport, options: JsonOptions = {}) {
  return { ...jsonHead(report), results: shownResults(report, options).map(jsonResult) };
}

function shownResults(report: AuditReport, options: JsonOptions): Result[] {
  return report.results.filter((r) => r.status !== 'PASSED' || options.includePassed);
}

function jsonHead(report: AuditReport) {
  return {
    tool: { name: 'netaudit', version: NETAUDIT_VERSION },
    // A report of several snapshots lists each (its errors name their account and region).
    ...(report.parts
      ? { snapshots: report.parts }
      : {
          snapshot: {
            accountId: report.accountId,
            region: report.region,
            collectedAt: report.collectedAt,
            ...(report.scope ? { scope: report.scope } : {}),
          },
        }),
    summary: report.summary,
    errors: report.errors,
  };
}

/** One result as the document shows it; keys are inserted in the documented order. */
function jsonResult(r: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: r.ruleId,
    status: r.status,
    severity: r.severity,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    resourceArn: r.resourceArn,
  };
  if (r.vpcId) out.vpcId = r.vpcId;
  out.region = r.region;
  out.accountId = r.accountId;
  out.title = r.title;
  out.message = r.message;
  out.remediation = r.remediation;
  out.references = r.references;
  out.findingId = r.findingId;
  if (r.evidence) out.evidence = r.evidence;
  if (r.suppression) out.suppression = r.suppression;
  return out;
}

export function formatJson(report: AuditReport, options: JsonOptions = {}): string {
  return [...formatJsonChunks(report, options)].join('');
}

/** Items stringified per piece of output. */
const ITEMS_PER_PIECE = 500;

/**
 * `JSON.stringify(document, null, 2)` where the string `placeholder` stands for the one large list,
 * `items.map(toJson)`, produced in pieces of a few hundred items: a large region's report is tens of
 * megabytes of text, and building it whole held the document, its text and its bytes in memory at once
 * (past V8's longest string, it failed with "Invalid string length"). Each piece is the items' own
 * `JSON.stringify`, nested in as many arrays as the list is deep so that V8 indents them to the list's
 * depth itself (re-indenting the text afterwards cost a third of the output's time at L); only the
 * wrappers' brackets are cut off. The joined pieces are exactly the whole document's text, plus a final
 * newline; the commas between pieces are pieces of their own, so no large piece is copied to prefix one.
 */
export function* stringifyInPieces<T>(
  document: unknown,
  placeholder: string,
  items: readonly T[],
  toJson: (item: T) => unknown,
  perPiece = ITEMS_PER_PIECE,
): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const at = text.indexOf(JSON.stringify(placeholder));
  if (at < 0) throw new Error(`stringifyInPieces: ${placeholder} is not in the document`);
  const before = text.slice(0, at);
  const after = text.slice(at + JSON.stringify(placeholder).length);
  if (items.length === 0) {
    yield `${before}[]${after}\n`;
    return;
  }
  // The list's items sit one level (two spaces) deeper than the line that holds the list.
  const depth = /^ */.exec(before.slice(before.lastIndexOf('\n') + 1))![0].length / 2;
  // `[\n`, `  [\n`, `    [\n`...: the openings of the wrappers and the list; the closings are as long.
  let brackets = 0;
  for (let level = 0; level <= depth; level++) brackets += 2 * level + 2;
  yield `${before}[\n`;
  for (let i = 0; i < items.length; i += perPiece) {
    let nested: unknown = items.slice(i, i + perPiece).map(toJson);
    for (let level = 0; level < depth; level++) nested = [nested];
    const list = JSON.stringify(nested, null, 2);
    if (i > 0) yield ',\n';
    yield list.slice(brackets, list.length - brackets);
  }
  yield `\n${' '.repeat(2 * depth)}]${after}\n`;
}

/**
 * `formatJson`'s text in pieces (see stringifyInPieces), exactly `JSON.stringify(toJsonReport(...), null, 2)`.
 */
export function formatJsonChunks(report: AuditReport, options: JsonOptions = {}): Generator<string> {
  return stringifyInPieces(
    { ...jsonHead(report), results: RESULTS },
    RESULTS,
    shownResults(report, options),
    jsonResult,
  );
}

/** Stands for the results list while the document around it is stringified. */
const RESULTS = '\u0000netaudit:results';

/**
 * `JSON.stringify(document, null, 2)` and a newline for an object whose top-level lists are the bulk of
 * it (a Snapshot), each list in pieces (see stringifyInPieces): indented, a large region's snapshot
 * comes close to the longest string V8 can hold.
 */
export function* stringifyObjectInPieces(document: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(document).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    if (i > 0) yield ',\n';
    // Each member alone, `{\n  "key": …\n}\n`, is exactly its lines in the whole document.
    const pieces = Array.isArray(value)
      ? stringifyInPieces({ [key]: MEMBER }, MEMBER, value, (item: unknown) => item)
      : [`${JSON.stringify({ [key]: value }, null, 2)}\n`];
    yield* withoutBraces(pieces);
  }
  yield '\n}\n';
}

/** Stands for one top-level list while its member is stringified in pieces. */
const MEMBER = '\u0000netaudit:member';

/** The pieces of `{\n…\n}\n` without the first two and the last three characters. */
function* withoutBraces(pieces: Iterable<string>): Generator<string> {
  let previous: string | undefined;
  let first = true;
  for (const piece of pieces) {
    if (previous !== undefined) {
      yield first ? previous.slice(2) : previous;
      first = false;
    }
    previous = piece;
  }
  if (previous !== undefined) yield (first ? previous.slice(2) : previous).slice(0, -3);
}
