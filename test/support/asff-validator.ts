import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Validates ASFF findings against the Security Hub API model itself (service-2.json): the
 * AwsSecurityFinding shape with its required members, enums, patterns, types and nested shapes, plus the
 * length limits the model only states in its documentation text ("Length Constraints: ... Maximum length
 * of 256", "Array Members: Maximum number of 32 items", ProductFields' "up to 50 key-value pairs") and
 * the per-finding size limit of the API reference. A finding that passes here is one BatchImportFindings
 * would not reject for its shape.
 */

interface MemberRef {
  shape: string;
  documentation?: string;
}

interface Shape {
  type: string;
  required?: string[];
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}

const MODEL_PATH = join(__dirname, '../../../shared/reference/securityhub/service-2.json');
/** The API reference's per-finding limit (README of the reference data). */
const MAX_FINDING_BYTES = 240 * 1024;

let shapes: Record<string, Shape> | undefined;

function model(): Record<string, Shape> {
  shapes ??= (JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as { shapes: Record<string, Shape> }).shapes;
  return shapes;
}

interface DocLimits {
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxPairs?: number;
  maxKeyLength?: number;
  maxValueLength?: number;
  namespaces?: string[];
}

/** The limits a member's documentation states in words. */
export function docLimits(doc = ''): DocLimits {
  const text = doc.replace(/<[^>]+>/g, ' ');
  const limits: DocLimits = {};
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const exact = num(/Length Constraints?:\s*(\d+)\./);
  limits.minLength = num(/Minimum (?:length )?of (\d+)(?: length)?/) ?? exact;
  limits.maxLength = num(/Maximum (?:length )?of (\d+)(?: length)?/) ?? exact;
  limits.minItems = num(/Minimum number of (\d+) items?/);
  limits.maxItems = num(/Maximum number of (\d+) items?/);
  limits.maxPairs = num(/up to (\d+) key-value pairs/);
  limits.maxKeyLength = num(/the key can contain up to (\d+) characters/);
  limits.maxValueLength = num(/the value can contain up to (\d+) characters/);
  const ns = /Valid namespace values are:\s*([^.]+?)\s*(?:Array Members|$)/.exec(text);
  if (ns) limits.namespaces = ns[1]!.split('|').map((s) => s.trim());
  return limits;
}

const TIMESTAMP_MEMBER = /At$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function validate(value: unknown, ref: MemberRef, path: string, errors: string[], memberName = ''): void {
  const shape = model()[ref.shape];
  if (!shape) {
    errors.push(`${path}: unknown shape ${ref.shape} in the model`);
    return;
  }
  const limits = docLimits(ref.documentation);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${path}: expected an object (${ref.shape})`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined) errors.push(`${path}.${name}: required by ${ref.shape}`);
      }
      for (const [name, child] of Object.entries(record)) {
        if (child === undefined) continue;
        const member = shape.members?.[name];
        if (!member) errors.push(`${path}.${name}: not a member of ${ref.shape}`);
        else validate(child, member, `${path}.${name}`, errors, name);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        errors.push(`${path}: expected a list (${ref.shape})`);
        return;
      }
      const min = shape.min ?? limits.minItems;
      const max = shape.max ?? limits.maxItems;
      if (min !== undefined && value.length < min) errors.push(`${path}: fewer than ${min} items`);
      if (max !== undefined && value.length > max) errors.push(`${path}: more than ${max} items`);
      value.forEach((item, i) => validate(item, shape.member!, `${path}[${i}]`, errors));
      if (limits.namespaces) {
        for (const [i, item] of value.entries()) {
          const namespace = String(item).split('/')[0];
          if (!limits.namespaces.includes(namespace!)) {
            errors.push(
              `${path}[${i}]: namespace "${namespace}" is not one of ${limits.namespaces.join(', ')}`,
            );
          }
        }
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${path}: expected a map (${ref.shape})`);
        return;
      }
      const entries = Object.entries(value as Record<string, unknown>);
      if (limits.maxPairs !== undefined && entries.length > limits.maxPairs) {
        errors.push(`${path}: more than ${limits.maxPairs} entries`);
      }
      for (const [k, v] of entries) {
        validate(k, shape.key!, `${path} key "${k}"`, errors);
        validate(v, shape.value!, `${path}["${k}"]`, errors);
        if (limits.maxKeyLength !== undefined && k.length > limits.maxKeyLength) {
          errors.push(`${path} key "${k}": longer than ${limits.maxKeyLength}`);
        }
        if (limits.maxValueLength !== undefined && String(v).length > limits.maxValueLength) {
          errors.push(`${path}["${k}"]: longer than ${limits.maxValueLength}`);
        }
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        errors.push(`${path}: expected a string (${ref.shape})`);
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        errors.push(`${path}: "${value}" is not one of ${shape.enum.join(', ')}`);
      }
      if (shape.pattern && !new RegExp(shape.pattern, 'u').test(value)) {
        errors.push(`${path}: does not match the pattern ${shape.pattern}`);
      }
      const min = shape.min ?? limits.minLength;
      const max = shape.max ?? limits.maxLength;
      if (min !== undefined && value.length < min) errors.push(`${path}: shorter than ${min}`);
      if (max !== undefined && value.length > max)
        errors.push(`${path}: longer than ${max} (${value.length})`);
      if (TIMESTAMP_MEMBER.test(memberName) && !ISO_8601.test(value)) {
        errors.push(`${path}: "${value}" is not an ISO 8601 timestamp`);
      }
      return;
    }
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) errors.push(`${path}: expected an integer`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') errors.push(`${path}: expected a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected a boolean`);
      return;
    case 'timestamp':
      if (typeof value !== 'string' && !(value instanceof Date)) errors.push(`${path}: expected a timestamp`);
      return;
    default:
      errors.push(`${path}: unsupported model type ${shape.type}`);
  }
}

/** Every problem with one finding, as `path: problem` lines; empty when valid. */
export function validateAsffFinding(finding: unknown): string[] {
  const errors: string[] = [];
  validate(finding, { shape: 'AwsSecurityFinding' }, 'finding', errors);
  const bytes = Buffer.byteLength(JSON.stringify(finding), 'utf8');
  if (bytes > MAX_FINDING_BYTES) errors.push(`finding: ${bytes} bytes, over the ${MAX_FINDING_BYTES} limit`);
  return errors;
}

/** Throws with every problem listed, naming the finding, so a test failure says exactly what is wrong. */
export function expectValidAsff(findings: readonly unknown[]): void {
  const problems = findings.flatMap((f, i) => {
    const id = (f as { Id?: string }).Id ?? `#${i}`;
    return validateAsffFinding(f).map((e) => `${id}: ${e}`);
  });
  if (problems.length > 0) throw new Error(`invalid ASFF:\n${problems.join('\n')}`);
}
