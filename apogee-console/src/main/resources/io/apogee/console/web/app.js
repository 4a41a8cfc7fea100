'use strict';
// The console's pages: one small script, no framework. Every figure comes from the JSON API under api/v1,
// which scripts can call too (see openapi.json).

const API = 'api/v1';
const main = document.getElementById('main');
let timer = null;

function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}
function time(ms) { return ms > 0 ? new Date(ms).toLocaleString() : ''; }
function enc(s) { return encodeURIComponent(s); }

async function api(method, path, body) {
  const res = await fetch(API + path, {method, headers: body ? {'Content-Type': 'application/json'} : {},
    body: body ? JSON.stringify(body) : undefined});
  const data = await res.json().catch(() => ({error: res.statusText}));
  if (!res.ok) { const e = new Error(data.error || res.statusText); e.status = res.status; throw e; }
  return data;
}

function notify(text, error) {
  const box = document.getElementById('notice');
  const div = document.createElement('div');
  div.textContent = text;
  if (error) div.className = 'error';
  box.appendChild(div);
  setTimeout(() => div.remove(), 6000);
}

// Runs an action from a button; a refusal (403) is written next to the button and the button disabled.
async function act(button, fn) {
  button.disabled = true;
  try { await fn(); button.disabled = false; } catch (e) {
    notify(e.message, true);
    if (e.status === 403) {
      button.title = e.message;
      button.insertAdjacentHTML('afterend', ' <span class="refusal muted">' + esc(e.message) + '</span>');
    } else { button.disabled = false; }
  }
}

function pager(data, go) {
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  const div = document.createElement('div');
  div.className = 'pager';
  div.innerHTML = `<button class="secondary" ${data.page === 0 ? 'disabled' : ''}>‹ Prev</button>
    <span class="muted">page ${data.page + 1} of ${pages} · ${data.total} in all</span>
    <button class="secondary" ${data.page + 1 >= pages ? 'disabled' : ''}>Next ›</button>`;
  const [prev, next] = div.querySelectorAll('button');
  prev.onclick = () => go(data.page - 1);
  next.onclick = () => go(data.page + 1);
  return div;
}

function formValues(form) { return Object.fromEntries(new FormData(form).entries()); }

// ---- Overview -------------------------------------------------------------------------------------------
async function overview() {
  main.innerHTML = `<h1>Overview</h1><div class="card"><table id="brokers"><thead><tr><th>Cluster</th><th>Broker</th>
    <th>Role</th><th>Address</th><th class="hide-narrow">Version</th><th class="num">In/s</th><th class="num">Out/s</th>
    <th class="num">Disk</th><th>Errors</th></tr></thead><tbody></tbody></table></div>
    <div class="card"><h2>Messages per second (in, out)</h2><svg id="rates" class="chart" viewBox="0 0 600 120" preserveAspectRatio="none">
    <polyline id="rate-in" fill="none" stroke="#2f6fde" stroke-width="2"/><polyline id="rate-out" fill="none" stroke="#2c7a3d" stroke-width="2"/></svg>
    <div class="muted" id="rate-now"></div></div>`;
  const samples = [];
  const draw = data => {
    main.querySelector('#brokers tbody').innerHTML = data.brokers.map(b => `<tr><td>${esc(b.cluster)}</td><td>${esc(b.name)}</td>
      <td>${esc(b.role)}</td><td><a href="#/brokers/${enc(b.address)}">${esc(b.address)}</a></td><td class="hide-narrow">${esc(b.version)}</td><td class="num">${(b.putTps || 0).toFixed(1)}</td>
      <td class="num">${(b.getTps || 0).toFixed(1)}</td><td class="num">${b.diskRatio != null ? (b.diskRatio * 100).toFixed(1) + '%' : ''}</td>
      <td>${esc(b.error || '')}</td></tr>`).join('') || '<tr><td colspan="9">No broker has registered with the name servers.</td></tr>';
    const put = data.brokers.reduce((s, b) => s + (b.putTps || 0), 0), get = data.brokers.reduce((s, b) => s + (b.getTps || 0), 0);
    samples.push([put, get]);
    if (samples.length > 60) samples.shift();
    const max = Math.max(1, ...samples.flat());
    const line = i => samples.map((s, x) => `${x * 10},${120 - s[i] / max * 110}`).join(' ');
    document.getElementById('rate-in').setAttribute('points', line(0));
    document.getElementById('rate-out').setAttribute('points', line(1));
    document.getElementById('rate-now').textContent = `in ${put.toFixed(1)}/s · out ${get.toFixed(1)}/s · updated ${new Date(data.time).toLocaleTimeString()}`;
  };
  const poll = async () => { try { draw(await api('GET', '/overview')); } catch (e) { notify(e.message, true); } };
  await poll();
  timer = setInterval(poll, 3000);
}

