// The response view page (no build step). Renders what the extension sends
// (src/vscode/http/responseViewModel.ts: HostToPage) with createElement / textContent ONLY:
// every string from a response is data, never markup. Protocol: this page posts { type: 'ready' }
// once loaded; the extension answers with { type: 'response' | 'matrix' | 'empty', … }. Buttons
// post save / copy / resend / openCell / backToMatrix with the entry id. Nothing is kept in
// setState: a reload shows "waiting" until the extension sends again.
// Accessibility: only #live (one status line) is a live region; every control is a <button>
// (a matrix row opens through the button in its Profile cell); the Raw toggle carries
// aria-pressed; every table has a caption and scoped header cells.
/* global acquireVsCodeApi, document, window */
// @ts-check
'use strict';

(function () {
  /**
   * @typedef {import('../src/vscode/http/responseViewModel').HostToPage} HostToPage
   * @typedef {import('../src/vscode/http/responseViewModel').ResponseViewModel} ResponseViewModel
   * @typedef {import('../src/vscode/http/responseViewModel').MatrixViewModel} MatrixViewModel
   * @typedef {import('../src/vscode/http/responseViewModel').PageToHost} PageToHost
   * @typedef {import('../src/vscode/http/responseViewModel').ChecksView} ChecksView
   */
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const live = /** @type {HTMLElement} */ (document.getElementById('live'));
  /** Bodies above this many characters are shown without highlighting (stays responsive). */
  const HIGHLIGHT_LIMIT = 200 * 1024;
  let raw = false;

  /** @param {PageToHost} message */
  function post(message) {
    vscode.postMessage(message);
  }

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

  /** @param {HTMLElement} parent @param {...(Node | undefined)} children */
  function append(parent, ...children) {
    for (const child of children) if (child) parent.appendChild(child);
    return parent;
  }

  /** @param {string} label @param {(event: MouseEvent) => void} onClick @param {string} [title] */
  function button(label, onClick, title) {
    const node = /** @type {HTMLButtonElement} */ (el('button', 'button', label));
    node.type = 'button';
    if (title) node.title = title;
    node.addEventListener('click', onClick);
    return node;
  }

  /** A toggle: its label stays, aria-pressed says whether it is on. @param {string} label @param {boolean} pressed @param {(event: MouseEvent) => void} onClick @param {string} title */
  function toggle(label, pressed, onClick, title) {
    const node = button(label, onClick, title);
    node.setAttribute('aria-pressed', String(pressed));
    return node;
  }

  /** Says one short line to a screen reader (the page's only live region). @param {string} text */
  function announce(text) {
    live.textContent = text;
  }

  /** @param {string} text */
  function hiddenCaption(text) {
    return el('caption', 'visually-hidden', text);
  }

  /** @param {string} text @param {'col' | 'row'} scope */
  function th(text, scope) {
    const node = el('th', undefined, text);
    node.setAttribute('scope', scope);
    return node;
  }

  /** @param {string} title */
  function section(title) {
    const node = el('section', 'section');
    append(node, el('h2', undefined, title));
    return node;
  }

  /** @param {readonly {name: string, value: string}[]} rows @param {string} caption */
  function headerTable(rows, caption) {
    const table = el('table', 'headers');
    table.appendChild(hiddenCaption(caption));
    for (const { name, value } of rows) {
      const tr = el('tr');
      append(tr, th(name, 'row'), el('td', undefined, value));
      table.appendChild(tr);
    }
    return table;
  }

  /** What each check status reads as: a symbol and a word, so colour is never the only sign. */
  const CHECK_LABEL = { passed: '✓ pass', failed: '✗ FAIL', errored: '⚠ error', skipped: '– not run' };

  /** A request's checks for one role: result, check, expected, actual, line. @param {ChecksView} checks @param {string} caption */
  function checksTable(checks, caption) {
    const table = el('table', 'checks');
    table.appendChild(hiddenCaption(caption));
    const headRow = el('tr');
    for (const title of ['Result', 'Check', 'Expected', 'Actual', 'Line']) headRow.appendChild(th(title, 'col'));
    table.appendChild(append(el('thead'), headRow));
    const tbody = el('tbody');
    for (const row of checks.rows) {
      const tr = el('tr');
      tr.dataset.status = row.status;
      const result = el('td', `check-${row.status}`, CHECK_LABEL[row.status]);
      result.title = row.message;
      const actual = el('td', 'value', row.actual ?? (row.status === 'passed' ? '' : row.message));
      append(tr, result, el('td', 'value', row.name), el('td', 'value', row.expected ?? ''), actual, el('td', 'muted', String(row.line)));
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    return table;
  }

  const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

  /** Pretty JSON as text nodes and spans (keys, strings, numbers, literals). @param {string} text */
  function highlighted(text) {
    const pre = el('pre', 'body json');
    if (text.length > HIGHLIGHT_LIMIT) {
      pre.textContent = text;
      return pre;
    }
    let last = 0;
    for (const match of text.matchAll(JSON_TOKEN)) {
      const at = match.index ?? 0;
      if (at > last) pre.appendChild(document.createTextNode(text.slice(last, at)));
      if (match[1] !== undefined) {
        pre.appendChild(el('span', match[2] ? 'tok-key' : 'tok-string', match[1]));
        if (match[2]) pre.appendChild(document.createTextNode(match[2]));
      } else if (match[3] !== undefined) pre.appendChild(el('span', 'tok-literal', match[3]));
      else pre.appendChild(el('span', 'tok-number', match[4] ?? ''));
      last = at + match[0].length;
    }
    if (last < text.length) pre.appendChild(document.createTextNode(text.slice(last)));
    return pre;
  }

  /** The Body section, pretty or raw. @param {ResponseViewModel} model */
  function bodySection(model) {
    const body = section(model.contentType ? `Body · ${model.contentType}` : 'Body');
    body.id = 'body';
    if (model.body.text === '') body.appendChild(el('p', 'muted', 'Empty body.'));
    else if (!raw && model.body.pretty !== undefined) body.appendChild(highlighted(model.body.pretty));
    else body.appendChild(el('pre', 'body', model.body.text));
    if (model.body.truncated || model.body.cutForView) body.appendChild(el('p', 'truncated', '… cut'));
    return body;
  }

  /** @param {ResponseViewModel} model */
  function renderResponse(model) {
    app.replaceChildren();
    announce(`${model.status} ${model.reason}, ${model.timeMs} ms, ${model.size}`.replace(/ +,/, ','));
    const head = el('header', 'summary');
    const status = el('span', `status ${model.statusClass}`, `${model.status} ${model.reason}`.trim());
    status.id = 'status';
    append(
      head,
      status,
      el('span', 'metric', `${model.timeMs} ms`),
      el('span', 'metric', model.size),
      model.sentAs ? el('span', 'metric sent-as', `as ${model.sentAs}`) : undefined,
    );
    const url = el('div', 'url', `${model.method} ${model.url}`);
    const actions = el('div', 'actions');
    if (model.fromMatrix) actions.appendChild(button('← Every role', () => post({ type: 'backToMatrix', id: model.id })));
    append(
      actions,
      toggle('Raw body', raw, (event) => {
        raw = !raw;
        /** @type {HTMLElement} */ (event.currentTarget).setAttribute('aria-pressed', String(raw));
        app.querySelector('#body')?.replaceWith(bodySection(model));
      }, 'Show the body as received instead of formatted'),
      button('Copy body', () => post({ type: 'copy', id: model.id })),
      button('Save…', () => post({ type: 'save', id: model.id })),
      button('Re-send', () => post({ type: 'resend', id: model.id })),
    );
    append(app, head, url, actions);

    const notes = [...model.notes];
    if (model.body.cutForView) notes.push(`Only the first ${Math.round(model.body.text.length / 1024)} KB of the body are shown here; use Save… for all of it.`);
    if (notes.length) {
      const list = el('ul', 'notes');
      list.id = 'notes';
      for (const note of notes) list.appendChild(el('li', undefined, note));
      app.appendChild(list);
    }

    if (model.checks) {
      const checks = section(`Checks · ${model.checks.summary}`);
      checks.id = 'checks';
      checks.appendChild(checksTable(model.checks, `Checks: ${model.checks.summary}`));
      app.appendChild(checks);
    }

    const injected = section('Injected headers');
    injected.id = 'injected';
    injected.appendChild(
      model.injectedHeaders.length
        ? append(el('p', 'chips'), ...model.injectedHeaders.map((name) => el('code', 'chip', name)))
        : el('p', 'muted', 'None: the request was sent as written.'),
    );
    app.appendChild(injected);

    app.appendChild(bodySection(model));

    const headers = section(`Response headers (${model.headers.length})`);
    headers.id = 'headers';
    headers.appendChild(headerTable(model.headers, 'Response headers'));
    app.appendChild(headers);

    const request = section('Request headers (credentials hidden)');
    request.appendChild(headerTable(model.requestHeaders, 'Request headers'));
    app.appendChild(request);
  }

  /** @param {MatrixViewModel} model */
  function renderMatrix(model) {
    app.replaceChildren();
    announce(`Every role: ${model.rows.length} profiles${model.hasExpectations ? (model.passed ? ', all expectations met' : ', expectations failed') : ''}`);
    const head = el('header', 'summary');
    append(head, el('span', 'metric', `Every role`), el('span', 'url', `${model.method} ${model.url}`));
    if (model.hasExpectations) head.appendChild(el('span', `status ${model.passed ? 'success' : 'clientError'}`, model.passed ? 'all expectations met' : 'expectations FAILED'));
    app.appendChild(head);
    const table = el('table', 'matrix');
    table.id = 'matrix';
    table.appendChild(el('caption', undefined, 'Each role\'s response: a profile\'s button (or its row) opens it. "Documented" is the role permission matrix: a hint, the server decides.'));
    const headRow = el('tr');
    const withChecks = model.rows.some((row) => row.checks);
    const titles = ['Profile', 'Role', 'Status', 'Time', 'Size', 'Expected', 'Result', ...(withChecks ? ['Checks'] : []), 'Documented'];
    for (const title of titles) headRow.appendChild(th(title, 'col'));
    table.appendChild(append(el('thead'), headRow));
    const tbody = el('tbody');
    for (const row of model.rows) {
      const tr = el('tr', row.hasResponse ? 'clickable' : undefined);
      tr.dataset.role = row.role;
      const status = el('td', row.notSent ? 'status muted' : `status ${row.statusClass ?? 'serverError'}`, row.status);
      if (row.error) status.title = row.error;
      const profile = el('td');
      if (row.hasResponse) {
        const who = row.role || row.profile;
        const open = /** @type {HTMLButtonElement} */ (el('button', 'row-button', row.profile));
        open.type = 'button';
        open.setAttribute('aria-label', `Open ${who}'s response (${row.profile}, ${row.status})`);
        profile.appendChild(open);
      } else profile.textContent = row.profile;
      append(
        tr,
        profile,
        el('td', undefined, row.role),
        status,
        el('td', undefined, row.time),
        el('td', undefined, row.size),
        el('td', undefined, row.expected),
        el('td', row.result, row.result === 'pass' ? '✓ pass' : row.result === 'fail' ? '✗ FAIL' : ''),
        withChecks ? el('td', row.checks ? `check-${row.checks.status}` : undefined, row.checks?.summary ?? '') : undefined,
        el('td', 'muted', row.hint ?? ''),
      );
      // The row's button is the control (keyboard, screen readers); a click anywhere on the row,
      // the button's included, opens the response once.
      if (row.hasResponse) {
        tr.title = `Open ${row.role || row.profile}'s response`;
        tr.addEventListener('click', () => post({ type: 'openCell', id: model.id, index: row.index }));
      }
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    app.appendChild(table);
    const errors = model.rows.filter((row) => row.error);
    if (errors.length) {
      const list = el('ul', 'notes');
      for (const row of errors) list.appendChild(el('li', undefined, `${row.profile}: ${row.error}`));
      app.appendChild(list);
    }
    for (const row of model.rows) {
      if (!row.checks || row.checks.status === 'passed' || row.checks.status === 'skipped') continue;
      const checks = section(`Checks as ${row.role || row.profile} · ${row.checks.summary}`);
      checks.dataset.role = row.role;
      const failed = { ...row.checks, rows: row.checks.rows.filter((check) => check.status === 'failed' || check.status === 'errored') };
      checks.appendChild(checksTable(failed, `Failed checks as ${row.role || row.profile}`));
      app.appendChild(checks);
    }
  }

  window.addEventListener('message', (event) => {
    /** @type {HostToPage} */
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'response') renderResponse(message.model);
    else if (message.type === 'matrix') renderMatrix(message.model);
    else if (message.type === 'empty') {
      announce(message.message);
      app.replaceChildren(el('p', 'muted', message.message));
    }
  });

  post({ type: 'ready' });
})();
