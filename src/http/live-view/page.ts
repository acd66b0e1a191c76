/**
 * The live view of a served cloud: one page, inline CSS and script, no framework. It polls
 * `/_sim/view/state` once a wall second and draws the hosts (capacity, use, claims), the
 * servers by status, the last requests and events; its buttons call the control API.
 * The browser sends the basic-auth login it was asked for with every fetch.
 */
const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1f23; }
body { margin: 18px; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 18px 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 13px; }
.clock { font-variant-numeric: tabular-nums; font-weight: 600; }
button { font-size: 12px; padding: 3px 8px; cursor: pointer; }
table { border-collapse: collapse; font-size: 12px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
.meter { width: 120px; height: 8px; background: #eee; display: inline-block; vertical-align: middle; }
.meter > span { display: block; height: 100%; background: #5b8def; }
.UP { color: #2e9e4f; } .DOWN, .UNKNOWN { color: #d9363e; } .MAINTENANCE { color: #c47f00; }
.status { margin: 4px 0; font-size: 12px; }
.status b { display: inline-block; min-width: 140px; }
.chip { display: inline-block; padding: 1px 6px; margin: 1px; border-radius: 8px; background: #eef2fb; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
td:first-child { white-space: nowrap; }
td.path { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.c2 { color: #2e9e4f; } .c4 { color: #c47f00; } .c5 { color: #d9363e; }
#error { color: #d9363e; font-size: 12px; }
`;

// This script runs in the viewer's browser, never in Node: its once-a-second poll is a
// wall-clock timer of the page, like the HTTP wall-clock driver's, and reads the cloud
// only through /_sim/ requests, so the simulation's determinism is untouched.
const SCRIPT = `
(function () {
  var base = location.pathname.replace(/\\/view\\/?$/, '');
  var text = function (s) { return String(s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); };
  var offset = function (ms, now) { return '-' + Math.round((now - ms) / 1000) + ' s'; };
  function call(method, path, body) {
    return fetch(base + path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (res) {
      if (!res.ok) return res.text().then(function (t) { throw new Error(res.status + ' ' + t); });
    }).then(refresh, shout);
  }
  function shout(error) { document.getElementById('error').textContent = String(error); }
  function meter(used, total) {
    var share = total > 0 ? Math.min(1, used / total) : 0;
    return '<span class="meter"><span style="width:' + Math.round(share * 100) + '%"></span></span> ' + used + '/' + total;
  }
  function draw(state) {
    document.getElementById('error').textContent = '';
    var c = state.clock;
    document.getElementById('clock').textContent = c.time + ' · ' + c.mode + (c.mode === 'realtime' ? ' ×' + c.speed : '') + ' · ' + c.pending + ' timers';
    document.getElementById('pause').textContent = c.mode === 'realtime' ? 'pause (manual clock)' : 'resume (realtime)';
    document.getElementById('pause').dataset.mode = c.mode;
    document.getElementById('hosts').innerHTML = state.hosts.map(function (h) {
      return '<tr data-host="' + text(h.name) + '"><td>' + text(h.name) + '</td><td class="host-status ' + text(h.status) + '">' + text(h.status) +
        (h.alive ? '' : ' (nova-compute stopped)') + (h.forcedDown ? ' (forced down)' : '') + (h.enabled ? '' : ' (disabled)') + '</td>' +
        '<td>' + meter(h.used.vcpus, h.capacity.vcpus) + '</td><td>' + meter(h.used.memoryMb, h.capacity.memoryMb) + '</td>' +
        '<td>' + meter(h.used.diskGb, h.capacity.diskGb) + '</td><td class="claims">' + h.claims.map(text).join(', ') + '</td>' +
        '<td><button data-host-action="' + (h.alive ? 'down' : 'up') + '" data-name="' + text(h.name) + '">' + (h.alive ? 'down' : 'up') + '</button> ' +
        '<button data-host-action="' + (h.forcedDown ? 'force-up' : 'force-down') + '" data-name="' + text(h.name) + '">' + (h.forcedDown ? 'force up' : 'force down') + '</button></td></tr>';
    }).join('');
    var statuses = Object.keys(state.byStatus).sort();
    document.getElementById('servers').innerHTML = statuses.length === 0 ? '<p class="status">No servers.</p>' :
      statuses.map(function (s) {
        var list = state.byStatus[s];
        return '<div class="status" data-status="' + text(s) + '"><b>' + text(s) + ' (' + list.length + ')</b>' +
          list.map(function (v) { return '<span class="chip" title="' + text(v.id + (v.taskState ? ' · ' + v.taskState : '') + (v.host ? ' on ' + v.host : '')) + '">' + text(v.name) + '</span>'; }).join('') + '</div>';
      }).join('');
    document.getElementById('requests').innerHTML = state.requests.slice().reverse().map(function (r) {
      return '<tr><td>' + offset(r.at, c.now) + '</td><td>' + text(r.method) + '</td><td class="path">' + text(r.url) + '</td><td class="c' + String(r.status)[0] + '">' + r.status + '</td></tr>';
    }).join('');
    document.getElementById('events').innerHTML = state.events.slice().reverse().map(function (e) {
      return '<tr><td>' + offset(e.at, c.now) + '</td><td>' + text(e.type) + '</td><td>' + text(e.summary) + '</td></tr>';
    }).join('');
    document.body.dataset.ready = 'true';
  }
  function refresh() {
    return fetch(base + '/view/state').then(function (res) {
      if (!res.ok) throw new Error('state: ' + res.status);
      return res.json();
    }).then(draw, shout);
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.hostAction) return call('POST', '/hosts/' + encodeURIComponent(button.dataset.name) + '/' + button.dataset.hostAction);
    if (button.dataset.advance) return call('POST', '/clock/advance', { seconds: Number(button.dataset.advance) });
    if (button.id === 'run-all') return call('POST', '/clock/run-all');
    if (button.id === 'pause') return call('PUT', '/clock', { mode: button.dataset.mode === 'realtime' ? 'manual' : 'realtime' });
    if (button.id === 'fault') return call('POST', '/faults', { kind: document.getElementById('fault-kind').value, count: 1 });
    if (button.id === 'clear-faults') return call('DELETE', '/faults');
  });
  refresh();
  setInterval(refresh, 1000);
})();
`;

const FAULTS = [
  'build-failure',
  'port-create-failure',
  'volume-create-failure',
  'floating-ip-failure',
];

/** The page's HTML. */
export function liveViewHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'"/>
<title>nova-sim live view</title>
<style>${STYLE}</style>
</head>
<body>
<h1>nova-sim live view</h1>
<div class="bar"><span class="clock" id="clock">…</span>
<button data-advance="60">+1 min</button><button data-advance="3600">+1 h</button>
<button id="run-all">run all timers</button><button id="pause" data-mode="">pause</button>
<span>fault:</span><select id="fault-kind">${FAULTS.map((f) => `<option>${f}</option>`).join('')}</select>
<button id="fault">inject once</button><button id="clear-faults">clear faults</button>
<span id="error"></span></div>
<h2>Hosts</h2>
<table><thead><tr><th>host</th><th>status</th><th>vCPUs</th><th>RAM MB</th><th>disk GB</th><th>claims</th><th></th></tr></thead><tbody id="hosts"></tbody></table>
<h2>Servers by status</h2>
<div id="servers"></div>
<div class="cols">
<div><h2>Recent requests</h2><table><tbody id="requests"></tbody></table></div>
<div><h2>Recent events</h2><table><tbody id="events"></tbody></table></div>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