// ---- Topics ---------------------------------------------------------------------------------------------
async function topics(params) {
  main.innerHTML = `<h1>Topics</h1>
    <div class="card"><form id="create-topic" class="inline">
      <label>New topic<input name="name" required placeholder="OrderTopic"></label>
      <label>Queues<input name="queues" type="number" min="1" max="1024" value="4" style="width:6em"></label>
      <label>Permission<select name="perm"><option>RW</option><option>R</option><option>W</option></select></label>
      <button>Create</button></form></div>
    <div class="card"><form id="topic-filter" class="inline"><label>Search<input name="q" value="${esc(params.q || '')}"></label>
      <label style="flex-direction:row;align-items:center;gap:4px"><input type="checkbox" name="system" ${params.system ? 'checked' : ''}>system topics</label>
      <button class="secondary">Filter</button></form>
      <table id="topics"><thead><tr><th>Topic</th><th class="num">Read queues</th><th class="num">Write queues</th><th>Perm</th>
      <th>Lag by group</th><th class="hide-narrow">Brokers</th></tr></thead><tbody></tbody></table><div id="topics-pager"></div></div>`;
  const filter = main.querySelector('#topic-filter');
  const load = async page => {
    const f = formValues(filter);
    const data = await api('GET', `/topics?page=${page}&size=20&q=${enc(f.q || '')}&system=${f.system ? 'true' : ''}`);
    main.querySelector('#topics tbody').innerHTML = data.items.map(t => `<tr><td><a href="#/topics/${enc(t.name)}">${esc(t.name)}</a></td>
      <td class="num">${t.readQueues ?? ''}</td><td class="num">${t.writeQueues ?? ''}</td><td>${esc(t.perm || '')}</td>
      <td class="lag">${Object.entries(t.lag || {}).map(([g, n]) => `<a href="#/groups/${enc(g)}">${esc(g)}</a> ${n}`).join(', ')}</td>
      <td class="hide-narrow">${esc((t.brokers || []).join(', ') || t.error || '')}</td></tr>`).join('')
      || '<tr><td colspan="6" class="muted">No topic matches.</td></tr>';
    main.querySelector('#topics-pager').replaceChildren(pager(data, load));
  };
  filter.onsubmit = e => { e.preventDefault(); load(0); };
  const create = main.querySelector('#create-topic');
  create.onsubmit = e => {
    e.preventDefault();
    act(create.querySelector('button'), async () => {
      const f = formValues(create);
      await api('POST', '/topics', {name: f.name, queues: Number(f.queues), perm: f.perm});
      notify(`Topic ${f.name} created`);
      location.hash = '#/topics/' + enc(f.name);
    });
  };
  await load(0);
}

function queueRows(t) {
  return t.queues.map(q => `<tr><td>${esc(q.broker)}</td><td class="num">${q.queueId}</td><td class="num">${q.minOffset}</td>
    <td class="num">${q.maxOffset}</td><td class="hide-narrow">${time(q.lastUpdated)}</td></tr>`).join('');
}

