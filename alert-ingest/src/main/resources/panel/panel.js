// The consulate SOS panel. No framework, no inline code (the page's CSP forbids it); every text from the server is
// set with textContent, never parsed as HTML.
(function () {
  'use strict';
  const HOLD_MS = 1500;
  const POLL_MS = 2000;
  const SHARE_EVERY_MS = 20000;
  const STAGES = ['ACCEPTED', 'UNITS_ASSIGNED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED'];
  const TYPE_NAMES = {
    ARMED_ATTACK: 'Armed attack', BOMB_THREAT: 'Bomb threat', KIDNAPPING: 'Kidnapping', INTRUSION: 'Intrusion',
    MOB_OR_PROTEST: 'Mob or protest', FIRE: 'Fire', MEDICAL: 'Medical emergency',
    SUSPICIOUS_ACTIVITY: 'Suspicious activity', OTHER: 'Other emergency'
  };
  const STATUS_NAMES = {
    ASSIGNED: 'assigned', ACKNOWLEDGED: 'acknowledged', EN_ROUTE: 'en route', ON_SCENE: 'on scene',
    CLEARED: 'cleared', STOOD_DOWN: 'stood down'
  };
  const $ = (id) => document.getElementById(id);
  let session = null;
  let alertId = sessionStorage.getItem('sos.alertId');
  let pollTimer = null;
  let watchId = null;
  let lastShared = 0;

  function api(method, path, body, extraHeaders) {
    const headers = Object.assign({ 'Accept': 'application/json' }, extraHeaders || {});
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrfToken;
    return fetch('/panel/api' + path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then((response) => response.text().then((text) => {
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      return { status: response.status, body: json, headers: response.headers };
    }));
  }

  function show(section) {
    ['login', 'raise', 'status'].forEach((id) => { $(id).hidden = id !== section; });
    $('who').hidden = section === 'login';
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  // ---------------------------------------------------------------- sign-in
  function signedIn(view) {
    session = view;
    $('consulate-name').textContent = view.consulate;
    $('user-name').textContent = view.displayName;
    const types = $('alert-type');
    types.textContent = '';
    view.alertTypes.forEach((t) => {
      const option = document.createElement('option');
      option.value = t;
      option.textContent = TYPE_NAMES[t] || t;
      types.appendChild(option);
    });
    const premises = $('premises');
    premises.textContent = '';
    view.premises.forEach((p) => {
      const option = document.createElement('option');
      option.value = p.id;
      option.textContent = p.name;
      premises.appendChild(option);
    });
    if (alertId) {
      follow(alertId);
    } else {
      api('GET', '/alerts').then((r) => {
        if (r.status === 200 && r.body.alerts.length > 0) follow(r.body.alerts[0].alertId); else show('raise');
      });
    }
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    $('login-button').disabled = true;
    api('POST', '/login', { username: $('username').value, password: $('password').value }).then((r) => {
      $('login-button').disabled = false;
      $('password').value = '';
      if (r.status === 200) { signedIn(r.body); return; }
      $('login-error').textContent = r.status === 429
        ? 'Too many failed sign-ins. Wait ' + (r.headers.get('Retry-After') || 'a few') + ' s or call the control room.'
        : 'Wrong username or password.';
    }).catch(() => { $('login-button').disabled = false; $('login-error').textContent = 'No connection.'; });
  });

  $('logout-button').addEventListener('click', () => {
    api('POST', '/logout').finally(() => {
      session = null; stopFollowing(); alertId = null; sessionStorage.removeItem('sos.alertId'); show('login');
    });
  });

  // ---------------------------------------------------------------- press and hold
  const sos = $('sos-button');
  let holdTimer = null;

  function startHold(event) {
    if (sos.disabled || holdTimer) return;
    if (event) event.preventDefault();
    sos.classList.add('holding');
    $('sos-hint').textContent = 'Keep holding ...';
    holdTimer = setTimeout(() => { holdTimer = null; sos.classList.remove('holding'); raise(); }, HOLD_MS);
  }
  function stopHold() {
    if (!holdTimer) return;
    clearTimeout(holdTimer);
    holdTimer = null;
    sos.classList.remove('holding');
    $('sos-hint').textContent = 'Released too early: press and hold for 1.5 seconds';
  }
  sos.addEventListener('pointerdown', startHold);
  ['pointerup', 'pointerleave', 'pointercancel'].forEach((e) => sos.addEventListener(e, stopHold));
  sos.addEventListener('contextmenu', (e) => e.preventDefault());
  sos.addEventListener('keydown', (e) => { if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) startHold(e); });
  sos.addEventListener('keyup', (e) => { if (e.key === ' ' || e.key === 'Enter') stopHold(); });

  function useGps() {
    return document.querySelector('input[name=where]:checked').value === 'gps';
  }

  function premisesBody() {
    const id = $('premises').value;
    const p = session.premises.find((x) => x.id === id);
    return p ? { premisesId: p.id, location: { lat: p.lat, lon: p.lon } } : null;
  }

  function position() {
    return new Promise((resolve) => {
      if (!useGps() || !navigator.geolocation) { resolve(premisesBody()); return; }
      navigator.geolocation.getCurrentPosition(
        (pos) => resolve({ location: { lat: pos.coords.latitude, lon: pos.coords.longitude },
          accuracyMeters: Math.min(100000, Math.round(pos.coords.accuracy)) }),
        () => resolve(premisesBody()), { enableHighAccuracy: true, timeout: 5000, maximumAge: 30000 });
    });
  }

  function raise() {
    sos.disabled = true;
    sos.classList.add('sending');
    $('sos-hint').textContent = 'Sending ...';
    $('raise-error').textContent = '';
    const key = uuid();
    position().then((where) => {
      if (!where) { fail('No location: choose the premises, or allow this page to use your location.'); return; }
      const body = Object.assign({ type: $('alert-type').value, drill: $('drill').checked }, where);
      send(body, key, 0);
    });
  }

  // a 503 means "not stored": the same press is retried with the same Idempotency-Key, never dropped
  function send(body, key, attempt) {
    api('POST', '/alerts', body, { 'Idempotency-Key': key }).then((r) => {
      if (r.status === 202) {
        sos.disabled = false; sos.classList.remove('sending'); $('sos-hint').textContent = 'Press and hold for 1.5 seconds';
        if (useGps()) startSharing();
        follow(r.body.alertId);
      } else if (r.status === 503 && attempt < 10) {
        $('sos-hint').textContent = 'Not stored yet, retrying ...';
        setTimeout(() => send(body, key, attempt + 1), 1000);
      } else if (r.status === 401) {
        fail('Signed out: sign in again.'); show('login');
      } else {
        fail((r.body && r.body.detail) || 'The alert was NOT sent. Call the control room.');
      }
    }).catch(() => {
      if (attempt < 10) setTimeout(() => send(body, key, attempt + 1), 1000);
      else fail('No connection: the alert was NOT sent. Call the control room.');
    });
  }

  function fail(message) {
    sos.disabled = false; sos.classList.remove('sending');
    $('sos-hint').textContent = 'Press and hold for 1.5 seconds';
    $('raise-error').textContent = message;
  }

  // ---------------------------------------------------------------- live status
  function follow(id) {
    alertId = id;
    rendered = null;
    sessionStorage.setItem('sos.alertId', id);
    $('cancel-error').textContent = '';
    $('status').classList.remove('cancelled');
    $('cancel-form').hidden = false;
    $('new-alert-button').hidden = true;
    show('status');
    refresh();
    clearInterval(pollTimer);
    pollTimer = setInterval(refresh, POLL_MS);
  }

  function stopFollowing() {
    clearInterval(pollTimer);
    pollTimer = null;
    stopSharing();
  }

  function refresh() {
    if (!alertId) return;
    api('GET', '/alerts/' + encodeURIComponent(alertId)).then((r) => {
      if (r.status === 401) { stopFollowing(); show('login'); return; }
      if (r.status === 404) { $('status-message').textContent = 'Waiting for the alert to be confirmed ...'; return; }
      if (r.status === 200) render(r.body);
    }).catch(() => { $('status-message').textContent = 'Connection lost; retrying ...'; });
  }

  let rendered = null;

  function render(alert) {
    const now = JSON.stringify(alert) + Math.floor(Date.now() / 30000); // the ETA counts down
    if (now === rendered) return;
    rendered = now;
    $('drill-banner').hidden = !alert.drill;
    $('stage').textContent = alert.stage;
    $('stage').dataset.stage = alert.stage;
    const reached = STAGES.indexOf(alert.stage);
    document.querySelectorAll('#stages li').forEach((li, i) => {
      li.classList.toggle('done', i < reached || alert.stage === 'RESOLVED');
      li.classList.toggle('current', i === reached && alert.stage !== 'RESOLVED');
    });
    const closed = alert.stage === 'CANCELLED' || alert.stage === 'RESOLVED';
    $('status').classList.toggle('cancelled', alert.stage === 'CANCELLED');
    $('status-title').textContent = alert.stage === 'CANCELLED' ? 'Alert cancelled'
      : alert.stage === 'RESOLVED' ? 'Resolved' : (TYPE_NAMES[alert.type] || alert.type) + ': help is on the way';
    $('status-message').textContent = alert.stage === 'ACCEPTED' ? 'Alert received. Choosing the nearest units ...'
      : alert.stage === 'CANCELLED' ? 'The alert is cancelled.'
      : alert.stage === 'RESOLVED' ? 'The control room closed this incident.'
      : 'Stay safe. Units are on their way.';
    const list = $('units');
    list.textContent = '';
    alert.units.forEach((u) => {
      const li = document.createElement('li');
      li.dataset.unitId = u.unitId;
      const name = document.createElement('span');
      name.className = 'unit-name';
      name.textContent = u.callSign + ' (' + (u.agency === 'RANGERS' ? 'Rangers' : 'Police') + ')';
      const eta = document.createElement('span');
      eta.className = 'unit-eta';
      eta.textContent = etaText(u);
      const status = document.createElement('span');
      status.className = 'unit-status';
      status.textContent = (STATUS_NAMES[u.status] || u.status) + ', ' + u.distanceKm.toFixed(1) + ' km away when sent';
      li.append(name, eta, status);
      list.appendChild(li);
    });
    $('cancel-form').hidden = closed;
    $('new-alert-button').hidden = !closed;
    if (closed) { stopFollowing(); }
  }

  function etaText(u) {
    if (u.status === 'ON_SCENE') return 'on scene';
    if (u.status === 'CLEARED' || u.status === 'STOOD_DOWN') return '';
    const left = Math.round((Date.parse(u.sentAt) + u.etaSeconds * 1000 - Date.now()) / 60000);
    return left > 0 ? 'ETA ' + left + ' min' : 'ETA now';
  }

  $('new-alert-button').addEventListener('click', () => {
    stopFollowing(); alertId = null; sessionStorage.removeItem('sos.alertId'); show('raise');
  });

  // ---------------------------------------------------------------- location sharing while the alert is open
  function startSharing() {
    if (!navigator.geolocation || watchId !== null) return;
    $('sharing').textContent = 'Sharing this phone\'s location with the control room while the alert is open.';
    watchId = navigator.geolocation.watchPosition((pos) => {
      if (!alertId || Date.now() - lastShared < SHARE_EVERY_MS) return;
      lastShared = Date.now();
      api('POST', '/alerts/' + encodeURIComponent(alertId) + '/locations', {
        location: { lat: pos.coords.latitude, lon: pos.coords.longitude },
        accuracyMeters: Math.min(100000, Math.round(pos.coords.accuracy))
      });
    }, () => { $('sharing').textContent = 'Location not available; the control room has the first position.'; },
    { enableHighAccuracy: true, maximumAge: 10000 });
  }

  function stopSharing() {
    if (watchId !== null && navigator.geolocation) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    $('sharing').textContent = '';
  }

  // ---------------------------------------------------------------- cancel with PIN
  $('cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('cancel-error').textContent = '';
    const pin = $('pin').value;
    $('pin').value = '';
    $('cancel-button').disabled = true;
    api('POST', '/alerts/' + encodeURIComponent(alertId) + '/cancel', { pin: pin, reason: 'cancelled on the panel' })
      .then((r) => {
        $('cancel-button').disabled = false;
        if (r.status === 202) {
          render({ stage: 'CANCELLED', units: [], drill: false, type: '' });
        } else if (r.status === 403) {
          $('cancel-error').textContent = 'PIN not correct. The alert stays open.';
        } else if (r.status === 429) {
          $('cancel-error').textContent = 'Too many wrong PINs. The alert stays open.';
        } else {
          $('cancel-error').textContent = (r.body && r.body.detail) || 'Not cancelled. Try again.';
        }
      }).catch(() => { $('cancel-button').disabled = false; $('cancel-error').textContent = 'No connection.'; });
  });

  // ---------------------------------------------------------------- start
  api('GET', '/session').then((r) => { if (r.status === 200) signedIn(r.body); else show('login'); })
    .catch(() => show('login'));
})();
