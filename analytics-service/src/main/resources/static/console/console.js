// The saga console: plain JavaScript, no build step, nothing fetched from elsewhere.
// Orders live in a Map; the list shows only the rows in view (virtual scrolling), and every change
// is drawn at most once per animation frame, so 10,000 orders cost the DOM ~30 rows.
(() => {
  'use strict';

  const API = '/api/analytics/console';
  const TOKEN_KEY = 'ordersaga.console.token';
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
        connection(response.status === 401 || response.status === 403
          ? 'token refused (' + response.status + ')' : 'feed failed (' + response.status + ')', 'off');
        if (response.status === 401 || response.status === 403) return;
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
      box.innerHTML = '<p class="muted">The messaging panel and replays need an operator token.</p>';
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
    const alert = (n) => n > 0 ? ' class="alert"' : '';
    return '<div class="service" data-service="' + escape(s.service) + '"><h4>' + escape(s.service) + '</h4><dl>'
      + '<dt>outbox backlog</dt><dd' + alert(outbox.pending) + '>' + outbox.pending + '</dd>'
      + '<dt>oldest pending</dt><dd>' + outbox.oldestPendingAgeSeconds + ' s</dd>'
      + '<dt>parked outbox rows</dt><dd' + alert(outbox.parked) + '>' + outbox.parked + '</dd>'
      + '<dt>consumer lag</dt><dd>' + (s.consumerLag ?? '–') + '</dd>'
      + '<dt>dead letters</dt><dd' + alert(letters.total) + ' data-figure="dead-letters">' + letters.total + '</dd>'
      + (outbox.lastRelayError ? '<dt>last relay error</dt><dd class="alert">' + escape(outbox.lastRelayError) + '</dd>' : '')
      + '</dl>' + (letters.events.length ? '<div class="dead-letters">' + letters.events.map((d) => deadLetter(s.service, d)).join('') + '</div>' : '')
      + '</div>';
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
      connection('no token', 'off');
      return;
    }
    follow();
    refreshFunnel();
    refreshServices();
    state.timers.push(setInterval(refreshFunnel, 2000), setInterval(refreshServices, 5000));
  }

  $('token').value = state.token;
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, state.token);
    start();
  });
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = '';
    $('token').value = '';
    if (state.stream) state.stream.abort();
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
  });

  // For the browser test and the curious: how many orders, and a way to load many at once.
  window.sagaConsole = { ingest, count: () => state.orders.size, drawNow: draw };
  start();
})();