async function topic(name) {
  const t = await api('GET', '/topics/' + enc(name));
  main.innerHTML = `<h1>Topic <span id="topic-name">${esc(t.name)}</span></h1>
    <div class="card"><dl class="kv"><dt>Queues</dt><dd>${t.readQueues} read / ${t.writeQueues} write</dd><dt>Permission</dt><dd>${esc(t.perm)}</dd>
      <dt>Brokers</dt><dd>${esc((t.brokers || []).join(', '))}</dd></dl></div>
    <div class="card"><h2>Send a test message</h2><form id="send-message" class="inline">
      <label>Key<input name="key"></label><label>Tag<input name="tag"></label>
      <label style="flex:1">Body<input name="body" value="hello"></label><button>Send</button></form><div id="send-result"></div></div>
    <div class="card"><h2>Queues</h2><table id="queues"><thead><tr><th>Broker</th><th class="num">Queue</th><th class="num">Min offset</th>
      <th class="num">Max offset</th><th class="hide-narrow">Last stored</th></tr></thead><tbody>${queueRows(t)}</tbody></table></div>
    <div class="card"><h2>Edit</h2><form id="edit-topic" class="inline">
      <label>Read queues<input name="readQueues" type="number" min="1" value="${t.readQueues}" style="width:6em"></label>
      <label>Write queues<input name="writeQueues" type="number" min="1" value="${t.writeQueues}" style="width:6em"></label>
      <label>Permission<select name="perm">${['RW', 'R', 'W'].map(p => `<option ${p === t.perm.replace('-', '') || (p === 'RW' && t.perm === 'RW') ? 'selected' : ''}>${p}</option>`).join('')}</select></label>
      <button>Save</button></form></div>
    <div class="card"><h2>Delete</h2><button id="delete-topic" class="danger">Delete topic</button> <span id="delete-confirm"></span></div>`;
  const send = main.querySelector('#send-message');
  send.onsubmit = e => {
    e.preventDefault();
    act(send.querySelector('button'), async () => {
      const r = await api('POST', `/topics/${enc(name)}/messages`, formValues(send));
      main.querySelector('#send-result').innerHTML = `<p id="sent">Sent: ${esc(r.status)}, message id <a href="#/messages/${enc(r.offsetMsgId)}">${esc(r.msgId)}</a>
        to ${esc(r.broker)} queue ${r.queueId} offset ${r.queueOffset}</p>`;
      await refreshQueues();
    });
  };
  // The store indexes a message a moment after acknowledging it: the table follows the queues while the page is open.
  const refreshQueues = async () => {
    main.querySelector('#queues tbody').innerHTML = queueRows(await api('GET', '/topics/' + enc(name)));
  };
  timer = setInterval(() => refreshQueues().catch(e => notify(e.message, true)), 3000);
  const edit = main.querySelector('#edit-topic');
  edit.onsubmit = e => {
    e.preventDefault();
    act(edit.querySelector('button'), async () => {
      const f = formValues(edit);
      await api('PUT', '/topics/' + enc(name), {readQueues: Number(f.readQueues), writeQueues: Number(f.writeQueues), perm: f.perm});
      notify('Saved'); route();
    });
  };
  // Deleting asks once more on the page itself, rather than in a browser dialog.
  main.querySelector('#delete-topic').onclick = () => {
    const span = main.querySelector('#delete-confirm');
    span.innerHTML = `<button id="delete-topic-confirm" class="danger">Really delete ${esc(name)}</button>`;
    const really = span.querySelector('button');
    really.onclick = () => act(really, async () => {
      await api('DELETE', '/topics/' + enc(name));
      notify(`Topic ${name} deleted`);
      location.hash = '#/topics';
    });
  };
}

// ---- Consumer groups ------------------------------------------------------------------------------------
async function groups(params) {
  main.innerHTML = `<h1>Consumer groups</h1><div class="card"><form id="group-filter" class="inline">
    <label>Search<input name="q" value="${esc(params.q || '')}"></label><button class="secondary">Filter</button></form>
    <table id="groups"><thead><tr><th>Group</th><th class="num">Lag</th><th class="num">Members</th><th class="hide-narrow">Topics</th></tr></thead>
    <tbody></tbody></table><div id="groups-pager"></div></div>`;
  const filter = main.querySelector('#group-filter');
  const load = async page => {
    const data = await api('GET', `/groups?page=${page}&size=20&q=${enc(formValues(filter).q || '')}`);
    main.querySelector('#groups tbody').innerHTML = data.items.map(g => `<tr><td><a href="#/groups/${enc(g.name)}">${esc(g.name)}</a></td>
      <td class="num">${g.lag ?? ''}</td><td class="num">${g.members ?? ''}</td><td class="hide-narrow">${esc((g.topics || []).join(', ') || g.error || '')}</td></tr>`).join('')
      || '<tr><td colspan="4" class="muted">No group matches.</td></tr>';
    main.querySelector('#groups-pager').replaceChildren(pager(data, load));
  };
  filter.onsubmit = e => { e.preventDefault(); load(0); };
  await load(0);
}

