import fc from 'fast-check';
import { join } from 'node:path';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import type { AuditReport } from '../../lambda/engine/result';
import { formatAsffChunks, toAsffFindings } from '../../lambda/findings/asff';
import {
  formatJsonChunks,
  stringifyInPieces,
  stringifyObjectInPieces,
  toJsonReport,
} from '../../lambda/findings/json';
import { formatSarif, formatSarifChunks, toSarif } from '../../lambda/findings/sarif';
import { RULES } from '../../lambda/rules/registry';
import { loadSnapshotFile } from '../../lambda/snapshot/load';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

const PLACEHOLDER = '\u0000list';

/** Where the list sits: a step down into an object (beside other keys) or an array (between items). */
const step: fc.Arbitrary<Step> = fc.oneof<fc.Arbitrary<Step>[]>(
  fc.record({ key: fc.string(), siblings: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }),
  fc.record({
    before: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    after: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  }),
);

type Step = { key: string; siblings: Record<string, unknown> } | { before: unknown[]; after: unknown[] };

function wrap(path: Step[], inner: unknown): unknown {
  return path.reduceRight<unknown>((held, s) => {
    if ('key' in s) return { ...s.siblings, [s.key]: held };
    return [...s.before, held, ...s.after];
  }, inner);
}

describe('stringifyInPieces', () => {
  it('joins to exactly JSON.stringify of the whole document, wherever the list sits', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 4 }),
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (path, items, perPiece) => {
          const document = wrap(path, PLACEHOLDER);
          fc.pre(JSON.stringify(document).split(JSON.stringify(PLACEHOLDER)).length === 2);
          const pieces = [...stringifyInPieces(document, PLACEHOLDER, items, (x) => x, perPiece)];
          expect(pieces.join('')).toBe(`${JSON.stringify(wrap(path, items), null, 2)}\n`);
          // The head, one piece per perPiece items with a comma between, the tail: no piece holds more
          // than perPiece items.
          const itemPieces = Math.ceil(items.length / perPiece);
          expect(pieces).toHaveLength(items.length === 0 ? 1 : 2 * itemPieces - 1 + 2);
        },
      ),
    );
  });

  it('maps each item only as its piece is produced', () => {
    const seen: number[] = [];
    const pieces = stringifyInPieces(
      { list: PLACEHOLDER },
      PLACEHOLDER,
      [1, 2, 3, 4],
      (x) => {
        seen.push(x);
        return x;
      },
      2,
    );
    pieces.next();
    pieces.next();
    expect(seen).toEqual([1, 2]);
  });

  it('refuses a document without the placeholder (a bug, not output)', () => {
    expect(() => [...stringifyInPieces({}, PLACEHOLDER, [], (x) => x)]).toThrow('is not in the document');
  });
});

describe('stringifyObjectInPieces', () => {
  it('joins to exactly JSON.stringify of the object, its top-level lists in pieces', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(
            fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 1100 }),
            fc.jsonValue({ maxDepth: 2 }),
          ),
          { maxKeys: 4 },
        ),
        (document) => {
          const pieces = [...stringifyObjectInPieces(document)];
          expect(pieces.join('')).toBe(`${JSON.stringify(document, null, 2)}\n`);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('writes the demo snapshot exactly as JSON.stringify did, in pieces', () => {
    const snapshot = loadSnapshotFile(join(__dirname, '..', '..', 'examples', 'demo.json'));
    expect([...stringifyObjectInPieces({ ...snapshot })].join('')).toBe(
      `${JSON.stringify(snapshot, null, 2)}\n`,
    );
  });
});

/** Today's renderings, as `scan` produced them before they were streamed: one JSON.stringify each. */
const whole = {
  json: (report: AuditReport) =>
    `${JSON.stringify(toJsonReport(report, { includePassed: true }), null, 2)}\n`,
  asff: (report: AuditReport) => `${JSON.stringify(toAsffFindings(report), null, 2)}\n`,
  sarif: (report: AuditReport) =>
    `${JSON.stringify(toSarif(report, RULES, { artifactUri: 'x.json' }), null, 2)}\n`,
};
const streamed = {
  json: (report: AuditReport) => [...formatJsonChunks(report, { includePassed: true })],
  asff: (report: AuditReport) => [...formatAsffChunks(report)],
  sarif: (report: AuditReport) => [...formatSarifChunks(report, RULES, { artifactUri: 'x.json' })],
};

function audit(snapshot: ReturnType<typeof loadSnapshotFile>): AuditReport {
  return evaluate(snapshot, defaultConfig(), RULES, undefined, { keepPassed: true });
}

/** A region with more failures than one piece holds. */
function manyExposedGroups(): AuditReport {
  const net = new NetworkBuilder({ region: 'eu-west-1' });
  const vpc = net.vpc({ id: 'vpc-a', flowLog: true });
  for (let i = 0; i < 1100; i++)
    net.securityGroup({ vpc, id: `sg-${i}`, ingress: [tcp(i % 2 ? 22 : 443).from('0.0.0.0/0')] });
  return audit(net.snapshot());
}

describe('json, asff and sarif in pieces', () => {
  const demo = audit(loadSnapshotFile(join(__dirname, '..', '..', 'examples', 'demo.json')));
  const large = manyExposedGroups();

  it.each(['json', 'asff', 'sarif'] as const)('%s is byte-identical to the whole rendering', (format) => {
    for (const report of [demo, large]) expect(streamed[format](report).join('')).toBe(whole[format](report));
  });

  it.each(['json', 'asff', 'sarif'] as const)('%s comes in pieces of at most 500 items', (format) => {
    const pieces = streamed[format](large);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    const biggest = Math.max(...pieces.map((p) => p.length));
    expect(biggest).toBeLessThan(whole[format](large).length / 2);
  });

  it('formatSarif is the pieces joined', () => {
    expect(formatSarif(demo, RULES, { artifactUri: 'x.json' })).toBe(whole.sarif(demo));
  });
});
