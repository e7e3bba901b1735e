// The control-room board. No framework, no inline code (the page's CSP forbids it), no tiles: the map is drawn as
// SVG from Karachi's district outlines served by this service. Every text from the server is set with textContent.
(function () {
  'use strict';
  const POLL_MS = 2000;
  const SVG = 'http://www.w3.org/2000/svg';
  const TYPE_NAMES = {
    ARMED_ATTACK: 'Armed attack', BOMB_THREAT: 'Bomb threat', KIDNAPPING: 'Kidnapping', INTRUSION: 'Intrusion',
    MOB_OR_PROTEST: 'Mob or protest', FIRE: 'Fire', MEDICAL: 'Medical', SUSPICIOUS_ACTIVITY: 'Suspicious activity',
    OTHER: 'Other'
  };
  const $ = (id) => document.getElementById(id);
  let session = null;
  let projection = null;
  let pollTimer = null;
  let clockTimer = null;
  let known = null; // alert ids seen so far; null until the first state after sign-in
  let state = { alerts: [], units: [], serverTime: null };
  let skew = 0; // server clock minus this clock, ms
  let audio = null;
  let drawn = { alerts: null, units: null };
  let extent = null; // the whole division, in map units
  let view = null; // the part shown: the city, where the units and alerts are

  function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrfToken;
    return fetch('/board/api' + path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then((response) => response.text().then((text) => {
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      return { status: response.status, body: json };
    }));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---------------------------------------------------------------- sign-in
  function signedIn(view) {
    session = view;
    $('operator-name').textContent = view.operator;
    $('login').hidden = true;
    $('board').hidden = false;
    $('who').hidden = false;
    loadMap().then(() => { poll(); pollTimer = setInterval(poll, POLL_MS); });
    clockTimer = setInterval(tick, 1000);
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    unlockAudio();
    api('POST', '/login', { operator: $('operator').value, token: $('token').value }).then((r) => {
      $('token').value = '';
      if (r.status === 200) signedIn(r.body);
      else $('login-error').textContent = r.status === 401 ? 'The ops token is not correct.' : 'Sign-in failed.';
    }).catch(() => { $('login-error').textContent = 'No connection.'; });
  });

  $('logout-button').addEventListener('click', () => {
    api('POST', '/logout').finally(() => {
      session = null; known = null; drawn = { alerts: null, units: null };
      clearInterval(pollTimer); clearInterval(clockTimer);
      $('board').hidden = true; $('who').hidden = true; $('login').hidden = false;
    });
  });

  // ---------------------------------------------------------------- map
  function loadMap() {
    if (projection) return Promise.resolve();
    return fetch('/board/karachi-districts.geojson', { credentials: 'same-origin' }).then((r) => r.json()).then((geo) => {
      let minLon = 180, maxLon = -180, minLat = 90, maxLat = -90;
      geo.features.forEach((f) => f.geometry.coordinates[0].forEach(([lon, lat]) => {
        minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
      }));
      const k = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
      const width = 1000;
      const scale = width / ((maxLon - minLon) * k);
      const height = Math.round((maxLat - minLat) * scale);
      projection = (lat, lon) => [((lon - minLon) * k * scale).toFixed(1), ((maxLat - lat) * scale).toFixed(1)];
      const map = $('map');
      extent = { width: width, height: height };
      map.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
      map.setAttribute('preserveAspectRatio', 'xMidYMid meet');
      const districts = svg('g', { id: 'districts' });
      geo.features.forEach((f) => {
        const ring = f.geometry.coordinates[0];
        const d = ring.map(([lon, lat], i) => (i ? 'L' : 'M') + projection(lat, lon).join(',')).join('') + 'Z';
        districts.appendChild(svg('path', { d: d, class: 'district' }));
        const c = ring.reduce((a, [lon, lat]) => [a[0] + lat / ring.length, a[1] + lon / ring.length], [0, 0]);
        const [x, y] = projection(c[0], c[1]);
        districts.appendChild(svg('text', { x: x, y: y, class: 'district-label', 'data-district': f.properties.name },
          f.properties.name));
      });
      map.appendChild(districts);
      map.appendChild(svg('g', { id: 'unit-layer' }));
      map.appendChild(svg('g', { id: 'alert-layer' }));
    });
  }

  // Karachi division is mostly empty land; show the box around every unit and alert, with a margin, instead
  function fitView() {
    const points = state.units.filter((u) => u.position).map((u) => projection(u.position.lat, u.position.lon))
      .concat(state.alerts.filter((a) => a.location).map((a) => projection(a.location.lat, a.location.lon)));
    if (points.length === 0) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    points.forEach(([x, y]) => { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); });
    const pad = Math.max(x1 - x0, y1 - y0) * 0.12 + 10;
    const box = [Math.max(0, x0 - pad), Math.max(0, y0 - pad), 0, 0];
    box[2] = Math.min(extent.width, x1 + pad) - box[0];
    box[3] = Math.min(extent.height, y1 + pad) - box[1];
    const key = box.map((v) => Math.round(v)).join(' ');
    if (view === key) return;
    view = key;
    $('map').setAttribute('viewBox', key);
    $('map').style.setProperty('--zoom', String(box[2] / extent.width));
  }

  function drawMap() {
    if (!projection) return;
    fitView();
    const scale = view ? Number(view.split(' ')[2]) / 1000 : 1; // sizes follow the zoom
    const units = $('unit-layer');
    units.textContent = '';
    state.units.forEach((u) => {
      if (!u.position) return;
      const [x, y] = projection(u.position.lat, u.position.lon);
      const busy = u.alertId ? ' busy' : '';
      const out = u.status === 'OUT_OF_SERVICE' ? ' out' : '';
      const dot = svg('circle', { cx: x, cy: y, r: 5 * scale, class: 'unit ' + u.agency.toLowerCase() + busy + out,
        'data-unit-id': u.unitId });
      dot.appendChild(svg('title', {}, u.callSign + ' (' + u.unitId + '): ' + u.status));
      units.appendChild(dot);
    });
    const alerts = $('alert-layer');
    alerts.textContent = '';
    state.alerts.forEach((a) => {
      if (!a.location) return;
      const [x, y] = projection(a.location.lat, a.location.lon);
      const drill = a.drill ? ' drill' : '';
      alerts.appendChild(svg('circle', { cx: x, cy: y, r: 10 * scale, class: 'alert-halo' + drill }));
      const mark = svg('circle', { cx: x, cy: y, r: 9 * scale, class: 'alert-mark' + drill, 'data-alert-id': a.alertId });
      mark.appendChild(svg('title', {}, (a.drill ? 'DRILL ' : '') + (TYPE_NAMES[a.type] || a.type) + ' at ' + (a.consulateName || '')));
      alerts.appendChild(mark);
      alerts.appendChild(svg('text', { x: Number(x) + 14 * scale, y: Number(y) + 4 * scale, class: 'alert-label',
        'font-size': 13 * scale },
        (a.drill ? 'DRILL ' : '') + (TYPE_NAMES[a.type] || a.type)));
    });
  }

  // ---------------------------------------------------------------- live state
  function poll() {
    api('GET', '/state').then((r) => {
      if (r.status === 401) { location.reload(); return; }
      if (r.status !== 200) return;
      state = r.body;
      skew = Date.parse(state.serverTime) - Date.now();
      const fresh = [];
      state.alerts.forEach((a) => { if (known && !known.has(a.alertId)) fresh.push(a.alertId); });
      known = new Set(state.alerts.map((a) => a.alertId).concat(known ? Array.from(known) : []));
      // redraw only what changed, so that a card being read or typed in stays put
      const alertsNow = JSON.stringify(state.alerts);
      const unitsNow = JSON.stringify(state.units);
      if (alertsNow !== drawn.alerts || fresh.length) renderAlerts(fresh);
      if (unitsNow !== drawn.units) renderUnits();
      if (alertsNow !== drawn.alerts || unitsNow !== drawn.units) drawMap();
      drawn = { alerts: alertsNow, units: unitsNow };
      if (fresh.length) announce();
    }).catch(() => { drawn.alerts = null; $('summary').textContent = 'Connection lost; retrying ...'; });
  }

  function elapsed(since) {
    if (!since) return '';
    const s = Math.max(0, Math.floor((Date.now() + skew - Date.parse(since)) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(sec).padStart(2, '0');
  }

  function tick() {
    document.querySelectorAll('.alert-card .elapsed').forEach((node) => { node.textContent = elapsed(node.dataset.since); });
  }

  // the reason field is read once, when the operator acts; it stays as typed across refreshes
  const reasons = {};

  function renderAlerts(fresh) {
    const list = $('alerts');
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.alertId : null;
    list.textContent = '';
    $('no-alerts').hidden = state.alerts.length > 0;
    $('alert-count').textContent = state.alerts.length ? '(' + state.alerts.length + ')' : '';
    const live = state.alerts.filter((a) => !a.drill).length;
    $('summary').textContent = live + ' live alert(s), ' + (state.alerts.length - live) + ' drill(s), '
      + state.units.filter((u) => u.status === 'AVAILABLE').length + ' of ' + state.units.length + ' units available';
    state.alerts.slice().reverse().forEach((a) => {
      const card = el('li', 'alert-card' + (a.drill ? ' drill' : '') + (fresh.indexOf(a.alertId) >= 0 ? ' new' : ''));
      card.dataset.alertId = a.alertId;
      const time = el('span', 'elapsed', elapsed(a.raisedAt));
      time.dataset.since = a.raisedAt || '';
      card.appendChild(time);
      const title = el('div', 'title', TYPE_NAMES[a.type] || a.type);
      title.appendChild(el('span', 'badge' + (a.drill ? ' drill' : ''), a.drill ? 'DRILL' : a.severity));
      if (a.escalation) title.appendChild(el('span', 'badge escalation', a.escalation.replace(/_/g, ' ')));
      card.appendChild(title);
      card.appendChild(el('div', 'where', [a.consulateName, a.premises, a.district].filter(Boolean).join(' · ')));
      const units = el('ul');
      if (a.units.length === 0) units.appendChild(el('li', 'muted', a.decidedAt ? 'No unit out' : 'Choosing units ...'));
      a.units.forEach((u) => {
        const li = el('li');
        li.dataset.unitId = u.unitId;
        li.appendChild(el('span', 'unit-name', u.callSign + ' · ' + (u.agency === 'RANGERS' ? 'Rangers' : 'Police')));
        li.appendChild(el('span', 'unit-status', a.drill && u.status === 'AVAILABLE' ? 'drill: not reserved'
          : u.status.replace('_', ' ') + (u.acknowledged ? ' ✓' : '')));
        li.appendChild(el('span', 'unit-eta', u.status === 'ON_SCENE' ? 'on scene'
          : u.etaSeconds == null ? '' : 'ETA ' + Math.max(1, Math.round(u.etaSeconds / 60)) + ' min'));
        if (u.status === 'DISPATCHED' && !u.acknowledged) {
          const ack = el('button', 'primary', 'Acknowledge');
          ack.title = 'The unit confirmed by radio';
          ack.dataset.action = 'acknowledge';
          ack.addEventListener('click', () => act('POST', '/units/' + encodeURIComponent(u.unitId) + '/acknowledge', {}));
          li.appendChild(ack);
        }
        if (!a.drill && ['DISPATCHED', 'EN_ROUTE', 'ON_SCENE'].indexOf(u.status) >= 0) {
          const reassign = el('button', '', 'Reassign');
          reassign.dataset.action = 'reassign';
          reassign.addEventListener('click', () => withReason(a.alertId, (reason) => act('POST', '/alerts/'
            + encodeURIComponent(a.alertId) + '/units/' + encodeURIComponent(u.unitId) + '/reassign', { reason: reason })));
          li.appendChild(reassign);
        }
        units.appendChild(li);
      });
      card.appendChild(units);
      const actions = el('div', 'actions');
      const reason = el('input');
      reason.placeholder = 'Reason (for resolve / reassign)';
      reason.maxLength = 500;
      reason.dataset.alertId = a.alertId;
      reason.value = reasons[a.alertId] || '';
      reason.addEventListener('input', () => { reasons[a.alertId] = reason.value; });
      const resolve = el('button', 'danger', 'Resolve');
      resolve.dataset.action = 'resolve';
      resolve.addEventListener('click', () => withReason(a.alertId, (text) => act('POST', '/alerts/'
        + encodeURIComponent(a.alertId) + '/resolve', { reason: text })));
      actions.append(reason, resolve);
      card.appendChild(actions);
      list.appendChild(card);
      if (focused === a.alertId) reason.focus();
    });
  }

  function withReason(alertId, action) {
    const text = (reasons[alertId] || '').trim();
    if (!text) { $('action-error').textContent = 'Type a reason first: every action is recorded with its reason.'; return; }
    $('action-error').textContent = '';
    delete reasons[alertId];
    action(text);
  }

  function act(method, path, body) {
    $('action-error').textContent = '';
    api(method, path, body).then((r) => {
      if (r.status >= 400) $('action-error').textContent = (r.body && r.body.detail) || ('Refused (' + r.status + ')');
      poll();
    }).catch(() => { $('action-error').textContent = 'No connection.'; });
  }

  function renderUnits() {
    const body = $('units').tBodies[0];
    body.textContent = '';
    $('unit-count').textContent = '(' + state.units.length + ')';
    state.units.forEach((u) => {
      const tr = el('tr');
      tr.dataset.unitId = u.unitId;
      tr.append(el('td', '', u.callSign), el('td', '', u.agency === 'RANGERS' ? 'Rangers' : 'Police'),
        el('td', 'status-' + u.status, u.status.replace('_', ' ')), el('td', '', u.district));
      body.appendChild(tr);
    });
  }

  // ---------------------------------------------------------------- sound and flash on a new alert
  function unlockAudio() {
    try {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === 'suspended') audio.resume();
    } catch (e) { audio = null; }
  }

  function announce() {
    document.body.classList.remove('flash');
    void document.body.offsetWidth; // restart the animation
    document.body.classList.add('flash');
    document.body.dataset.lastAnnounced = String(Date.now());
    if (!audio) return;
    [0, 0.35, 0.7].forEach((at) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.2);
    });
  }
  document.addEventListener('click', unlockAudio);

  // ---------------------------------------------------------------- start
  api('GET', '/session').then((r) => { if (r.status === 200) signedIn(r.body); else $('login').hidden = false; })
    .catch(() => { $('login').hidden = false; });
})();