async function group(name) {
  main.innerHTML = `<h1>Consumer group ${esc(name)}</h1>
    <div class="card"><dl class="kv"><dt>Lag</dt><dd id="group-lag"></dd><dt>Model</dt><dd id="group-model"></dd>
      <dt>Subscriptions</dt><dd id="group-subs"></dd></dl><svg id="lag-chart" class="chart" viewBox="0 0 600 120" preserveAspectRatio="none">
      <polyline id="lag-line" fill="none" stroke="#c53030" stroke-width="2"/></svg><div class="muted" id="lag-range">lag over the last hour</div></div>
    <div class="card"><h2>Members</h2><table id="members"><thead><tr><th>Client</th><th>Address</th><th>Language</th><th class="num">Version</th></tr></thead><tbody></tbody></table></div>
    <div class="card"><h2>Lag per queue</h2><table id="group-queues"><thead><tr><th>Topic</th><th>Broker</th><th class="num">Queue</th>
      <th class="num">Broker offset</th><th class="num">Consumer offset</th><th class="num">Lag</th></tr></thead><tbody></tbody></table></div>
    <div class="card"><h2>Reset offsets</h2><form id="reset-offset" class="inline"><label>Topic<select name="topic"></select></label>
      <label>To<select name="to"><option value="time">a time</option><option value="earliest">earliest</option><option value="latest">latest</option></select></label>
      <label>Time<input name="time" type="datetime-local" step="1"></label><button>Reset</button></form></div>
    <div class="card"><h2>Dead-lettered messages</h2><table id="dlq"><thead><tr><th></th><th>Message id</th><th>Keys</th><th>Origin topic</th>
      <th class="hide-narrow">Stored</th><th></th></tr></thead><tbody></tbody></table>
      <button id="dlq-resend-selected" class="secondary">Resend selected</button></div>`;
  const load = async () => {
    const g = await api('GET', '/groups/' + enc(name));
    main.querySelector('#group-lag').textContent = g.lag;
    main.querySelector('#group-model').textContent = `${g.consumeType} · ${g.messageModel}`;
    main.querySelector('#group-subs').textContent = g.subscriptions.join(', ');
    main.querySelector('#members tbody').innerHTML = g.members.map(m => `<tr><td>${esc(m.clientId)}</td><td>${esc(m.address)}</td>
      <td>${esc(m.language)}</td><td class="num">${esc(m.versionName ?? m.version)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">No member online.</td></tr>';
    main.querySelector('#group-queues tbody').innerHTML = g.queues.map(q => `<tr><td>${esc(q.topic)}</td><td>${esc(q.broker)}</td>
      <td class="num">${q.queueId}</td><td class="num">${q.brokerOffset}</td><td class="num">${q.consumerOffset}</td><td class="num">${q.lag}</td></tr>`).join('');
    const select = main.querySelector('#reset-offset select[name=topic]');
    const topicsNow = [...new Set(g.queues.map(q => q.topic).filter(t => !t.startsWith('%RETRY%')))];
    if (select.options.length !== topicsNow.length) select.innerHTML = topicsNow.map(t => `<option>${esc(t)}</option>`).join('');
    await drawLagHistory();
  };
  // The console samples every group's lag on the server; the chart shows what it kept (up to an hour).
  const drawLagHistory = async () => {
    const points = await api('GET', `/groups/${enc(name)}/lag-history`);
    const line = main.querySelector('#lag-line');
    if (!line) return;
    line.setAttribute('points', lagPoints(points));
    line.dataset.count = points.length;
    main.querySelector('#lag-range').textContent = points.length
      ? `lag over the last hour: ${points.length} samples from ${new Date(points[0].t).toLocaleTimeString()}, max ${Math.max(...points.map(p => p.lag))}`
      : 'lag over the last hour: no sample yet';
  };
  const loadDlq = async () => {
    const d = await api('GET', `/groups/${enc(name)}/dlq`);
    main.querySelector('#dlq tbody').innerHTML = d.messages.map(m => `<tr><td><input type="checkbox" value="${esc(m.offsetMsgId)}"></td>
      <td><a href="#/messages/${enc(m.offsetMsgId)}">${esc(m.msgId)}</a></td><td>${esc(m.keys)}</td><td>${esc(m.originTopic)}</td>
      <td class="hide-narrow">${time(m.storeTimestamp)}</td><td><button class="secondary dlq-resend" data-id="${esc(m.offsetMsgId)}">Resend</button></td></tr>`).join('')
      || '<tr><td colspan="6" class="muted">No dead-lettered message.</td></tr>';
    const resend = (button, ids) => act(button, async () => {
      const r = await api('POST', `/groups/${enc(name)}/dlq/resend`, {ids});
      notify(`Resent ${r.resent} message${r.resent === 1 ? '' : 's'} to ${name}`);
    });
    main.querySelectorAll('.dlq-resend').forEach(b => { b.onclick = () => resend(b, [b.dataset.id]); });
    const selected = main.querySelector('#dlq-resend-selected');
    selected.onclick = () => {
      const ids = [...main.querySelectorAll('#dlq input:checked')].map(c => c.value);
      if (ids.length) resend(selected, ids); else notify('Select messages first', true);
    };
  };
  const reset = main.querySelector('#reset-offset');
  reset.onsubmit = e => {
    e.preventDefault();
    act(reset.querySelector('button'), async () => {
      const f = formValues(reset);
      const body = {topic: f.topic, to: f.to};
      if (f.to === 'time') {
        if (!f.time) throw new Error('Pick a time to reset to');
        body.timestamp = new Date(f.time).getTime();
      }
      const r = await api('POST', `/groups/${enc(name)}/reset`, body);
      notify(`Offsets of ${r.queues.length} queues reset`);
      await load();
    });
  };
  await load();
  await loadDlq();
  timer = setInterval(() => load().catch(e => notify(e.message, true)), 2000);
}

// Points of an SVG polyline (600 x 120) for [{t, lag}], time on x, lag on y.
function lagPoints(points) {
  if (!points.length) return '';
  const t0 = points[0].t, span = Math.max(1, points[points.length - 1].t - t0);
  const max = Math.max(1, ...points.map(p => p.lag));
  return points.map(p => `${((p.t - t0) / span * 600).toFixed(1)},${(120 - p.lag / max * 110).toFixed(1)}`).join(' ');
}

// ---- Messages -------------------------------------------------------------------------------------------
async function messages(params) {
  main.innerHTML = `<h1>Messages</h1><div class="card"><form id="message-search" class="inline">
    <label>Topic<input name="topic" required value="${esc(params.topic || '')}"></label>
    <label>Key<input name="key" value="${esc(params.key || '')}"></label>
    <label>Message id<input name="id" value="${esc(params.id || '')}"></label>
    <label>From<input name="begin" type="datetime-local"></label><label>To<input name="end" type="datetime-local"></label>
    <button>Search</button></form><p class="muted">Give a key, a message id, or a time range (default: the last hour).</p></div>
    <div class="card"><table id="messages"><thead><tr><th>Message id</th><th>Keys</th><th>Tags</th><th class="hide-narrow">Queue</th>
    <th>Stored</th></tr></thead><tbody></tbody></table></div>`;
  const form = main.querySelector('#message-search');
  const search = async () => {
    const f = formValues(form);
    let q = `topic=${enc(f.topic)}`;
    if (f.key) q += `&key=${enc(f.key)}`;
    else if (f.id) q += `&id=${enc(f.id)}`;
    else {
      if (f.begin) q += `&begin=${new Date(f.begin).getTime()}`;
      if (f.end) q += `&end=${new Date(f.end).getTime()}`;
    }
    const data = await api('GET', '/messages?' + q);
    main.querySelector('#messages tbody').innerHTML = data.messages.map(m => `<tr><td><a href="#/messages/${enc(m.offsetMsgId)}">${esc(m.msgId)}</a></td>
      <td>${esc(m.keys)}${m.realTopic ? ` <span class="muted">(not delivered yet: in ${esc(m.topic)})</span>` : ''}</td><td>${esc(m.tags)}</td><td class="hide-narrow">${esc(m.broker)}:${m.queueId}@${m.queueOffset}</td><td>${time(m.storeTimestamp)}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">No message found.</td></tr>';
  };
  form.onsubmit = e => { e.preventDefault(); search().catch(err => notify(err.message, true)); };
  if (params.topic) await search();
}

async function message(id) {
  const m = await api('GET', '/messages/' + enc(id));
  const level = m.delayLevel > 0 ? `<dt>Delay level</dt><dd>${m.delayLevel}</dd>` : '';
  const due = m.due ? `${level}<dt>Due</dt><dd id="message-due">${time(m.due.dueAt)} (${esc(m.due.state)}; waits in ${esc(m.topic)} for ${esc(m.realTopic)})</dd>` : level;
  main.innerHTML = `<h1>Message</h1><div class="card"><dl class="kv" id="message-detail">
    <dt>Message id</dt><dd id="message-id">${esc(m.msgId)}</dd><dt>Offset id</dt><dd>${esc(m.offsetMsgId)}</dd>
    <dt>Topic</dt><dd><a href="#/topics/${enc(m.topic)}">${esc(m.topic)}</a></dd><dt>Keys</dt><dd id="message-keys">${esc(m.keys)}</dd>
    <dt>Tags</dt><dd>${esc(m.tags)}</dd><dt>Queue</dt><dd>${esc(m.broker)} queue ${m.queueId} offset ${m.queueOffset}</dd>
    <dt>Stored</dt><dd>${time(m.storeTimestamp)} on ${esc(m.storeHost)}</dd><dt>Born</dt><dd>${time(m.bornTimestamp)} on ${esc(m.bornHost)}</dd>
    <dt>Reconsumed</dt><dd>${m.reconsumeTimes}</dd>${due}${m.transaction ? `<dt>Transaction</dt><dd id="message-transaction">${esc(m.transaction)}</dd>` : ''}</dl></div>
    <div class="card"><h2>Body (${m.bodySize} bytes)</h2><pre id="message-body">${esc(m.bodyJson ?? m.bodyText ?? '(not text)')}</pre>
      <details><summary>Hex</summary><pre>${esc(m.bodyHex)}</pre></details></div>
    <div class="card"><h2>Consumed by</h2><table id="consumed-by"><thead><tr><th>Group</th><th>State</th>
      <th class="num">Committed offset</th></tr></thead><tbody>${(m.consumedBy || []).map(c => `<tr><td><a href="#/groups/${enc(c.group)}">${esc(c.group)}</a></td>
      <td>${esc(c.state)}</td><td class="num">${c.committedOffset >= 0 ? c.committedOffset : ''}</td></tr>`).join('')
      || '<tr><td colspan="3" class="muted">No group consumes this topic.</td></tr>'}</tbody></table>
      <p class="muted">Consumed when the group's committed offset of queue ${m.queueId} is past ${m.queueOffset}.</p></div>
    <div class="card"><h2>Properties</h2><dl class="kv">${Object.entries(m.properties).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></div>
    <div class="card"><h2>Resend to a group</h2><form id="resend-message" class="inline"><label>Group<input name="group" required></label>
      <button>Resend</button></form></div>`;
  const form = main.querySelector('#resend-message');
  form.onsubmit = e => {
    e.preventDefault();
    act(form.querySelector('button'), async () => {
      const g = formValues(form).group;
      await api('POST', `/messages/${enc(id)}/resend`, {group: g});
      notify(`Resent to ${g}`);
    });
  };
}

// ---- Broker settings ------------------------------------------------------------------------------------
async function broker(addr) {
  const [config, store] = await Promise.all([api('GET', `/brokers/${enc(addr)}/config`), api('GET', `/brokers/${enc(addr)}/store`)]);
  main.innerHTML = `<h1>Broker ${esc(addr)}</h1>${storeCard(store)}<div class="card"><h2>Change a setting</h2><form id="broker-config" class="inline">
    <label>Key<input name="key" list="config-keys" required></label><datalist id="config-keys">${Object.keys(config).map(k => `<option>${esc(k)}</option>`).join('')}</datalist>
    <label>Value<input name="value" required></label><button>Set</button></form>
    <p class="muted">Only keys that may change while the broker runs are accepted; the broker says which.</p></div>
    <div class="card"><h2>Settings</h2><table id="config"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>${Object.entries(config)
      .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</tbody></table></div>`;
  const form = main.querySelector('#broker-config');
  form.onsubmit = e => {
    e.preventDefault();
    act(form.querySelector('button'), async () => {
      const f = formValues(form);
      await api('PUT', `/brokers/${enc(addr)}/config`, {[f.key]: f.value});
      notify(`${f.key} set`); route();
    });
  };
}

function bytes(n) {
  if (!(n >= 0)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function storeCard(s) {
  const r = s.replication || {};
  const replication = !s.role ? '<dt>Replication</dt><dd>not reported</dd>'
    : s.role.endsWith('MASTER')
      ? `<dt>Slaves</dt><dd id="store-slaves">${r.slaveAckOffsets.length ? r.slaveAckOffsets.map(o => `acked ${o} (${Math.max(0, s.commitLogMaxOffset - o)} bytes behind)`).join(', ') : 'none connected'}</dd>`
      : `<dt>Master</dt><dd id="store-master">${esc(r.masterAddress || 'unknown')}${r.lagBytes != null ? `, ${r.lagBytes} bytes behind` : ''}</dd>`;
  return `<div class="card"><h2>Store</h2><dl class="kv" id="store">
    <dt>Commit log</dt><dd id="store-offsets">min ${s.commitLogMinOffset} · max ${s.commitLogMaxOffset}</dd>
    <dt>Disk</dt><dd id="store-disk">${bytes(s.diskUsedBytes)} used of ${bytes(s.diskTotalBytes)}, ${bytes(s.diskFreeBytes)} free (${(s.diskRatio * 100).toFixed(1)}%)</dd>
    <dt>Flush</dt><dd id="store-flush">${esc(s.flushDiskType)}: flushed ${s.flushedOffset} of ${s.writtenOffset} written</dd>
    <dt>Role</dt><dd id="store-role">${esc(s.role || '')}</dd>${replication}</dl></div>`;
}

// ---- Routing --------------------------------------------------------------------------------------------
async function route() {
  clearInterval(timer);
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = parts[0] || 'overview';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  document.getElementById('nav').classList.remove('open');
  try {
    if (page === 'overview') await overview();
    else if (page === 'topics') await (parts[1] ? topic(parts[1]) : topics(params));
    else if (page === 'groups') await (parts[1] ? group(parts[1]) : groups(params));
    else if (page === 'messages') await (parts[1] ? message(parts[1]) : messages(params));
    else if (page === 'brokers' && parts[1]) await broker(parts[1]);
    else main.innerHTML = '<p>No such page.</p>';
    main.dataset.page = page;
  } catch (e) {
    if (e.status === 401) { login(); return; }
    main.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    notify(e.message, true);
  }
}

// ---- Login (authentication on) ---------------------------------------------------------------------------
// The servers' users log in with their password; the console then acts with that user's permissions.
function login() {
  main.dataset.page = 'login';
  main.innerHTML = `<div class="card"><h2>Log in</h2>
    <form id="login-form"><label>User <input id="login-user" name="user" autocomplete="username" required></label>
    <label>Password <input id="login-password" name="password" type="password" autocomplete="current-password" required></label>
    <button id="login-submit">Log in</button> <span id="login-error" class="error"></span></form></div>`;
  const form = main.querySelector('#login-form');
  form.onsubmit = async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/login', formValues(form));
      await session();
      route();
    } catch (e) { main.querySelector('#login-error').textContent = e.message; }
  };
}

async function session() {
  const status = document.getElementById('auth-status');
  try {
    const s = await api('GET', '/session');
    status.innerHTML = s.authentication
      ? `Signed in as ${esc(s.user)} <button id="logout" class="secondary">Log out</button>` : 'Authentication is off';
    status.classList.toggle('on', s.authentication);
    const out = document.getElementById('logout');
    if (out) out.onclick = async () => { await api('POST', '/logout'); status.textContent = ''; login(); };
  } catch (e) { status.textContent = e.status === 401 ? 'Not signed in' : e.message; }
}

document.getElementById('menu-toggle').onclick = () => document.getElementById('nav').classList.toggle('open');
window.addEventListener('hashchange', route);
session();
route();
