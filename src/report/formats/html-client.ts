/**
 * The HTML report's script: reads the embedded `netpol.matrix/v1` document and draws the
 * matrix or the graph of what the filters leave. Plain ES2017 in a string (it runs in the
 * browser, not here); it writes names with textContent only, so no manifest text becomes markup.
 */
export const HTML_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('netpol-data').textContent);
  var MAX_AXIS = 300, MAX_NODES = 400, MAX_EDGES = 2000;
  var COLUMN = 290, WIDTH = 200, HEIGHT = 26, GAP = 12, TOP = 44, LEFT = 20;
  var MARK = { allow: '\u2713', partial: '\u25d0', deny: '\u2717', self: '\u00b7' };
  var WORDS = { allow: 'allowed', partial: 'partly allowed', deny: 'denied', self: 'a pod to itself' };
  var SVG = 'http://www.w3.org/2000/svg';
  function $(id) { return document.getElementById(id); }
  var controls = { namespace: $('namespace'), from: $('filter-from'), to: $('filter-to'), verdict: $('verdict') };
  var view = 'matrix';

  function namespaceOf(axis) {
    var endpoint = data.endpoints[axis.endpoints[0]];
    return endpoint.namespace === undefined ? null : endpoint.namespace;
  }
  function searchText(axis) {
    return axis.endpoints.map(function (e) { return data.endpoints[e].id; }).join(' ').toLowerCase();
  }
  function keeps(axis, text, namespace) {
    var own = namespaceOf(axis);
    if (namespace && own !== null && own !== namespace) return false;
    return !text || searchText(axis).indexOf(text) >= 0;
  }
  function verdictAt(r, c) {
    var p = data.cells[r][c];
    return p === null ? null : data.profiles[p].verdict;
  }

  /** The rows and columns the filters keep; with a verdict, only those that have a cell of it. */
  function visible() {
    var namespace = controls.namespace.value, want = controls.verdict.value;
    var from = controls.from.value.trim().toLowerCase(), to = controls.to.value.trim().toLowerCase();
    var rows = [], columns = [];
    data.rows.forEach(function (axis, r) { if (keeps(axis, from, namespace)) rows.push(r); });
    data.columns.forEach(function (axis, c) { if (keeps(axis, to, namespace)) columns.push(c); });
    if (want) {
      rows = rows.filter(function (r) { return columns.some(function (c) { return verdictAt(r, c) === want; }); });
      columns = columns.filter(function (c) { return rows.some(function (r) { return verdictAt(r, c) === want; }); });
    }
    return { rows: rows, columns: columns, want: want };
  }

  function describeCell(r, c) {
    var p = data.cells[r][c];
    if (p === null) return '';
    var profile = data.profiles[p];
    var parts = [data.rows[r].label + ' \u2192 ' + data.columns[c].label + ': ' + WORDS[profile.verdict]];
    if (profile.allowed.length) parts.push('allowed ' + profile.allowed.join(', '));
    if (profile.partial.length) parts.push('partly ' + profile.partial.join(', '));
    if (profile.denied.length) parts.push('denied ' + profile.denied.join(', '));
    return parts.join('; ');
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawMatrix(v) {
    var table = $('matrix');
    table.textContent = '';
    var rows = v.rows.slice(0, MAX_AXIS), columns = v.columns.slice(0, MAX_AXIS);
    var head = table.createTHead().insertRow();
    head.appendChild(element('th', 'corner', 'from \\ to'));
    columns.forEach(function (c) {
      var th = element('th', 'col');
      th.scope = 'col';
      th.title = data.columns[c].label;
      th.appendChild(element('span', '', data.columns[c].label));
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (r) {
      var tr = body.insertRow();
      var th = element('th', '', data.rows[r].label);
      th.scope = 'row';
      tr.appendChild(th);
      columns.forEach(function (c) {
        var td = tr.insertCell();
        var verdict = verdictAt(r, c);
        if (verdict === null) { td.className = 'none'; return; }
        td.className = 'v-' + verdict + (v.want && verdict !== v.want ? ' dim' : '');
        td.textContent = MARK[verdict];
        td.setAttribute('data-r', r);
        td.setAttribute('data-c', c);
      });
    });
    var cut = rows.length < v.rows.length || columns.length < v.columns.length;
    $('matrix-note').textContent = 'Showing ' + rows.length + ' of ' + v.rows.length + ' rows and ' + columns.length + ' of '
      + v.columns.length + ' columns' + (cut ? ' (filter to see the rest)' : '') + '. Rows are sources, columns destinations.';
  }

  function svgElement(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Namespaces as columns, their endpoints stacked; an edge per shown cell. */
  function drawGraph(v) {
    var svg = $('graph');
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var shown = {}, nodes = [];
    function add(axis) { axis.endpoints.forEach(function (e) { if (!shown[e]) { shown[e] = true; nodes.push(e); } }); }
    v.rows.forEach(function (r) { add(data.rows[r]); });
    v.columns.forEach(function (c) { add(data.columns[c]); });
    nodes.sort(function (a, b) { return a - b; });
    if (nodes.length > MAX_NODES) {
      $('graph-note').textContent = nodes.length + ' endpoints are too many to draw: filter to at most ' + MAX_NODES + '.';
      return;
    }
    var clusters = [], clusterOf = {};
    nodes.forEach(function (e) {
      var endpoint = data.endpoints[e];
      var name = endpoint.namespace === undefined ? 'external' : endpoint.namespace;
      if (!(name in clusterOf)) { clusterOf[name] = clusters.length; clusters.push({ name: name, nodes: [] }); }
      clusters[clusterOf[name]].nodes.push(e);
    });
    var at = {}, tallest = 0;
    clusters.forEach(function (cluster, k) {
      tallest = Math.max(tallest, cluster.nodes.length);
      cluster.nodes.forEach(function (e, i) { at[e] = { x: LEFT + k * COLUMN, y: TOP + i * (HEIGHT + GAP), column: k }; });
    });
    var rowOf = {}, columnOf = {}, rowShown = {}, columnShown = {};
    data.rows.forEach(function (axis, r) { axis.endpoints.forEach(function (e) { rowOf[e] = r; }); });
    data.columns.forEach(function (axis, c) { axis.endpoints.forEach(function (e) { columnOf[e] = c; }); });
    v.rows.forEach(function (r) { rowShown[r] = true; });
    v.columns.forEach(function (c) { columnShown[c] = true; });
    var edges = [];
    nodes.forEach(function (a) {
      if (!rowShown[rowOf[a]]) return;
      nodes.forEach(function (b) {
        if (!columnShown[columnOf[b]]) return;
        var verdict = verdictAt(rowOf[a], columnOf[b]);
        var wanted = v.want ? verdict === v.want : verdict === 'allow' || verdict === 'partial';
        if (wanted && verdict !== 'self') edges.push({ from: a, to: b, verdict: verdict });
      });
    });
    var width = LEFT * 2 + clusters.length * COLUMN, height = TOP + tallest * (HEIGHT + GAP) + 20;
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    var defs = svgElement('defs', {});
    ['allow', 'partial', 'deny'].forEach(function (verdict) {
      var marker = svgElement('marker', { id: 'arrow-' + verdict, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.appendChild(svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z', 'class': 'e-' + verdict, style: 'stroke-dasharray:none' }));
      defs.appendChild(marker);
    });
    svg.appendChild(defs);
    clusters.forEach(function (cluster, k) {
      svg.appendChild(svgElement('text', { x: LEFT + k * COLUMN, y: 24, 'class': 'cluster' }, cluster.name));
    });
    var drawn = edges.slice(0, MAX_EDGES);
    drawn.forEach(function (edge) {
      var path = svgElement('path', { d: edgePath(at[edge.from], at[edge.to], edge.from === edge.to), 'class': 'edge e-' + edge.verdict, 'marker-end': 'url(#arrow-' + edge.verdict + ')' });
      path.appendChild(svgElement('title', {}, describeCell(rowOf[edge.from], columnOf[edge.to])));
      svg.appendChild(path);
    });
    nodes.forEach(function (e) {
      var endpoint = data.endpoints[e], p = at[e];
      var group = svgElement('g', { 'class': 'node' + (endpoint.kind === 'external' ? ' external' : ''), transform: 'translate(' + p.x + ',' + p.y + ')' });
      group.appendChild(svgElement('rect', { width: WIDTH, height: HEIGHT, rx: 6 }));
      var label = endpoint.kind === 'namespace' || endpoint.namespace === undefined ? endpoint.id : endpoint.id.replace(endpoint.namespace + '/', '');
      group.appendChild(svgElement('text', { x: 8, y: 17 }, label.length > 30 ? label.slice(0, 29) + '\u2026' : label));
      group.appendChild(svgElement('title', {}, endpoint.id));
      svg.appendChild(group);
    });
    $('graph-note').textContent = nodes.length + ' endpoints, ' + drawn.length + ' of ' + edges.length + ' edges'
      + (drawn.length < edges.length ? ' (filter to see the rest)' : '') + '. Solid: allowed; dashed: partly allowed.';
  }

  /**
   * Rightward edges leave a node's right side and bend below the straight line, leftward ones
   * leave its left side and bend above, so that the two directions between two nodes and edges
   * passing a column never coincide; edges within a column bulge out to the right.
   */
  function edgePath(a, b, loop) {
    var ay = a.y + HEIGHT / 2, by = b.y + HEIGHT / 2, right = a.x + WIDTH;
    if (loop) return 'M ' + right + ' ' + (ay - 6) + ' C ' + (right + 34) + ' ' + (ay - 26) + ', ' + (right + 34) + ' ' + (ay + 26) + ', ' + right + ' ' + (ay + 6);
    var span = Math.abs(b.column - a.column), bend = 14 + 22 * (span - 1);
    if (b.column > a.column) return curve(right, ay + 4, b.x, by + 4, bend);
    if (b.column < a.column) return curve(a.x, ay - 4, b.x + WIDTH, by - 4, -bend);
    var bulge = 24 + Math.abs(by - ay) / 4;
    return 'M ' + right + ' ' + ay + ' C ' + (right + bulge) + ' ' + ay + ', ' + (right + bulge) + ' ' + by + ', ' + right + ' ' + by;
  }
  function curve(x1, y1, x2, y2, bend) {
    var dx = (x2 - x1) / 3;
    return 'M ' + x1 + ' ' + y1 + ' C ' + (x1 + dx) + ' ' + (y1 + bend) + ', ' + (x2 - dx) + ' ' + (y2 + bend) + ', ' + x2 + ' ' + y2;
  }

  function draw() {
    var v = visible();
    if (view === 'matrix') drawMatrix(v); else drawGraph(v);
  }

  function show(next) {
    view = next;
    $('matrix-view').hidden = next !== 'matrix';
    $('graph-view').hidden = next !== 'graph';
    $('tab-matrix').setAttribute('aria-selected', String(next === 'matrix'));
    $('tab-graph').setAttribute('aria-selected', String(next === 'graph'));
    draw();
  }

  function explainCell(event) {
    var cell = event.target.closest ? event.target.closest('td[data-r]') : null;
    if (!cell) return;
    var text = describeCell(Number(cell.getAttribute('data-r')), Number(cell.getAttribute('data-c')));
    cell.title = text;
    $('detail').textContent = text;
  }

  [controls.from, controls.to].forEach(function (input) { input.addEventListener('input', draw); });
  [controls.namespace, controls.verdict].forEach(function (select) { select.addEventListener('change', draw); });
  $('tab-matrix').addEventListener('click', function () { show('matrix'); });
  $('tab-graph').addEventListener('click', function () { show('graph'); });
  $('matrix').addEventListener('mouseover', explainCell);
  $('matrix').addEventListener('click', explainCell);
  draw();
})();
`;
