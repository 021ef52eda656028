// aduan ops page. Plain browser JavaScript, no build step, no outside resources.
// Contract: the token is typed once, kept in sessionStorage (this tab only) and sent as
// "Authorization: Bearer" on every data call, never in a URL. Personal data arrives masked
// unless "reveal" is on, which adds ?reveal=1 to detail calls (the server audits each one).
// Server text is always inserted with textContent, never as HTML.
(function () {
  'use strict';

  var TOKEN_KEY = 'aduan.ops.token';
  var STATS_REFRESH_MS = 3000;   // overview numbers and chart
  var LIST_REFRESH_MS = 5000;    // actor and ticket tables while their tab is open
  var CLOCK_TICK_MS = 1000;      // SLA countdowns
  var CHART_SAMPLES = 60;        // points kept for the throughput chart
  var NEAR_SLA_MS = 15 * 60 * 1000;
  var LIST_LIMIT = 200;

  var state = {
    tab: 'overview',
    samples: [],          // {t: ms, inRate, outRate}
    lastStats: null,
    lastStatsAt: 0,
    clockOffset: 0,       // server now − local now (the server may run a test clock)
    tickets: [],
    ticket: null,         // the ticket shown in detail
    actor: null,
    timers: []
  };

  function $(id) { return document.getElementById(id); }
  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
  function revealOn() { return $('reveal-toggle').checked; }

  function text(el, value) {
    el.textContent = value === null || value === undefined || value === '' ? '–' : String(value);
    return el;
  }
  function make(tag, content, cls) {
    var el = document.createElement(tag);
    if (content !== undefined) text(el, content);
    if (cls) el.className = cls;
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  function duration(seconds) {
    var s = Math.abs(Math.round(seconds));
    function pad(n) { return (n < 10 ? '0' : '') + n; }
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + pad(s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + pad(Math.floor(s % 3600 / 60)) + 'm';
    return Math.floor(s / 86400) + 'd ' + pad(Math.floor(s % 86400 / 3600)) + 'h';
  }
  function serverNow() { return Date.now() + state.clockOffset; }
  function slaText(t) {
    if (t.status !== 'open' || !t.sla_due) return { text: '–', cls: '' };
    var left = Date.parse(t.sla_due) - serverNow();
    if (left < 0 || t.breached) return { text: 'past SLA by ' + duration(Math.max(0, -left) / 1000), cls: 'breached' };
    return { text: 'in ' + duration(left / 1000), cls: left <= NEAR_SLA_MS ? 'near' : '' };
  }

  // ---- the one way to the API -------------------------------------------------------
  function ApiError(status, message) { this.status = status; this.message = message; }

  function api(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + token() };
    var init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        if (r.status === 401) {
          signOut('The token was refused (401). Type it again.');
          throw new ApiError(401, 'the token was refused');
        }
        if (!r.ok) throw new ApiError(r.status, (data && data.error) || ('HTTP ' + r.status));
        setConn(true);
        return data;
      });
    }, function (e) {
      setConn(false, e && e.message);
      throw new ApiError(0, 'cannot reach the admin API');
    });
  }
  function withReveal(path) {
    return revealOn() ? path + (path.indexOf('?') < 0 ? '?' : '&') + 'reveal=1' : path;
  }
  function setConn(ok, why) {
    var el = $('conn-state');
    el.textContent = ok ? 'connected' : 'disconnected' + (why ? ' (' + why + ')' : '');
    el.className = 'conn ' + (ok ? 'ok' : 'down');
  }

  // ---- sign in / out ------------------------------------------------------------------
  function signIn(t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    $('login-error').textContent = '';
    api('GET', '/admin/stats').then(function (s) {
      $('login').hidden = true;
      $('tabs').hidden = false;
      $('tools').hidden = false;
      onStats(s);
      showTab(state.tab);
      startTimers();
    }, function (e) {
      if (e.status !== 401) $('login-error').textContent = e.message;
    });
  }
  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopTimers();
    $('login').hidden = false;
    $('tabs').hidden = true;
    $('tools').hidden = true;
    ['overview', 'actors', 'tickets'].forEach(function (v) { $('view-' + v).hidden = true; });
    $('login-error').textContent = message || '';
    $('token-input').value = '';
  }
  function startTimers() {
    stopTimers();
    state.timers.push(setInterval(refreshStats, STATS_REFRESH_MS));
    state.timers.push(setInterval(refreshList, LIST_REFRESH_MS));
    state.timers.push(setInterval(tickCountdowns, CLOCK_TICK_MS));
  }
  function stopTimers() { state.timers.forEach(clearInterval); state.timers = []; }

  function showTab(tab) {
    state.tab = tab;
    ['overview', 'actors', 'tickets'].forEach(function (v) {
      $('view-' + v).hidden = v !== tab;
      $('tab-' + v).className = v === tab ? 'active' : '';
    });
    if (tab === 'overview') drawChart();
    refreshList();
  }
  function refreshList() {
    if (!token()) return;
    if (state.tab === 'actors') loadActors();
    if (state.tab === 'tickets') loadTickets();
  }

  // ---- overview -----------------------------------------------------------------------
  function num(v) { return typeof v === 'number' ? v : 0; }
  function refreshStats() { if (token()) api('GET', '/admin/stats').then(onStats, function () {}); }

  function onStats(s) {
    var at = Date.now();
    if (s.now) state.clockOffset = Date.parse(s.now) - at;
    var prev = state.lastStats, dt = (at - state.lastStatsAt) / 1000;
    var inRate = null, outRate = null;
    if (prev && dt > 0) {
      inRate = Math.max(0, (num(s.webhook && s.webhook.events) - num(prev.webhook && prev.webhook.events)) / dt);
      outRate = Math.max(0, (num(s.outbox && s.outbox.sent) - num(prev.outbox && prev.outbox.sent)) / dt);
      state.samples.push({ t: at, inRate: inRate, outRate: outRate });
      if (state.samples.length > CHART_SAMPLES) state.samples.shift();
    }
    state.lastStats = s;
    state.lastStatsAt = at;
    var o = s.outbox || {};
    text($('stat-actors_live'), num(s.actors_live));
    text($('stat-rate_in'), inRate === null ? '…' : inRate.toFixed(1));
    text($('stat-rate_out'), outRate === null ? '…' : outRate.toFixed(1));
    text($('stat-inbox_pending'), num(s.inbox_pending));
    text($('stat-outbox_pending'), num(o.pending));
    text($('stat-tickets_open'), num(s.tickets_open));
    text($('stat-tickets_breached'), num(s.tickets_breached));
    $('stat-tickets_breached').className = 'value' + (num(s.tickets_breached) > 0 ? ' breached' : '');
    var ch = s.channel || {};
    text($('stat-channel'), (ch.state || '?') + (ch.reason ? ' (' + ch.reason + ')' : ''));
    $('stat-channel').className = 'value' + (ch.state && ch.state !== 'ok' ? ' breached' : '');
    text($('stat-actors'), 'live ' + num(s.actors_live) + ' · spawned ' + num(s.actors_spawned) +
      ' · passivated ' + num(s.actors_passivated));
    text($('stat-failures'), 'restarted ' + num(s.actors_restarted) + ' · dead letters ' + num(s.dead_letters));
    text($('stat-outbox'), 'pending ' + num(o.pending) + ' · sent ' + num(o.sent) + ' · delivered ' +
      num(o.delivered) + ' · read ' + num(o.read) + ' · failed ' + num(o.failed));
    var w = s.webhook || {};
    text($('stat-webhook'), 'requests ' + num(w.requests) + ' · events ' + num(w.events) +
      ' · duplicates ' + num(w.duplicates));
    text($('stat-uptime'), duration(num(s.uptime_s)));
    text($('stat-now'), s.now || '');
    drawChart();
  }

  function drawChart() {
    var c = $('throughput');
    if (!c || !c.getContext) return;
    var g = c.getContext('2d'), W = c.width, H = c.height, pad = 28;
    g.clearRect(0, 0, W, H);
    var max = 1;
    state.samples.forEach(function (p) { max = Math.max(max, p.inRate, p.outRate); });
    max = Math.ceil(max);
    g.strokeStyle = '#c8ccd2';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(pad, 4); g.lineTo(pad, H - pad); g.lineTo(W - 4, H - pad);
    g.stroke();
    g.fillStyle = '#555';
    g.font = '11px sans-serif';
    g.fillText(String(max), 4, 12);
    g.fillText('0', 14, H - pad);
    g.fillText('last ' + Math.round(CHART_SAMPLES * STATS_REFRESH_MS / 1000) + ' s', W - 70, H - 8);
    function line(key, color) {
      if (state.samples.length < 2) return;
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.beginPath();
      state.samples.forEach(function (p, i) {
        var x = pad + (W - pad - 6) * (i + CHART_SAMPLES - state.samples.length) / (CHART_SAMPLES - 1);
        var y = (H - pad) - (H - pad - 8) * p[key] / max;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    }
    line('inRate', '#1f6feb');
    line('outRate', '#2da44e');
    if (state.samples.length < 2) g.fillText('collecting samples…', W / 2 - 50, H / 2);
  }

  // ---- actors -------------------------------------------------------------------------
  function loadActors() {
    var sort = $('actor-sort').value;
    api('GET', '/admin/actors?sort=' + encodeURIComponent(sort) + '&limit=' + LIST_LIMIT).then(function (page) {
      var filter = $('actor-filter').value.trim();
      var tbody = $('actor-table').tBodies[0];
      clear(tbody);
      var rows = (page.items || []).filter(function (a) {
        return !filter || String(a.step).indexOf(filter) >= 0 || String(a.citizen).indexOf(filter) >= 0;
      });
      rows.forEach(function (a) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-actor', a.id);
        [a.id, a.citizen, a.step, a.verified ? 'yes' : 'no', a.mailbox, duration(num(a.idle_s)), a.processed,
          a.restarts].forEach(function (v) { tr.appendChild(make('td', v)); });
        if (state.actor === a.id) tr.className = 'selected';
        tr.addEventListener('click', function () { openActor(a.id); });
        tbody.appendChild(tr);
      });
      text($('actor-count'), rows.length + (rows.length === 1 ? ' actor' : ' actors') + (page.next ? ' (more)' : ''));
    }, function () {});
  }

  function openActor(id) {
    state.actor = id;
    $('actor-stop-result').textContent = '';
    api('GET', withReveal('/admin/actors/' + encodeURIComponent(id))).then(function (a) {
      $('actor-detail').hidden = false;
      text($('actor-id'), a.id);
      var f = $('actor-fields');
      clear(f);
      ['live', 'citizen', 'step', 'verified', 'mailbox', 'processed', 'restarts', 'last_inbound'].forEach(function (k) {
        if (!(k in a)) return;
        var tr = document.createElement('tr');
        tr.appendChild(make('th', k));
        tr.appendChild(make('td', typeof a[k] === 'boolean' ? (a[k] ? 'yes' : 'no') : a[k]));
        f.appendChild(tr);
      });
      var idle = document.createElement('tr');
      idle.appendChild(make('th', 'idle'));
      idle.appendChild(make('td', duration(num(a.idle_s))));
      f.appendChild(idle);
      var timers = $('actor-timers');
      clear(timers);
      var keys = Object.keys(a.timers || {});
      if (!keys.length) timers.appendChild(make('tr')).appendChild(make('td', '(none)'));
      keys.forEach(function (k) {
        var tr = document.createElement('tr');
        tr.appendChild(make('th', k));
        tr.appendChild(make('td', a.timers[k]));
        timers.appendChild(tr);
      });
      text($('actor-masked'), revealOn() ? '(revealed, audited)' : '(masked)');
      fillTranscript($('actor-transcript'), a.transcript);
      $('actor-stop').disabled = !a.live;
      loadActors();
    }, function (e) { $('actor-stop-result').textContent = e.message; });
  }

  function fillTranscript(ol, items) {
    clear(ol);
    (items || []).forEach(function (e) {
      var li = make('li', undefined, 'dir-' + (e.dir || 'note'));
      li.appendChild(make('time', e.at || ''));
      li.appendChild(make('span', e.dir || '', 'dir'));
      li.appendChild(make('span', e.text || '', 'text'));
      ol.appendChild(li);
    });
    if (!ol.firstChild) ol.appendChild(make('li', '(empty)'));
  }

  // ---- tickets ------------------------------------------------------------------------
  function loadTickets() {
    var status = $('ticket-status').value;
    api('GET', '/admin/tickets?status=' + encodeURIComponent(status) + '&limit=' + LIST_LIMIT).then(function (page) {
      state.tickets = page.items || [];
      var tbody = $('ticket-table').tBodies[0];
      clear(tbody);
      state.tickets.forEach(function (t) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-ticket', t.id);
        [t.id, t.kind, t.status, t.citizen, t.opened_at].forEach(function (v) { tr.appendChild(make('td', v)); });
        var sla = make('td', '', 'sla');
        sla.setAttribute('data-sla', t.id);
        tr.appendChild(sla);
        tr.appendChild(make('td', t.summary));
        if (state.ticket && state.ticket.id === t.id) tr.className = 'selected';
        tr.addEventListener('click', function () { openTicket(t.id); });
        tbody.appendChild(tr);
      });
      text($('ticket-count'), state.tickets.length + (state.tickets.length === 1 ? ' ticket' : ' tickets') +
        (page.next ? ' (more)' : ''));
      tickCountdowns();
    }, function () {});
  }

  function tickCountdowns() {
    var byId = {};
    state.tickets.forEach(function (t) { byId[t.id] = t; });
    Array.prototype.forEach.call(document.querySelectorAll('td[data-sla]'), function (td) {
      var t = byId[td.getAttribute('data-sla')];
      if (!t) return;
      var s = slaText(t);
      td.textContent = s.text;
      td.className = 'sla ' + s.cls;
    });
    if (state.ticket) {
      var s = slaText(state.ticket);
      var el = $('ticket-sla');
      if (el) { el.textContent = s.text; el.className = s.cls; }
    }
  }

  function openTicket(id) {
    $('resolve-result').textContent = '';
    api('GET', withReveal('/admin/tickets/' + encodeURIComponent(id))).then(function (t) {
      state.ticket = t;
      $('ticket-detail').hidden = false;
      text($('ticket-id'), t.id);
      text($('ticket-kind'), t.kind);
      var f = $('ticket-fields');
      clear(f);
      function row(k, v, id) {
        var tr = document.createElement('tr');
        tr.appendChild(make('th', k));
        var td = make('td', v);
        if (id) td.id = id;
        tr.appendChild(td);
        f.appendChild(tr);
      }
      row('status', t.status);
      row('citizen', t.citizen);
      row('opened', t.opened_at);
      row('SLA due', t.sla_due);
      row('SLA', slaText(t).text, 'ticket-sla');
      row('summary', t.summary);
      if (t.field) row('field', t.field);
      if (t.proposed_value) row('proposed value', t.proposed_value);
      if (t.details) row('details', t.details);
      if (t.resolution) row('resolution', t.resolution + ' (' + (t.resolved_by || '') + ', ' + (t.resolved_at || '') + ')');
      fillRecords(t.records || []);
      text($('ticket-masked'), revealOn() ? '(revealed, audited)' : '(masked)');
      fillTranscript($('ticket-conversation'), t.conversation);
      // The correction form offers the records of this ticket; the proposed value is a hint only.
      var sel = $('resolve-citizen');
      clear(sel);
      sel.appendChild(make('option', '— none —')).value = '';
      (t.records || []).forEach(function (c, i) {
        var o = make('option', 'record ' + (i + 1) + ': ' + c.id + ' (' + c.name + ')');
        o.value = c.id;
        sel.appendChild(o);
      });
      if (t.field) $('resolve-field').value = t.field;
      $('resolve-submit').disabled = t.status !== 'open';
      $('ticket-reopen').disabled = t.status === 'open';
      tickCountdowns();
      loadTickets();
    }, function (e) { $('resolve-result').textContent = e.message; });
  }

  // Both records side by side, one column each; differing values are marked.
  function fillRecords(records) {
    var table = $('ticket-records');
    clear(table.tHead);
    clear(table.tBodies[0]);
    if (!records.length) {
      table.tBodies[0].appendChild(make('tr')).appendChild(make('td', '(no records)'));
      return;
    }
    var head = document.createElement('tr');
    head.appendChild(make('th', 'field'));
    records.forEach(function (c, i) { head.appendChild(make('th', 'record ' + (i + 1))); });
    table.tHead.appendChild(head);
    var fields = ['id', 'nik', 'name', 'birth_date', 'sex', 'phone', 'email', 'version', 'flags', 'vaccinations'];
    fields.forEach(function (k) {
      var tr = document.createElement('tr');
      tr.appendChild(make('th', k));
      var values = records.map(function (c) {
        var v = c[k];
        if (k === 'flags') return (v || []).join(', ');
        if (k === 'vaccinations') {
          return (v || []).map(function (d) { return d.dose + ': ' + d.vaccine + ' ' + d.date; }).join('; ');
        }
        return v;
      });
      values.forEach(function (v) {
        var td = make('td', v);
        if (k !== 'id' && values.length > 1 && values.some(function (x) { return String(x) !== String(values[0]); }))
          td.className = 'differs';
        tr.appendChild(td);
      });
      table.tBodies[0].appendChild(tr);
    });
  }

  function submitResolve(ev) {
    ev.preventDefault();
    var t = state.ticket;
    if (!t) return;
    var body = { reply: $('resolve-reply').value };
    var citizen = $('resolve-citizen').value, value = $('resolve-value').value;
    if (citizen && value) body.apply = { citizen: citizen, field: $('resolve-field').value, value: value };
    if (citizen && !value) { $('resolve-result').textContent = 'Type the new value, or choose no citizen.'; return; }
    $('resolve-submit').disabled = true;
    api('POST', '/admin/tickets/' + encodeURIComponent(t.id) + '/resolve', body).then(function (r) {
      var msg = 'Resolved; the answer goes as ' + (r.delivered_as === 'template' ? 'a template message' : 'a text message') + '.';
      if (r.applied) msg += ' Correction ' + r.applied.outcome + ' (record version ' + r.applied.version + ').';
      $('resolve-result').textContent = msg;
      $('resolve-result').className = 'ok';
      $('resolve-reply').value = '';
      $('resolve-value').value = '';
      openTicket(t.id);
      $('resolve-result').textContent = msg;
    }, function (e) {
      $('resolve-result').textContent = 'Not resolved: ' + e.message;
      $('resolve-result').className = 'error';
      $('resolve-submit').disabled = false;
    });
  }

  function reopen() {
    var t = state.ticket;
    if (!t) return;
    api('POST', '/admin/tickets/' + encodeURIComponent(t.id) + '/reopen', {}).then(function () {
      openTicket(t.id);
    }, function (e) { $('resolve-result').textContent = 'Not reopened: ' + e.message; });
  }

  function stopActor() {
    var id = state.actor;
    if (!id) return;
    api('POST', '/admin/actors/' + encodeURIComponent(id) + '/stop', {}).then(function () {
      $('actor-stop-result').textContent = 'Stopped; its next message starts it again.';
      $('actor-stop').disabled = true;
      loadActors();
    }, function (e) { $('actor-stop-result').textContent = 'Not stopped: ' + e.message; });
  }

  // ---- wiring -------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', function () {
    $('token-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var t = $('token-input').value.trim();
      if (t) signIn(t);
    });
    $('token-forget').addEventListener('click', function () { signOut('Signed out.'); });
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) {
      b.addEventListener('click', function () { showTab(b.getAttribute('data-tab')); });
    });
    $('actor-sort').addEventListener('change', loadActors);
    $('actor-filter').addEventListener('input', loadActors);
    $('actor-refresh').addEventListener('click', loadActors);
    $('actor-stop').addEventListener('click', stopActor);
    $('ticket-status').addEventListener('change', loadTickets);
    $('ticket-refresh').addEventListener('click', loadTickets);
    $('resolve-form').addEventListener('submit', submitResolve);
    $('ticket-reopen').addEventListener('click', reopen);
    $('reveal-toggle').addEventListener('change', function () {
      if (state.tab === 'tickets' && state.ticket) openTicket(state.ticket.id);
      if (state.tab === 'actors' && state.actor) openActor(state.actor);
    });
    if (token()) signIn(token());
  });
})();
