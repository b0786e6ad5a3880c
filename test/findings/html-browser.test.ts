import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AuditReport } from '../../lambda/engine/result';
import { formatHtml, type HtmlOptions } from '../../lambda/findings/html';
import { changed, demoPaths, demoReport, HOSTILE, withResults } from './fixtures';

/**
 * Opens the HTML report in a real headless browser (Debian's chromium package; .ci/run installs it).
 * Off CI a machine without it skips these tests; on CI (CI=true) a missing browser fails them.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const describeInBrowser = available || process.env.CI ? describe : describe.skip;

jest.setTimeout(120_000);

describe('the browser test itself', () => {
  it('has chromium on CI', () => {
    if (process.env.CI)
      expect(available ? CHROMIUM : `${CHROMIUM} is missing: install Debian's chromium`).toBe(CHROMIUM);
  });
});

describeInBrowser('HTML report in a headless browser', () => {
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netaudit-html-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the report from a file, failing on any console error, page error or request off the file. */
  async function open(
    report: AuditReport,
    options: HtmlOptions,
    name: string,
  ): Promise<{ page: Page; problems: string[] }> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, formatHtml(report, options));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#findings-body tr');
    return { page, problems };
  }

  const rowIds = (page: Page) =>
    page.$$eval('tr.finding', (rows) => rows.map((r) => r.getAttribute('data-finding-id')!));

  /** Shows every row: the demo with its passes is longer than one page of 500. */
  async function showAll(page: Page): Promise<void> {
    while (await page.isVisible('#more')) await page.click('#more');
  }

  it('shows every finding, draws the path diagrams with the failing hop, and logs no error', async () => {
    const report = demoReport();
    const paths = demoPaths(report);
    const { page, problems } = await open(report, { paths, includePassed: true }, 'demo');
    await showAll(page);

    expect(new Set(await rowIds(page))).toEqual(new Set(report.results.map((r) => r.findingId)));
    const text = await page.innerText('#findings-body');
    for (const r of report.results) expect(text).toContain(r.message);
    expect(await page.innerText('.summary')).toContain('vpc-');

    await page.click('#expand-paths');
    const [broken, works] = [...paths.keys()].reverse();
    const failing = page.locator(`tr[data-detail-of="${broken}"] li.hop-FAIL`);
    expect(await failing.count()).toBe(1);
    expect(await failing.innerText()).toContain('nat-data-noeip');
    expect(await failing.innerText()).toContain('fails here');
    expect(await failing.innerText()).toContain(
      'Fix: Recreate nat-data-noeip with an Elastic IP allocation.',
    );
    expect(await page.locator(`tr[data-detail-of="${works}"] li.hop`).count()).toBe(6);
    expect(await page.locator(`tr[data-detail-of="${works}"] li.hop-FAIL`).count()).toBe(0);
    const detail = await page.innerText(`tr[data-detail-of="${broken}"]`);
    expect(detail).toContain('Remediation:');
    expect(detail).toContain('netaudit explain i-db-a --to internet');

    mkdirSync(join(dir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(dir, 'screenshots', 'report.png'), fullPage: true });
    // NETAUDIT_DOCS_SCREENSHOT=1 refreshes the picture in docs/reports.md.
    if (process.env.NETAUDIT_DOCS_SCREENSHOT) await docsScreenshot(page, broken!);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by severity, status, rule and text, and sorts by column', async () => {
    const report = demoReport();
    const { page, problems } = await open(report, { includePassed: true }, 'filters');
    const results = report.results;

    await page.selectOption('#filter-severity', 'CRITICAL');
    await page.selectOption('#filter-status', 'FAILED');
    const critical = results.filter((r) => r.severity === 'CRITICAL' && r.status === 'FAILED');
    expect(critical.length).toBeGreaterThan(0);
    expect(new Set(await rowIds(page))).toEqual(new Set(critical.map((r) => r.findingId)));

    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-rule', 'NAT.1');
    expect(new Set(await rowIds(page))).toEqual(
      new Set(results.filter((r) => r.ruleId === 'NAT.1').map((r) => r.findingId)),
    );

    await page.selectOption('#filter-rule', '');
    await page.fill('#filter-text', 'I-DB-A');
    const matching = results.filter((r) =>
      [r.findingId, r.resourceId, r.message, r.title].some((t) => t.toLowerCase().includes('i-db-a')),
    );
    expect(new Set(await rowIds(page))).toEqual(new Set(matching.map((r) => r.findingId)));

    await page.fill('#filter-text', 'no such thing anywhere');
    expect(await page.innerText('#findings-body')).toContain('No finding matches');

    await page.fill('#filter-text', '');
    await page.click('th[data-sort="resource"] button');
    await showAll(page);
    const resources = await page.$$eval('tr.finding td.resource:nth-child(4)', (cells) =>
      cells.map((c) => c.textContent!),
    );
    expect(resources).toEqual([...resources].sort());
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('ascending');
    await page.click('th[data-sort="resource"] button');
    await showAll(page);
    const descending = await page.$$eval('tr.finding td.resource:nth-child(4)', (cells) =>
      cells.map((c) => c.textContent!),
    );
    expect(descending).toEqual([...resources].reverse());
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile names as text, never as markup or script', async () => {
    const demo = demoReport();
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const hostile = changed(base, {
      message: HOSTILE.replace('alert(1)', 'window.pwned=1'),
      resourceId: '<b>sg-evil</b>',
      evidence: { name: '<script>window.pwned=2</script>' },
    });
    const report = withResults(demo, [hostile]);
    const { page, problems } = await open(report, {}, 'hostile');
    await page.click('tr.finding');
    expect(await page.innerText('#findings-body')).toContain('</script><img src=x');
    expect(await page.innerText('#findings-body')).toContain('<b>sg-evil</b>');
    expect(await page.locator('img, #findings-body b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays usable with a region-sized report: 500 rows at a time', async () => {
    const demo = demoReport();
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const many = withResults(
      demo,
      Array.from({ length: 20_000 }, (_, i) =>
        changed(base, {
          findingId: `${base.findingId}-${i}`,
          resourceId: `sg-${String(i).padStart(5, '0')}`,
        }),
      ),
    );
    const { page, problems } = await open(many, {}, 'large');
    expect(await page.locator('tr.finding').count()).toBe(500);
    expect(await page.innerText('#count')).toBe('20000 of 20000 results');
    await page.click('#more');
    expect(await page.locator('tr.finding').count()).toBe(1000);
    await page.fill('#filter-text', 'sg-19999');
    expect(await rowIds(page)).toEqual([`${base.findingId}-19999`]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

/** The docs' picture: the summary and the path findings, down to the broken path's diagram. */
async function docsScreenshot(page: Page, brokenFindingId: string): Promise<void> {
  await page.selectOption('#filter-status', 'FAILED');
  await page.fill('#filter-text', 'the internet');
  const diagram = await page.locator(`tr[data-detail-of="${brokenFindingId}"] figure`).boundingBox();
  await page.screenshot({
    path: join(__dirname, '../../docs/images/report.png'),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(diagram!.y + diagram!.height + 24) },
  });
}
