/**
 * The page's script (`/app.js`), served as a file of the dashboard's own origin (the CSP allows
 * no inline script). Plain ES2020 with no framework: it opens the live feed (`/events`), renders
 * the snapshot, then applies each change. Every value from the broker is set as text
 * (`textContent`), never parsed as HTML: device ids, versions, reasons and audit details are data.
 * Links are built only from paths the server made and the script re-checks (`/sbom/<64 hex>`).
 */

/** The script's source. */
export const APP_JS = `'use strict'
;(function () {
  var devices = new Map()
  var rollouts = new Map()
  var audit = []
  var maxAudit = Number(document.body.dataset.auditHistory) || 200
  var SBOM_URL = /^\\/sbom\\/[0-9a-f]{64}$/

  function $ (id) { return document.getElementById(id) }
  function el (tag, text, cls) {
    var e = document.createElement(tag)
    if (text !== undefined && text !== null) e.textContent = String(text)
    if (cls) e.className = cls
    return e
  }
  function day (ms) { return ms > 0 ? new Date(ms).toISOString().slice(0, 10) : '' }
  function pct (x) { return Math.round(x * 1000) / 10 + '%' }
  // Through a fragment: spreading thousands of rows into one call could exceed the stack.
  function fill (parent, nodes) {
    var f = document.createDocumentFragment()
    nodes.forEach(function (n) { f.append(n) })
    parent.replaceChildren(f)
  }

  function deviceRow (d) {
    var tr = el('tr')
    tr.dataset.device = d.deviceId
    if (d.suspect) tr.className = 'suspect'
    tr.append(
      el('td', d.deviceId, 'mono'),
      el('td', d.model + (d.hardwareRevision ? ' rev ' + d.hardwareRevision : '')),
      el('td', d.online ? 'online' : 'offline', d.online ? 'on' : 'off'),
      el('td', d.currentVersion, 'mono'),
      el('td', d.stateName === 'UNSPECIFIED' ? '' : d.stateName),
      el('td', d.lastResult + (d.lastResult && d.targetVersion ? ' (' + d.targetVersion + ')' : ''), d.lastResult),
      el('td', d.supportName + (d.endOfLifeAt > 0 ? ' · ends ' + day(d.endOfLifeAt) : ''), d.supportName),
      el('td', d.suspect ? 'SUSPECT ' + d.suspectReason : '')
    )
    var sbom = el('td', '', 'mono')
    if (SBOM_URL.test(d.sbomUrl)) {
      var a = el('a', d.sbomSha256.slice(0, 12) + '…')
      a.href = d.sbomUrl
      a.title = d.sbomSha256
      sbom.append(a)
    }
    tr.append(sbom)
    return tr
  }

  function renderFleet () {
    var body = $('fleet').tBodies[0]
    var ids = Array.from(devices.keys()).sort()
    fill(body, ids.map(function (id) { return deviceRow(devices.get(id)) }))
    var online = ids.filter(function (id) { return devices.get(id).online }).length
    $('fleet-count').textContent = ids.length + ' devices, ' + online + ' online'
  }

  function waveRow (r, w) {
    var tr = el('tr')
    tr.dataset.wave = String(w.index)
    var state = w.startedAt === 0 ? 'waiting' : (w.index === r.wave && r.phase === 'running' ? 'active' : (w.index < r.wave || r.phase === 'completed' ? 'done' : r.phase))
    var bar = el('progress')
    bar.max = Math.max(1, w.devices)
    bar.value = w.succeeded
    var cell = el('td')
    cell.append(bar)
    tr.append(
      el('td', 'wave ' + (w.index + 1)), el('td', pct(w.share)), el('td', state, state),
      el('td', w.devices), el('td', w.offered), el('td', w.updating),
      el('td', w.succeeded, 'succeeded'), el('td', w.failed, w.failed > 0 ? 'failed' : ''), cell
    )
    return tr
  }

  function rolloutBox (r) {
    var box = el('div', null, 'rollout')
    box.dataset.rollout = r.id
    var h = el('h3', r.model + ' ' + r.version + ' ')
    h.append(el('span', r.phase, r.phase))
    box.append(h, el('div', r.id + ' · started by ' + r.startedBy + ' · ' + r.deviceCount + ' devices' + (r.reason ? ' · ' + r.reason : ''), 'muted'))
    var t = el('table')
    var head = el('tr')
    ;['wave', 'share', 'state', 'devices', 'offered', 'updating', 'succeeded', 'failed', 'progress'].forEach(function (n) { head.append(el('th', n)) })
    t.append(el('thead'), el('tbody'))
    t.tHead.append(head)
    r.waves.forEach(function (w) { t.tBodies[0].append(waveRow(r, w)) })
    box.append(t)
    if (r.failures.length > 0) {
      var ul = el('ul')
      r.failures.forEach(function (f) { ul.append(el('li', f.deviceId + ' (wave ' + (f.wave + 1) + '): ' + f.reason, 'failed')) })
      box.append(ul)
    }
    return box
  }

  function renderRollouts () {
    var list = Array.from(rollouts.values()).sort(function (a, b) { return b.startedAt - a.startedAt })
    var host = $('rollouts')
    if (list.length === 0) host.replaceChildren(el('p', 'no rollouts', 'empty'))
    else fill(host, list.map(rolloutBox))
  }

  function renderAudit () {
    var body = $('audit').tBodies[0]
    fill(body, audit.slice().reverse().map(function (a) {
      var tr = el('tr')
      tr.append(el('td', a.time.replace('T', ' ').replace('Z', '')), el('td', a.action), el('td', a.outcome, a.outcome), el('td', a.deviceId, 'mono'), el('td', a.detail, 'muted'))
      return tr
    }))
  }

  function live (state) {
    var e = $('live')
    e.dataset.state = state
    e.textContent = state
  }

  function connect () {
    var es = new EventSource('/events')
    es.addEventListener('open', function () { live('live') })
    es.addEventListener('error', function () {
      if (es.readyState === EventSource.CLOSED) {
        // Refused (401) or gone: EventSource gives up on its own, so try again later.
        live('reconnecting')
        setTimeout(connect, 5000)
      } else {
        live('reconnecting')
      }
    })
    es.addEventListener('snapshot', function (m) {
      var s = JSON.parse(m.data)
      devices.clear()
      s.devices.forEach(function (d) { devices.set(d.deviceId, d) })
      rollouts.clear()
      s.rollouts.forEach(function (r) { rollouts.set(r.id, r) })
      audit = s.audit.slice(-maxAudit)
      renderFleet(); renderRollouts(); renderAudit()
    })
    es.addEventListener('fleet', function (m) {
      JSON.parse(m.data).devices.forEach(function (d) { devices.set(d.deviceId, d) })
      renderFleet()
    })
    es.addEventListener('rollout', function (m) {
      JSON.parse(m.data).rollouts.forEach(function (r) { rollouts.set(r.id, r) })
      renderRollouts()
    })
    es.addEventListener('audit', function (m) {
      audit = audit.concat(JSON.parse(m.data).records).slice(-maxAudit)
      renderAudit()
    })
  }

  connect()
})()
`
