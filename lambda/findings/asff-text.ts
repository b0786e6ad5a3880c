/** Documented ASFF length limits (Security Hub API reference; not machine-readable in the model). */
export const ASFF_LIMITS = {
  title: 256,
  description: 1024,
  recommendationText: 512,
  severityOriginal: 64,
  relatedRequirements: 32,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  /** Findings per BatchImportFindings call. */
  findingsPerBatch: 100,
  /** Bytes per finding. */
  findingBytes: 240 * 1024,
} as const;

const ELLIPSIS = '…';

/** Whitespace that collapsing and trimming would change: anything but single spaces between words. */
const UNCLEAN_WHITESPACE = /[^\S ]| {2}|^ | $/;

/**
 * Fits text into `max` characters without cutting a word in half: Security Hub rejects a whole finding
 * over a limit, so long text is shortened at the last space before the limit and marked with an
 * ellipsis. A single unbroken word longer than the limit is cut hard. Whitespace runs are collapsed
 * first so the count matches what readers see.
 */
export function truncateText(text: string, max: number): string {
  // Most text is already clean and short: return it as is rather than rebuild it (once per finding field).
  if (text.length <= max && !UNCLEAN_WHITESPACE.test(text)) return text;
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = max - ELLIPSIS.length;
  const cut = clean.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > room / 2 ? cut.slice(0, lastSpace) : clean.slice(0, room);
  return `${head.replace(/[\s,;:.-]+$/, '')}${ELLIPSIS}`;
}
