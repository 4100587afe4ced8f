// The JWT inspector page (no build step). It renders the view model the extension sends
// (src/core/auth/jwtView.ts: JwtView, InspectorToPage, PageToInspector, InspectorState) with
// createElement / textContent ONLY: every string from a token is data, never markup.
// Protocol: this page posts { type: 'ready' } once loaded; the extension answers with
// { type: 'show', view, title, ref? } or { type: 'empty', message }.
// State (vscode.setState) holds { v: 1, ref? } — a non-secret reference, never the token.
// Accessibility: only #live (one status line) is a live region, the countdown is a timer (not
// read out every second); the matrix's "only this role" toggle is a <button> with aria-pressed;
// every table has a caption and scoped header cells.
/* global acquireVsCodeApi, document, window, performance, setInterval, clearInterval */
// @ts-check
'use strict';

(function () {
  /**
   * @typedef {import('../src/core/auth/jwtView').InspectorToPage} InspectorToPage
   * @typedef {import('../src/core/auth/jwtView').JwtView} JwtView
   * @typedef {import('../src/core/auth/jwtView').ClaimRow} ClaimRow
   */
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const live = /** @type {HTMLElement} */ (document.getElementById('live'));
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * @param {HTMLElement} parent
   * @param {...(Node | undefined)} children
   */
  function append(parent, ...children) {
    for (const child of children) if (child) parent.appendChild(child);
    return parent;
  }

  /** @param {string} title @param {string} [id] */
  function section(title, id) {
    const node = el('section', 'section');
    if (id) node.id = id;
    append(node, el('h2', undefined, title));
    return node;
  }

  function stopTimer() {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  /** @param {number} ms → "1:02:03", "4:05", "2 d 01:02:03" */
  function clock(ms) {
    let seconds = Math.floor(Math.abs(ms) / 1000);
    const days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
    if (days > 0) return `${days} d ${two(hours)}:${two(minutes)}:${two(seconds)}`;
    if (hours > 0) return `${hours}:${two(minutes)}:${two(seconds)}`;
    return `${minutes}:${two(seconds)}`;
  }

  /** @param {string} text @param {'col' | 'row'} scope @param {string} [className] */
  function th(text, scope, className) {
    const node = el('th', className, text);
    node.setAttribute('scope', scope);
    return node;
  }

  /** @param {string} message */
  function renderEmpty(message) {
    stopTimer();
    live.textContent = message;
    app.replaceChildren(append(el('div', 'empty'), el('p', 'empty-message', message)));
  }

  /** @param {JwtView} view */
  function countdown(view) {
    const box = el('div', 'countdown');
    box.setAttribute('role', 'timer');
    const value = el('span', 'countdown-value');
    const detail = el('span', 'countdown-detail');
    append(box, value, detail);
    const base = view.countdown;
    if (!base) {
      value.textContent = 'Never expires';
      detail.textContent = ' (no exp claim)';
      box.classList.add('is-warning');
      return box;
    }
    const received = performance.now();
    detail.textContent = ` (exp ${new Date(base.expiresAtMs).toISOString()})`;
    const tick = () => {
      const left = base.msLeftAtBuild - (performance.now() - received);
      if (left > 0) {
        value.textContent = `Expires in ${clock(left)}`;
        box.classList.remove('is-expired');
      } else {
        value.textContent = `Expired ${clock(left)} ago`;
        box.classList.add('is-expired');
      }
    };
    tick();
    timer = setInterval(tick, 1000);
    return box;
  }

  /** @param {JwtView} view @param {string} title */
  function summary(view, title) {
    const head = el('header', 'summary');
    append(head, el('h1', undefined, title));
    const facts = el('dl', 'facts');
    /** @param {string} name @param {string | undefined} value @param {string} [hint] */
    const fact = (name, value, hint) => {
      if (value === undefined) return;
      const dd = el('dd', undefined, value);
      if (hint) dd.title = hint;
      append(facts, el('dt', undefined, name), dd);
    };
    fact('Kind', view.kindLabel, view.kindReason);
    fact('Role', view.role);
    fact('Subject', view.subject);
    fact('E-mail', view.email);
    fact('Algorithm', view.algorithm);
    if (view.issuedAt) fact('Issued', `${view.issuedAt.iso} (${view.issuedAt.relative})`);
    if (view.notBefore) fact('Not before', `${view.notBefore.iso} (${view.notBefore.relative})`);
    if (view.expiresAt) fact('Expires', `${view.expiresAt.iso} (${view.expiresAt.relative})`);
    return append(head, facts);
  }

  /** @param {JwtView} view */
  function warnings(view) {
    if (view.warnings.length === 0) return undefined;
    const list = el('ul', 'warnings');
    for (const warning of view.warnings) {
      const item = el('li', `warning severity-${warning.severity}`, warning.message);
      item.dataset.code = warning.code;
      append(list, item);
    }
    return list;
  }

  /** @param {JwtView} view */
  function segments(view) {
    const node = section('Encoded token', 'segments');
    const code = el('p', 'token');
    view.segments.forEach((segment, index) => {
      if (index > 0) append(code, el('span', 'dot', '.'));
      const span = el('span', `segment segment-${segment.part}`, segment.text);
      span.title = segment.label;
      append(code, span);
    });
    const legend = el('p', 'legend');
    for (const segment of view.segments) append(legend, el('span', `legend-item segment-${segment.part}`, segment.label));
    return append(node, code, legend);
  }

  /** @param {JwtView} view */
  function permissions(view) {
    const node = section('Permissions', 'permissions');
    if (view.permissions.length === 0) return append(node, el('p', 'muted', 'No permissions claim.'));
    const list = el('dl', 'permission-groups');
    for (const group of view.permissions) {
      const dt = el('dt', 'resource', group.resource);
      const dd = el('dd', 'actions');
      dd.dataset.resource = group.resource;
      if (group.actions.length === 0) append(dd, el('span', 'muted', '(all)'));
      group.actions.forEach((action, index) => {
        if (index > 0) append(dd, document.createTextNode(', '));
        append(dd, el('span', 'action', action));
      });
      append(list, dt, dd);
    }
    append(node, list);
    if (view.capabilities.length > 0) {
      append(node, el('h3', undefined, `What a ${view.role} does (documented)`));
      const caps = el('ul', 'capabilities');
      for (const capability of view.capabilities) append(caps, el('li', undefined, capability));
      append(node, caps);
    }
    return node;
  }

  /** @param {JwtView} view */
  function matrix(view) {
    const node = section('Role matrix', 'matrix');
    const table = el('table', 'matrix');
    append(table, el('caption', undefined, view.matrix.caption));
    const headRow = el('tr');
    append(headRow, th('Capability', 'col', 'capability'));
    for (const column of view.matrix.columns) {
      const head = th(column.role, 'col', column.highlighted ? 'role is-token-role' : 'role');
      if (column.highlighted) head.setAttribute('aria-current', 'true');
      append(headRow, head);
    }
    append(table, append(el('thead'), headRow));
    const body = el('tbody');
    for (const row of view.matrix.rows) {
      const tr = el('tr');
      append(tr, th(row.label, 'row', 'capability'));
      for (const cell of row.cells) {
        const td = el('td', `access access-${cell.access}${cell.highlighted ? ' is-token-role' : ''}`, cell.text);
        td.dataset.role = cell.role;
        td.dataset.access = cell.access;
        // ✅ / ❌ read as "yes" / "no" too, where no emoji font is installed and for screen readers.
        if (cell.text !== cell.access) append(td, el('span', 'access-word', cell.access));
        td.title = `${row.label} — ${cell.role}: ${cell.access}`;
        append(tr, td);
      }
      append(body, tr);
    }
    const highlighted = view.matrix.columns.find((column) => column.highlighted);
    if (highlighted) append(node, onlyRoleToggle(table, highlighted.role));
    return append(node, append(table, body));
  }

  /** Shows the token's role's column alone (narrow panels) or every role. @param {HTMLElement} table @param {string} role */
  function onlyRoleToggle(table, role) {
    const toggle = /** @type {HTMLButtonElement} */ (el('button', 'button only-role', `Only ${role}`));
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.title = `Show the ${role} column alone, or every role`;
    toggle.addEventListener('click', () => {
      const only = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(only));
      if (only) table.classList.add('only-token-role');
      else table.classList.remove('only-token-role');
    });
    return append(el('p', 'matrix-tools'), toggle);
  }

  /** @param {string} title @param {string} id @param {ClaimRow[]} rows */
  function claimTable(title, id, rows) {
    const node = section(title, id);
    const table = el('table', 'claims');
    append(table, el('caption', 'visually-hidden', title));
    const head = el('tr');
    for (const name of ['Name', 'Value', 'Meaning']) append(head, th(name, 'col'));
    append(table, append(el('thead'), head));
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr');
      tr.dataset.claim = row.name;
      const value = el('td', `value type-${row.type}`, row.value);
      const meaning = el('td', 'meaning', row.description ?? '');
      if (row.time) append(meaning, el('div', 'time', `${row.time.iso} (${row.time.relative})`));
      append(tr, el('td', 'name', row.name), value, meaning);
      append(body, tr);
    }
    return append(node, append(table, body));
  }

  /** @param {JwtView} view @param {string} title */
  function renderView(view, title) {
    stopTimer();
    live.textContent = `${title}${view.expiresAt ? `, expires ${view.expiresAt.relative}` : ''}`;
    const banner = el('div', 'banner', view.banner);
    banner.setAttribute('role', 'note');
    app.replaceChildren(
      banner,
      summary(view, title),
      countdown(view),
      warnings(view) ?? document.createTextNode(''),
      permissions(view),
      matrix(view),
      claimTable('Claims', 'claims', view.claims),
      claimTable('Header', 'header', view.header),
      segments(view),
    );
  }

  window.addEventListener('message', (event) => {
    /** @type {InspectorToPage} */
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'show' && message.view && typeof message.title === 'string') {
      // A non-secret reference at most: the token itself is never kept in the state.
      vscode.setState(typeof message.ref === 'string' ? { v: 1, ref: message.ref } : { v: 1 });
      renderView(message.view, message.title);
    } else if (message.type === 'empty' && typeof message.message === 'string') {
      renderEmpty(message.message);
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
