// The saga console: plain JavaScript, no build step, nothing fetched from elsewhere.
// Orders live in a Map; the list shows only the rows in view (virtual scrolling), and every change
// is drawn at most once per animation frame, so 10,000 orders cost the DOM ~30 rows.
(() => {
  'use strict';

  const API = '/api/analytics/console';
  const TOKEN_KEY = 'ordersaga.console.token';
  const LOGIN_KEY = 'ordersaga.console.login';   // the login in progress: its state and PKCE verifier
  const REDIRECT = location.origin + '/console/index.html';
  const ROW_HEIGHT = 26;
  const OVERSCAN = 8;
  const WINDOW_MINUTES = 5;
  const RANK = { PENDING: 0, PAID: 1, CONFIRMED: 2, CANCELLED: 2 };

  const $ = (id) => document.getElementById(id);
  const state = {
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    orders: new Map(),   // id -> order
    ids: [],             // newest first
    fresh: [],           // ids seen since the last draw, oldest first
    filter: '',
    selected: null,
    drawQueued: false,
    stream: null,        // AbortController of the live feed
    timers: [],
  };

  // ---- helpers -------------------------------------------------------------------------------
  const escape = (text) => String(text ?? '').replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const time = (iso) => iso ? new Date(iso).toISOString().substring(11, 23) : '–';
  const took = (order) => order.placedAt && order.endedAt
    ? (Date.parse(order.endedAt) - Date.parse(order.placedAt)) + ' ms' : '';
  const money = (order) => order.total ? order.total + ' ' + (order.currency || '') : '';

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json', ...(options.headers || {}) },
    });
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { detail: text }; }
    return { status: response.status, ok: response.ok, body };
  }

  function connection(text, kind) {
    const badge = $('connection');
    badge.textContent = text;
    badge.className = 'connection ' + kind;
  }

  // ---- login: authorization code with PKCE against auth-server, run by this page ---------------
  const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = (length) => base64url(crypto.getRandomValues(new Uint8Array(length)));

  async function loginSettings() {
    const response = await fetch(API + '/login', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('login settings: HTTP ' + response.status);
    return response.json();
  }

  /** Off to auth-server's login form; the state and the verifier wait in this tab's sessionStorage. */
  async function logIn() {
    const login = await loginSettings();
    const pending = { state: random(16), verifier: random(32) };
    sessionStorage.setItem(LOGIN_KEY, JSON.stringify(pending));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier)));
    location.assign(login.authorizationEndpoint + '?' + new URLSearchParams({
      response_type: 'code', client_id: login.clientId, scope: login.scope, redirect_uri: REDIRECT,
      code_challenge: challenge, code_challenge_method: 'S256', state: pending.state,
    }));
  }

  /** Back from auth-server: checks the state, exchanges the code and the verifier for a token. */
  async function finishLogin() {
    const answer = new URLSearchParams(location.search);
    if (!answer.has('code') && !answer.has('error')) return;
    history.replaceState(null, '', location.pathname);   // the one-time code leaves the address bar at once
    const pending = JSON.parse(sessionStorage.getItem(LOGIN_KEY) || 'null');
    sessionStorage.removeItem(LOGIN_KEY);
    if (answer.has('error')) {
      throw new Error('login refused: ' + answer.get('error') + (answer.has('error_description')
        ? ' (' + answer.get('error_description') + ')' : ''));
    }
    if (!pending || answer.get('state') !== pending.state) {
      throw new Error('login refused: its state is not the one this tab sent');
    }
    const login = await loginSettings();
    const response = await fetch(login.tokenEndpoint, {
      method: 'POST',
      credentials: 'omit',
      headers: { Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: answer.get('code'), redirect_uri: REDIRECT,
        client_id: login.clientId, code_verifier: pending.verifier,
      }),
    });
    const token = await response.json().catch(() => ({}));
    if (!response.ok || !token.access_token) {
      throw new Error('token refused: ' + (token.error || 'HTTP ' + response.status));
    }
    useToken(token.access_token);
  }

  function useToken(token) {
    state.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    showWho();
  }

  /** Who is logged in, read from the token for display only: the services check it. */
  function showWho() {
    let who = '';
    if (state.token) {
      try {
        const claims = JSON.parse(atob(state.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        who = (claims.preferred_username || claims.sub) + ' · ' + [].concat(claims.scope || []).join(' ');
      } catch (e) {
        who = 'logged in';
      }
    }
    $('who').textContent = who;
    $('log-in').hidden = !!state.token;
    $('log-out').hidden = !state.token;
  }

  // ---- orders --------------------------------------------------------------------------------
  /** Takes orders from the snapshot or the feed; the one further along wins. */
  function ingest(list) {
    for (const order of list) {
      const known = state.orders.get(order.id);
      if (!known) {
        state.fresh.push(order.id);
        state.orders.set(order.id, order);
      } else if (order.steps > known.steps || RANK[order.status] > RANK[known.status]
          || (order.steps === known.steps && RANK[order.status] === RANK[known.status])) {
        state.orders.set(order.id, order);
      }
    }
    queueDraw();
  }

  function queueDraw() {
    if (!state.drawQueued) {
      state.drawQueued = true;
      requestAnimationFrame(draw);
    }
  }

  function draw() {
    state.drawQueued = false;
    if (state.fresh.length) {
      state.ids = state.fresh.reverse().concat(state.ids);
      state.fresh = [];
    }
    const ids = state.filter ? state.ids.filter((id) => id.includes(state.filter)) : state.ids;
    const viewport = $('orders');
    $('orders-spacer').style.height = (ids.length * ROW_HEIGHT) + 'px';
    $('order-count').textContent = ids.length.toLocaleString('en') + ' in view'
      + (state.filter ? ' (of ' + state.ids.length.toLocaleString('en') + ')' : '');
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(ids.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    let html = '';
    for (let i = first; i < last; i++) {
      const o = state.orders.get(ids[i]);
      html += '<div class="row' + (o.id === state.selected ? ' selected' : '') + '" data-id="' + o.id
        + '" style="top:' + (i * ROW_HEIGHT) + 'px">'
        + '<span class="id" title="' + o.id + '">' + o.id.substring(0, 8) + '</span>'
        + '<span><span class="status ' + o.status + '">' + o.status + '</span>'
        + (o.reason ? '<span class="reason">' + escape(o.reason) + '</span>' : '') + '</span>'
        + '<span>' + escape(money(o)) + '</span>'
        + '<span>' + time(o.placedAt) + '</span>'
        + '<span>' + took(o) + '</span>'
        + '<span>' + escape(o.lastEvent) + ' <span class="muted">(' + o.steps + ')</span></span></div>';
    }
    $('orders-rows').innerHTML = html;
  }

  async function loadOrders() {
    const answer = await api(API + '/orders');
    if (answer.ok) {
      ingest(answer.body);
    }
    return answer;
  }

  // ---- live feed: fetch() streaming, so the token goes in a header, never in the URL ----------
  async function follow() {
    if (state.stream) state.stream.abort();
    const controller = new AbortController();
    state.stream = controller;
    connection('connecting…', 'wait');
    try {
      const response = await fetch(API + '/stream', {
        headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok) {
        if (response.status === 401) {
          useToken('');
          state.timers.forEach(clearInterval);
          state.timers = [];
          connection('logged out: the token expired or was refused, log in again', 'off');
          return;
        }
        connection(response.status === 403 ? 'refused (403)' : 'feed failed (' + response.status + ')', 'off');
        if (response.status === 403) return;
        throw new Error('HTTP ' + response.status);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handle(buffer.substring(0, end));
          buffer = buffer.substring(end + 2);
        }
      }
      throw new Error('feed ended');
    } catch (error) {
      if (controller.signal.aborted) return;
      connection('reconnecting…', 'wait');
      setTimeout(() => { if (state.stream === controller) follow(); }, 1000);
    }
  }

  function handle(message) {
    let event = 'message';
    let data = '';
    for (const line of message.split('\n')) {
      if (line.startsWith('event:')) event = line.substring(6).trim();
      else if (line.startsWith('data:')) data += line.substring(5).trimStart();
    }
    if (event === 'hello' || event === 'reload') {
      // Subscribed first, loaded second: nothing that changed in between is missed.
      loadOrders().then((answer) => connection(answer.ok ? 'live' : 'orders refused (' + answer.status + ')',
        answer.ok ? 'on' : 'off'));
    } else if (event === 'orders') {
      const changed = JSON.parse(data);
      ingest(changed);
      if (state.selected && changed.some((o) => o.id === state.selected)) {
        openTimeline(state.selected);
      }
    }
  }

  // ---- timeline ------------------------------------------------------------------------------
  async function openTimeline(id) {
    state.selected = id;
    queueDraw();
    const answer = await api('/api/analytics/orders/' + encodeURIComponent(id) + '/timeline');
    if (state.selected !== id) return;
    const box = $('timeline');
    if (!answer.ok) {
      box.innerHTML = '<p class="error-box">' + escape(answer.body?.detail || 'HTTP ' + answer.status) + '</p>';
      return;
    }
    const t = answer.body;
    const maxDelay = Math.max(1, ...t.steps.map((s) => s.delayMs || 0));
    const total = t.placedAt && t.endedAt ? (Date.parse(t.endedAt) - Date.parse(t.placedAt)) + ' ms' : 'running';
    box.innerHTML = '<p><span class="id">' + escape(t.orderId) + '</span> '
      + '<span class="status ' + t.status + '">' + t.status + '</span>'
      + (t.cancellationReason ? '<span class="reason">' + escape(t.cancellationReason) + '</span>' : '')
      + ' <span class="muted">' + escape(t.total ? t.total + ' ' + t.currency : '') + ' · placed → end: '
      + total + ' · refunded ' + escape(t.refunded) + '</span></p>'
      + '<ol class="steps">' + t.steps.map((s) => '<li class="step" data-event="' + escape(s.eventType) + '">'
        + '<span class="delay">' + (s.delayMs == null ? 'start' : '+' + s.delayMs + ' ms')
        + '<span class="hop" style="width:' + Math.round(60 * (s.delayMs || 0) / maxDelay) + 'px"></span></span>'
        + '<span><span class="producer ' + escape(s.producer) + '">' + escape(s.producer) + '</span><br>'
        + '<span class="muted">' + time(s.occurredAt) + '</span></span>'
        + '<span><b>' + escape(s.eventType) + '</b> <span class="muted">' + escape(s.topic) + '</span><br>'
        + '<span class="detail">' + escape([s.amount && s.amount + ' ' + s.currency, s.detail].filter(Boolean).join(' · '))
        + '</span></span></li>').join('') + '</ol>';
  }

  // ---- funnel and durations ------------------------------------------------------------------
  async function refreshFunnel() {
    const answer = await api(API + '/funnel?minutes=' + WINDOW_MINUTES);
    if (!answer.ok) return;
    const f = answer.body;
    const cancelled = Object.values(f.cancelled).reduce((a, b) => a + b, 0);
    const top = Math.max(1, f.placed, f.paid, f.reserved, f.confirmed, cancelled);
    const bar = (label, n, kind) => '<div class="bar"><span>' + label + '</span><div class="fill ' + kind
      + '" style="width:' + (100 * n / top) + '%"></div><span class="n" data-figure="' + escape(label) + '">'
      + n.toLocaleString('en') + '</span></div>';
    $('funnel').innerHTML = bar('placed', f.placed, 'placed') + bar('paid', f.paid, '')
      + bar('reserved', f.reserved, '') + bar('confirmed', f.confirmed, 'confirmed')
      + bar('cancelled', cancelled, 'cancelled')
      + Object.entries(f.cancelled).map(([reason, n]) => bar('&nbsp;&nbsp;' + reason.toLowerCase().replace(/_/g, ' '),
        n, 'cancelled')).join('');
    $('window').textContent = f.windowMinutes;
    $('latency').innerHTML = '<div class="figures">'
      + '<div class="figure"><b id="p50">' + (f.p50Ms ?? '–') + '</b>p50 ms</div>'
      + '<div class="figure"><b id="p99">' + (f.p99Ms ?? '–') + '</b>p99 ms</div>'
      + '<div class="figure"><b>' + f.sagas.toLocaleString('en') + '</b>sagas ended</div></div>';
  }

  // ---- messaging per service, replay ---------------------------------------------------------
  async function refreshServices() {
    const answer = await api(API + '/services');
    const box = $('services');
    if (answer.status === 403) {
      box.innerHTML = '<p class="muted">The messaging panel, replays and parked rows are for operators.</p>';
      return;
    }
    if (!answer.ok) return;
    box.innerHTML = answer.body.map(service).join('');
  }

  function service(s) {
    if (!s.reachable) {
      return '<div class="service down" data-service="' + escape(s.service) + '"><h4>' + escape(s.service) + '</h4>'
        + '<p class="error-box">' + escape(s.error) + '</p><p class="muted">' + escape(s.adminUri) + '</p></div>';
    }
    const outbox = s.status.outbox || {};
    const letters = s.deadLetters || { total: 0, events: [] };
    const parked = s.parkedOutbox || { total: outbox.parked, events: [] };
    const alert = (n) => n > 0 ? ' class="alert"' : '';
    return '<div class="service" data-service="' + escape(s.service) + '"><h4>' + escape(s.service) + '</h4><dl>'
      + '<dt>outbox backlog</dt><dd' + alert(outbox.pending) + '>' + outbox.pending + '</dd>'
      + '<dt>oldest pending</dt><dd>' + outbox.oldestPendingAgeSeconds + ' s</dd>'
      + '<dt>parked outbox rows</dt><dd' + alert(outbox.parked) + '>' + outbox.parked + '</dd>'
      + '<dt>consumer lag</dt><dd>' + (s.consumerLag ?? '–') + '</dd>'
      + '<dt>dead letters</dt><dd' + alert(letters.total) + ' data-figure="dead-letters">' + letters.total + '</dd>'
      + (outbox.lastRelayError ? '<dt>last relay error</dt><dd class="alert">' + escape(outbox.lastRelayError) + '</dd>' : '')
      + '</dl>'
      + (parked.events.length ? '<h5>parked outbox rows</h5><div class="parked-rows">'
        + parked.events.map((p) => parkedRow(s.service, p)).join('') + '</div>' : '')
      + (letters.events.length ? '<h5>dead letters</h5><div class="dead-letters">'
        + letters.events.map((d) => deadLetter(s.service, d)).join('') + '</div>' : '')
      + '</div>';
  }

  function parkedRow(serviceName, p) {
    const button = (action, label) => '<button class="parked-action" data-service="' + escape(serviceName)
      + '" data-position="' + p.position + '" data-action="' + action + '">' + label + '</button>';
    return '<div class="dead-letter parked" id="parked-' + escape(serviceName) + '-' + p.position + '">'
      + '<span>#' + p.position + ' ' + escape(p.eventType) + ' → ' + escape(p.topic)
      + ' <span class="muted">' + escape(p.aggregateId) + ' · ' + p.refusals + ' refusals'
      + (p.waitingBehind ? ' · ' + p.waitingBehind + ' waiting behind it' : '') + '</span>'
      + '<span class="error" title="' + escape(p.lastError) + '">'
      + escape((p.lastError || '').replace(/^([a-z0-9_]+\.)+(?=[A-Z])/, '')) + '</span></span>'
      + '<span>' + button('retry', 'Retry') + ' ' + button('discard', 'Discard') + '</span></div>';
  }

  async function actOnParkedRow(button) {
    const { service: name, position, action } = button.dataset;
    const row = button.parentElement;
    row.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    const answer = await api(API + '/services/' + encodeURIComponent(name) + '/outbox/parked/' + position + '/' + action,
      { method: 'POST' });
    const outcome = answer.body?.outcome || ('HTTP ' + answer.status);
    if (row.isConnected) {
      row.innerHTML = '<span class="outcome ' + (answer.ok ? 'ok' : 'bad') + '">' + escape(outcome)
        + (answer.ok ? '' : ': ' + escape(answer.body?.detail || '')) + '</span>';
    }
    // The row keeps its outcome until the next refresh, which no longer lists it.
    setTimeout(refreshServices, 1500);
  }

  function deadLetter(serviceName, d) {
    const done = d.replay
      ? '<span class="outcome ok">' + escape(d.replay.outcome) + ' by ' + escape(d.replay.replayedBy) + '</span>'
      : '<button class="replay" data-service="' + escape(serviceName) + '" data-offset="' + d.offset + '">Replay</button>';
    return '<div class="dead-letter" id="dead-letter-' + escape(serviceName) + '-' + d.offset + '">'
      + '<span>#' + d.offset + ' ' + escape(d.originalTopic || '') + ' <span class="muted">' + escape(d.key || '') + '</span>'
      + '<span class="error" title="' + escape(d.error) + '">' + escape((d.exception || '').split('.').pop() + ': ' + (d.error || ''))
      + '</span></span><span>' + done + '</span></div>';
  }

  async function replay(button) {
    const { service: name, offset } = button.dataset;
    button.disabled = true;
    button.textContent = 'Replaying…';
    const answer = await api(API + '/services/' + encodeURIComponent(name) + '/dead-letters/' + offset + '/replay',
      { method: 'POST' });
    const outcome = answer.body?.outcome || ('HTTP ' + answer.status);
    if (!button.isConnected) return refreshServices();
    button.outerHTML = '<span class="outcome ' + (answer.ok ? 'ok' : 'bad') + '">' + escape(outcome)
      + (answer.ok ? '' : ': ' + escape(answer.body?.detail || '')) + '</span>';
    refreshServices();
  }

  // ---- wiring --------------------------------------------------------------------------------
  function start() {
    state.timers.forEach(clearInterval);
    state.timers = [];
    if (!state.token) {
      if (state.stream) state.stream.abort();
      connection('not logged in', 'off');
      return;
    }
    follow();
    refreshFunnel();
    refreshServices();
    state.timers.push(setInterval(refreshFunnel, 2000), setInterval(refreshServices, 5000));
  }

  $('log-in').addEventListener('click', () => logIn().catch((error) => connection(error.message, 'off')));
  $('log-out').addEventListener('click', () => {
    useToken('');
    start();
  });
  $('filter').addEventListener('input', (event) => {
    state.filter = event.target.value.trim().toLowerCase();
    $('orders').scrollTop = 0;
    queueDraw();
  });
  $('orders').addEventListener('scroll', queueDraw, { passive: true });
  $('orders-rows').addEventListener('click', (event) => {
    const row = event.target.closest('.row');
    if (row) openTimeline(row.dataset.id);
  });
  $('services').addEventListener('click', (event) => {
    const button = event.target.closest('button.replay');
    if (button) replay(button);
    const action = event.target.closest('button.parked-action');
    if (action) actOnParkedRow(action);
  });

  // For the browser test and the curious: how many orders, and a way to load many at once.
  window.sagaConsole = { ingest, count: () => state.orders.size, drawNow: draw };
  showWho();
  finishLogin().then(start, (error) => {
    start();
    connection(error.message, 'off');
  });
})();
