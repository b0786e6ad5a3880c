/**
 * The HTML report's inline style and script. Plain CSS and browser JavaScript (no build step, nothing
 * fetched): the script reads the findings from the page's JSON block and builds every element with
 * textContent, so no finding text is ever parsed as HTML.
 */

export const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa;
  --critical: #8b0000; --high: #cf222e; --medium: #9a6700; --low: #0969da; --info: #59636e;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h3 { font-size: 14px; margin: 0 0 6px; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-alt); padding: 1px 4px; border-radius: 4px; }
.meta { color: var(--muted); margin: 0; }
.warning { border: 1px solid var(--medium); background: #fff8c5; padding: 8px 12px; border-radius: 6px; margin-top: 16px; }
.warning ul { margin: 4px 0 0; padding-left: 20px; }
.summary { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; }
.summary table { border-collapse: collapse; font-size: 13px; }
.summary th, .summary td { border-bottom: 1px solid var(--line); padding: 3px 7px; text-align: right; }
.summary th { font-weight: 600; color: var(--muted); }
.summary th:first-child, .summary td:first-child { text-align: left; }
.summary caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
.cards { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--c, var(--line)); border-radius: 6px; padding: 6px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.sev-CRITICAL { --c: var(--critical); } .sev-HIGH { --c: var(--high); } .sev-MEDIUM { --c: var(--medium); }
.sev-LOW { --c: var(--low); } .sev-INFORMATIONAL { --c: var(--info); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; color: #fff; background: var(--c, var(--info)); font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
.controls input[type=search] { flex: 1; min-width: 220px; padding: 5px 8px; }
.controls select, .controls input { font: inherit; }
#filter-rule { max-width: 280px; }
#findings { width: 100%; border-collapse: collapse; }
#findings th { text-align: left; border-bottom: 2px solid var(--line); padding: 6px 8px; white-space: nowrap; }
#findings th button { all: unset; cursor: pointer; font-weight: 600; }
#findings th[aria-sort=ascending] button::after { content: " \\25B2"; }
#findings th[aria-sort=descending] button::after { content: " \\25BC"; }
#findings td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
#findings tr.finding:hover { background: var(--bg-alt); }
#findings td.resource { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; min-width: 14ch; }
#findings td.vpc { white-space: nowrap; }
.toggle { all: unset; cursor: pointer; width: 18px; display: inline-block; color: var(--muted); }
tr.detail > td { background: var(--bg-alt); padding: 12px 16px 16px 34px; }
.detail p { margin: 4px 0; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.detail dt { color: var(--muted); }
.detail dd { margin: 0; word-break: break-word; }
.status-NOT_EVALUATED { color: #8250df; font-weight: 600; }
.status-SUPPRESSED, .status-PASSED { color: var(--muted); }
figure.path { margin: 10px 0 4px; border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 10px 12px; }
figure.path figcaption { font-weight: 600; margin-bottom: 8px; }
.verdict-works { --c: var(--pass); } .verdict-broken { --c: var(--fail); } .verdict-unverifiable { --c: var(--warn); }
.lane { display: flex; align-items: flex-start; gap: 8px; margin: 6px 0; }
.lane-label { width: 60px; flex: none; color: var(--muted); font-size: 12px; padding-top: 8px; }
ol.hops { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 0; align-items: stretch; }
li.hop { display: flex; align-items: stretch; }
li.hop + li.hop::before { content: "\\2192"; align-self: center; padding: 0 6px; color: var(--muted); font-size: 16px; }
.hop-box { border: 1px solid var(--line); border-top: 4px solid var(--c); border-radius: 6px; padding: 4px 8px; max-width: 230px; background: #fff; }
.hop-PASS { --c: var(--pass); } .hop-FAIL { --c: var(--fail); } .hop-WARN { --c: var(--warn); } .hop-SKIP { --c: var(--skip); }
.hop-FAIL .hop-box { border: 2px solid var(--fail); border-top-width: 4px; background: #ffebe9; }
.hop-kind { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.hop-id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.hop-message { font-size: 12px; }
.hop-fix { font-size: 12px; margin-top: 2px; font-weight: 600; }
.hop-mark { color: var(--fail); font-weight: 700; font-size: 12px; }
#more { margin-top: 10px; }
.empty { color: var(--muted); padding: 12px 8px; }
`;

export const SCRIPT = `
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('netaudit-data').textContent);
  const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
  const STATUSES = ['FAILED', 'NOT_EVALUATED', 'SUPPRESSED', 'PASSED'];
  const PAGE = 500;
  const $ = (id) => document.getElementById(id);
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(name, String(value));
    }
    for (const child of children) if (child !== undefined && child !== null) node.append(child);
    return node;
  }
  const findings = data.findings;
  for (const f of findings) {
    const rule = data.rules[f.ruleId];
    f.haystack = [f.id, f.ruleId, rule.title, f.resourceId, f.resourceType, f.vpcId || '', f.message, f.status]
      .join('\\n').toLowerCase();
  }
  const byText = (key) => (a, b) => ((a[key] || '') < (b[key] || '') ? -1 : (a[key] || '') > (b[key] || '') ? 1 : 0);
  const COMPARE = {
    severity: (a, b) =>
      STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    rule: (a, b) => a.ruleOrder - b.ruleOrder,
    resource: byText('resourceId'),
    vpc: byText('vpcId'),
    message: byText('message'),
  };
  const state = { sort: 'severity', direction: 1, limit: PAGE, open: new Set() };

  const ruleSelect = $('filter-rule');
  for (const id of Object.keys(data.rules)) ruleSelect.append(el('option', { value: id }, id + ' ' + data.rules[id].title));

  function diagram(path) {
    const figure = el('figure', { class: 'path verdict-' + path.verdict });
    figure.append(el('figcaption', {}, path.question + ' ', el('span', { class: 'badge' }, path.verdict)));
    for (const direction of ['forward', 'return']) {
      const hops = path.hops.filter((h) => h.direction === direction);
      if (hops.length === 0) continue;
      const list = el('ol', { class: 'hops', 'aria-label': direction + ' hops' });
      for (const hop of hops) {
        const failing = hop.status === 'FAIL';
        list.append(
          el(
            'li',
            { class: 'hop hop-' + hop.status, 'data-status': hop.status, 'aria-current': failing ? 'step' : null },
            el(
              'div',
              { class: 'hop-box' },
              el('div', { class: 'hop-kind' }, hop.kind + ' \\u00b7 ' + hop.status),
              el('div', { class: 'hop-id' }, hop.resourceId),
              failing ? el('div', { class: 'hop-mark' }, '\\u2717 fails here') : null,
              el('div', { class: 'hop-message' }, hop.message),
              hop.fix ? el('div', { class: 'hop-fix' }, 'Fix: ' + hop.fix) : null,
            ),
          ),
        );
      }
      figure.append(el('div', { class: 'lane' }, el('span', { class: 'lane-label' }, direction), list));
    }
    return figure;
  }

  function detail(f) {
    const rule = data.rules[f.ruleId];
    const cell = el('td', { colspan: 6 });
    cell.append(el('h3', {}, f.ruleId + ' \\u2014 ' + rule.title));
    if (rule.description) cell.append(el('p', {}, rule.description));
    const remediation = el('p', {}, el('strong', {}, 'Remediation: '), rule.remediation + ' ');
    if (rule.url) remediation.append(el('a', { href: rule.url, rel: 'noopener noreferrer' }, rule.url));
    cell.append(remediation);
    if (f.explain) cell.append(el('p', {}, el('strong', {}, 'Explain: '), el('code', {}, f.explain)));
    if (f.path) cell.append(diagram(f.path));
    const facts = el('dl');
    const fact = (name, value) => {
      if (value !== undefined && value !== null && value !== '') facts.append(el('dt', {}, name), el('dd', {}, value));
    };
    fact('Finding id', f.id);
    fact('Status', f.status);
    fact('Resource', f.resourceType + ' ' + f.resourceId);
    fact('Account / region', f.accountId + ' / ' + f.region);
    if (f.suppression) {
      fact('Suppressed', f.suppression.reason + ' (' + f.suppression.owner + ', until ' + f.suppression.expires + ')');
    }
    for (const [key, value] of Object.entries(f.evidence || {})) fact(key, Array.isArray(value) ? value.join(', ') : String(value));
    cell.append(facts);
    return el('tr', { class: 'detail', 'data-detail-of': f.id }, cell);
  }

  function row(f) {
    const open = state.open.has(f.id);
    const toggle = el('button', { class: 'toggle', type: 'button', 'aria-expanded': open, 'aria-label': 'details' }, open ? '\\u25BE' : '\\u25B8');
    const tr = el(
      'tr',
      { class: 'finding', 'data-finding-id': f.id },
      el('td', {}, toggle),
      el('td', {}, el('span', { class: 'badge sev-' + f.severity }, f.severity)),
      el('td', { class: 'status-' + f.status }, f.ruleId, f.status === 'FAILED' ? null : el('div', {}, f.status.replace('_', ' ').toLowerCase())),
      el('td', { class: 'resource' }, f.resourceId),
      el('td', { class: 'resource vpc' }, f.vpcId || ''),
      el('td', {}, f.message),
    );
    tr.addEventListener('click', () => {
      if (state.open.has(f.id)) state.open.delete(f.id);
      else state.open.add(f.id);
      render();
    });
    return tr;
  }

  function render() {
    const query = $('filter-text').value.trim().toLowerCase();
    const severity = $('filter-severity').value;
    const status = $('filter-status').value;
    const rule = ruleSelect.value;
    const shown = findings
      .filter(
        (f) =>
          (!severity || f.severity === severity) &&
          (!status || f.status === status) &&
          (!rule || f.ruleId === rule) &&
          (!query || f.haystack.includes(query)),
      )
      .sort((a, b) => state.direction * COMPARE[state.sort](a, b) || a.order - b.order);
    const body = $('findings-body');
    const rows = [];
    for (const f of shown.slice(0, state.limit)) {
      rows.push(row(f));
      if (state.open.has(f.id)) rows.push(detail(f));
    }
    if (shown.length === 0) rows.push(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'No finding matches these filters.')));
    body.replaceChildren(...rows);
    for (const th of document.querySelectorAll('#findings th[data-sort]')) {
      th.setAttribute('aria-sort', th.dataset.sort === state.sort ? (state.direction > 0 ? 'ascending' : 'descending') : 'none');
    }
    $('count').textContent = shown.length + ' of ' + findings.length + ' results';
    const more = $('more');
    more.hidden = shown.length <= state.limit;
    more.textContent = 'Show ' + Math.min(PAGE, shown.length - state.limit) + ' more';
  }

  for (const th of document.querySelectorAll('#findings th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      state.direction = state.sort === th.dataset.sort ? -state.direction : 1;
      state.sort = th.dataset.sort;
      render();
    });
  }
  for (const id of ['filter-text', 'filter-severity', 'filter-status', 'filter-rule']) {
    $(id).addEventListener('input', () => {
      state.limit = PAGE;
      render();
    });
  }
  $('more').addEventListener('click', () => {
    state.limit += PAGE;
    render();
  });
  $('expand-paths').addEventListener('click', () => {
    for (const f of findings) if (f.path) state.open.add(f.id);
    render();
  });
  render();
})();
`;
