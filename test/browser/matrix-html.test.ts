import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { syntheticCluster } from '../../bench/synthetic-cluster';
import { ClusterModel } from '../../src/evaluator/model';
import { renderMatrixHtml } from '../../src/report/formats/html';
import { buildMatrixReport, MatrixReport } from '../../src/report/matrix-report';
import { labObjects, modelOf } from '../report/matrix-support';

/** Debian's chromium package; CI installs it (`apt-get install -y chromium`). */
const CHROMIUM = process.env.NETPOL_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  process.stderr.write(`SKIPPED test/browser/matrix-html.test.ts: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set NETPOL_CHROMIUM)\n`);
}
const describeWithChromium = HAS_CHROMIUM ? describe : describe.skip;

/** Where screenshots go, to look at when a change touches the report's looks. */
const SCREENSHOTS = path.join(os.tmpdir(), 'netpol-html-report');

describeWithChromium('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-html-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report from a file:// URL, failing on any script error or any request beyond the file itself. */
  async function open(report: MatrixReport, name: string): Promise<{ page: Page; problems: string[] }> {
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, renderMatrixHtml(report));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console error: ${message.text()}`); });
    page.on('request', (request) => { if (request.url() !== `file://${file}`) problems.push(`request: ${request.url()}`); });
    await page.goto(`file://${file}`);
    return { page, problems };
  }

  const visibleRows = (page: Page) => page.locator('#matrix tbody tr').count();

  test('draws the lab matrix, filters it by name, namespace and verdict, and draws the graph', async () => {
    // GIVEN the lab's report, opened from a file
    const { page, problems } = await open(buildMatrixReport(modelOf(labObjects())), 'lab');
    // THEN every cell of the 6 x 6 matrix is drawn, with its mark
    expect(await page.locator('#matrix td').count()).toBe(36);
    expect(await page.locator('#matrix tbody tr:nth-child(2) td').allTextContents()).toEqual(['◐', '✗', '✓', '✗', '✗', '✗']);
    expect(await page.locator('#matrix-note').textContent()).toBe('Showing 6 of 6 rows and 6 of 6 columns. Rows are sources, columns destinations.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-matrix.png'), fullPage: true });

    // WHEN a source is typed into the From filter, THEN only its row stays
    await page.fill('#filter-from', 'frontend');
    expect(await visibleRows(page)).toBe(1);
    expect(await page.locator('#matrix tbody th').allTextContents()).toEqual(['app/frontend']);
    await page.fill('#filter-from', '');
    expect(await visibleRows(page)).toBe(6);

    // WHEN one namespace is chosen, THEN its workloads and the externals stay, on both axes
    await page.selectOption('#namespace', 'app');
    expect(await page.locator('#matrix tbody th').allTextContents()).toEqual(['app/api', 'app/frontend', '203.0.113.0/24', '203.0.113.99']);
    expect(await page.locator('#matrix thead th.col').allTextContents()).toEqual(['app/api', 'app/frontend', '203.0.113.0/24', '203.0.113.99']);
    await page.selectOption('#namespace', '');

    // WHEN only partly allowed cells are asked for, THEN the rows without one go and the rest fade
    await page.selectOption('#verdict', 'partial');
    expect(await page.locator('#matrix tbody th').allTextContents()).toEqual(['app/api', 'app/frontend', 'monitoring/prometheus-agent']);
    expect(await page.locator('#matrix td.v-partial:not(.dim)').count()).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-partial.png'), fullPage: true });
    await page.selectOption('#verdict', '');

    // WHEN a cell is pointed at, THEN its ports are spelled out
    await page.hover('#matrix tbody tr:nth-child(2) td:nth-child(2)');
    expect(await page.locator('#detail').textContent()).toBe('app/frontend → app/api: partly allowed; allowed 80/TCP; denied 8080/TCP');

    // WHEN the graph tab is chosen, THEN namespaces become columns and allowed cells edges
    await page.click('#tab-graph');
    expect(await page.locator('#matrix-view').isHidden()).toBe(true);
    expect(await page.locator('#graph g.node').count()).toBe(6);
    expect(await page.locator('#graph text.cluster').allTextContents()).toEqual(['app', 'kube-system', 'monitoring', 'external']);
    expect(await page.locator('#graph path.edge.e-allow').count()).toBe(14);
    expect(await page.locator('#graph path.edge.e-partial').count()).toBe(3);
    await page.fill('#filter-to', 'api');
    expect(await page.locator('#graph path.edge').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-graph.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('keeps a large cluster usable: draws at most 300 rows, and the filters reach the rest', async () => {
    const cluster = syntheticCluster({ pods: 700, namespaces: 24, policies: 300, externals: 8, nodes: 4 });
    const report = buildMatrixReport(ClusterModel.build(cluster.objects), { grouping: 'pod' });
    const { page, problems } = await open(report, 'large');
    expect(report.rows.length).toBeGreaterThan(300);
    expect(await visibleRows(page)).toBe(300);
    expect(await page.locator('#matrix-note').textContent()).toContain(`Showing 300 of ${report.rows.length} rows`);
    await page.selectOption('#namespace', 'kube-system');
    const kubeSystem = report.rows.filter((row) => report.endpoints[row.endpoints[0]].namespace === 'kube-system').length;
    const externals = report.endpoints.filter((e) => e.kind === 'external').length;
    expect(await visibleRows(page)).toBe(kubeSystem + externals);
    await page.click('#tab-graph');
    expect(await page.locator('#graph g.node').count()).toBe(kubeSystem + externals);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'large-graph.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
