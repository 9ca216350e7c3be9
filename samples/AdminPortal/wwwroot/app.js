// Settings → Credentials: the seed's page on top of the credentials web API (Credentials.AspNetCore).
// Plain JavaScript, no build step. Everything shown is written with textContent, never as HTML.
'use strict';

(() => {
  const API = '/api/credentials';
  const CATEGORY_LABELS = {
    llm_provider: 'LLM provider',
    mcp_service: 'MCP service',
    runtime: 'Runtime',
    communication: 'Communication',
    custom: 'Custom',
  };

  // The sample's demo switch (see DemoUser.cs): the API acts for the user this cookie names, or for the organization
  // itself (its administrator) without one. Not authentication: a real host takes the user from its sign-in.
  const DEMO_COOKIE = 'demo_user';

  const state = {
    schemas: [],
    templates: [],
    cards: [],
    personal: [],
    // OAuth 2.0 cards' connection states by credential id ({ state, expiresAt, scopes }); none when the host did not
    // turn OAuth on (the connection routes answer 404 then).
    connections: {},
    deleted: [],
    search: '',
    category: '',
    // The demo user the page acts for, or '' for the organization (admin).
    user: '',
    includeAllUsers: false,
    loads: 0,
    // The dialog's mode: { kind: 'create', template } or { kind: 'edit', id, version, form }.
    mode: null,
    opener: null,
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === 'text') node.textContent = value;
      else if (name === 'class') node.className = value;
      else if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value === true) node.setAttribute(name, '');
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };

  // ---- API ---------------------------------------------------------------------------------------------------------

  async function call(method, path, body, headers = {}) {
    const init = { method, headers: { Accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    return { ok: response.ok, status: response.status, data, etag: response.headers.get('ETag') };
  }

  function problemText(result) {
    const problem = result.data || {};
    return problem.detail || problem.title || `The request failed (${result.status}).`;
  }

  // ---- Page --------------------------------------------------------------------------------------------------------

  function say(message) {
    $('status').textContent = message;
  }

  function typeLabel(type) {
    const schema = state.schemas.find((s) => s.type === type);
    return schema ? schema.label : type;
  }

  // A user sees two lists: their own (?ownerUserId=) and the organization's shared ones (the default listing). The
  // organization's administrator sees the shared ones, or every credential with ?includeAllUsers=true.
  async function loadCards() {
    const load = ++state.loads;
    const params = new URLSearchParams();
    if (state.search) params.set('q', state.search);
    if (state.category) params.set('category', state.category);
    params.set('pageSize', '100');
    const shared = new URLSearchParams(params);
    if (!state.user && state.includeAllUsers) shared.set('includeAllUsers', 'true');
    const own = new URLSearchParams(params);
    own.set('ownerUserId', state.user);
    const [result, personal] = await Promise.all([
      call('GET', '/?' + shared.toString()),
      state.user ? call('GET', '/?' + own.toString()) : Promise.resolve({ ok: true, data: { items: [] } }),
    ]);
    if (load !== state.loads) return; // a newer load (another filter or user) answers instead
    if (!result.ok || !personal.ok) {
      say(problemText(result.ok ? personal : result));
      return;
    }
    const connections = await loadConnections([...result.data.items, ...personal.data.items]);
    if (load !== state.loads) return;
    state.cards = result.data.items;
    state.personal = personal.data.items;
    state.connections = connections;
    renderCards();
  }

  // The connection state of every OAuth 2.0 card (GET /{id}/connection), side by side.
  async function loadConnections(cards) {
    const oauth = cards.filter((card) => card.type === 'oauth2');
    const results = await Promise.all(oauth.map((card) => call('GET', `/${encodeURIComponent(card.id)}/connection`)));
    const connections = {};
    oauth.forEach((card, i) => {
      if (results[i].ok) connections[card.id] = results[i].data;
    });
    return connections;
  }

  // ---- OAuth 2.0: Connect ------------------------------------------------------------------------------------------

  const CONNECT_ERRORS = {
    access_denied: 'the authorization was denied at the provider',
    invalid_state: 'the connection expired or was already completed; connect again',
    invalid_code: 'the provider did not give a usable authorization code; connect again',
    invalid_scope: 'the provider refused the scopes asked for',
    credential_changed: 'the credential was changed or deleted meanwhile; connect again',
    connection_failed: "the provider's token endpoint could not be reached; try again later",
  };

  function connectionText(connection) {
    if (connection.state === 'connected') {
      return connection.expiresAt ? `Connected until ${shortTime(connection.expiresAt)}` : 'Connected';
    }
    return connection.state === 'needs_reconnect' ? 'Needs reconnect' : 'Not connected';
  }

  // The time alone when it is today, else the date and the time.
  function shortTime(iso) {
    const when = new Date(iso);
    return when.toDateString() === new Date().toDateString()
      ? when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : when.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  }

  // Under an OAuth 2.0 card: its state and a Connect (or Reconnect) button, beside the card's own button (not inside it).
  function connectionBar(card) {
    const connection = state.connections[card.id];
    if (!connection) return null;
    const verb = connection.state === 'not_connected' ? 'Connect' : 'Reconnect';
    return el('div', { class: `connection ${connection.state}`, dataset: { connection: card.id } },
      el('span', { class: 'connection-state', text: connectionText(connection) }),
      el('button', {
        type: 'button',
        class: connection.state === 'connected' ? 'secondary connect' : 'primary connect',
        'aria-label': `${verb} ${card.name}`,
        onclick: (event) => connect(card, event.currentTarget),
      }, document.createTextNode(verb)));
  }

  // POST /{id}/connect, then off to the provider; it sends the browser back to the page with ?connected= or ?connectError=.
  async function connect(card, button) {
    button.disabled = true;
    const result = await call('POST', `/${encodeURIComponent(card.id)}/connect`);
    const target = result.ok ? safeUrl(result.data.authorizationUrl) : null;
    if (!target) {
      button.disabled = false;
      say(result.ok ? 'The provider sent an authorization URL that is not http(s).' : `${card.name}: ${problemText(result)}`);
      button.focus();
      return;
    }
    say(`Connecting ${card.name}…`);
    window.location.assign(target);
  }

  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }

  // Back from the provider: says how it went, and takes the parameters off the address (a reload says nothing twice).
  function showConnectResult() {
    const params = new URLSearchParams(window.location.search);
    const connected = params.get('connected');
    const error = params.get('connectError');
    if (connected === null && error === null) return;
    params.delete('connected');
    params.delete('connectError');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash);
    if (error !== null) {
      say(`Not connected: ${CONNECT_ERRORS[error] || `the provider answered ${error}`}.`);
      return;
    }
    const card = [...state.personal, ...state.cards].find((c) => c.id === connected);
    say(card ? `Connected ${card.name}.` : 'Connected.');
    const bar = card && document.querySelector(`[data-connection="${CSS.escape(card.id)}"] .connect`);
    if (bar) bar.focus();
  }

  async function loadDeleted() {
    const result = await call('GET', '/deleted');
    state.deleted = result.ok ? result.data : [];
    renderDeleted();
  }

  // Who a card belongs to, as a badge and as words for its accessible name.
  function ownerText(card) {
    if (!card.ownerUserId) return { badge: 'Shared', words: 'shared by the organization' };
    if (card.ownerUserId === state.user) return { badge: 'Personal', words: 'your personal credential' };
    return { badge: `Personal · ${card.ownerUserId}`, words: `personal credential of ${card.ownerUserId}` };
  }

  function cardButton(card) {
    const used = card.usedBy === 1 ? 'Used by 1' : `Used by ${card.usedBy ?? 0}`;
    const owner = ownerText(card);
    return el('button', {
      type: 'button',
      class: 'card',
      dataset: { id: card.id, key: card.key, owner: card.ownerUserId || '' },
      'aria-label': `${card.name}, ${card.key}, ${typeLabel(card.type)}, ${CATEGORY_LABELS[card.category] || card.category}, ${owner.words}, ${used}. Edit`,
      onclick: (event) => openEdit(card.id, event.currentTarget),
    },
    el('span', { class: 'card-title', text: card.name }),
    el('code', { class: 'card-key', text: card.key }),
    el('span', { class: 'badges' },
      el('span', { class: 'badge type', text: typeLabel(card.type) }),
      el('span', { class: `badge category ${card.category}`, text: CATEGORY_LABELS[card.category] || card.category }),
      el('span', { class: `badge owner ${card.ownerUserId ? 'personal' : 'shared'}`, text: owner.badge })),
    el('span', { class: 'mask', text: card.maskedSummary }),
    el('span', { class: 'used-by', text: used }));
  }

  function addOwnCard() {
    return el('li', {}, el('button', {
      type: 'button',
      class: 'card add-own',
      id: 'add-own',
      onclick: (event) => openCustom(event.currentTarget),
    }, el('span', { class: 'card-title', text: '+ Add your own' }), el('span', { class: 'hint', text: 'Define every field yourself' })));
  }

  function renderCards() {
    const personalGrid = $('personal-grid');
    const grid = $('credential-grid');
    const item = (card) => {
      const bar = connectionBar(card);
      return el('li', bar ? { class: 'has-connection' } : {}, cardButton(card), bar);
    };
    personalGrid.replaceChildren(...state.personal.map(item));
    grid.replaceChildren(...state.cards.map(item));
    // "Add your own" sits with the credentials a new one joins by default: a user's own, or the organization's.
    (state.user ? personalGrid : grid).append(addOwnCard());
    const count = state.cards.length + state.personal.length;
    if (count === 0) {
      say(state.search || state.category ? 'No credential matches the filter.' : 'No credentials yet: pick a common credential below or add your own.');
    } else if (state.user) {
      say(`${state.personal.length} personal, ${state.cards.length} shared credential${state.cards.length === 1 ? '' : 's'}`);
    } else {
      say(`${count} credential${count === 1 ? '' : 's'}`);
    }
  }

  // Shows the page for the organization (admin) or a demo user: the personal section, the headings, the admin filter.
  function renderIdentity() {
    const user = state.user;
    $('acting-as').value = user;
    $('personal-section').hidden = !user;
    $('include-all-users-control').hidden = !!user;
    $('yours-heading').textContent = user
      ? 'Shared by the organization'
      : state.includeAllUsers ? 'All credentials (shared and personal)' : 'Organization credentials';
    $('yours-hint').textContent = user
      ? 'Everyone in the organization can use these.'
      : state.includeAllUsers
        ? "The administrator's view: shared credentials and every user's personal ones, each with its owner. Values stay masked."
        : 'Shared by everyone in the organization.';
  }

  function readDemoUser() {
    const fromUrl = new URLSearchParams(window.location.search).get('demoUser');
    if (fromUrl !== null) writeDemoUser(fromUrl);
    const cookie = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${DEMO_COOKIE}=`));
    return cookie ? decodeURIComponent(cookie.slice(DEMO_COOKIE.length + 1)) : '';
  }

  function writeDemoUser(user) {
    document.cookie = user
      ? `${DEMO_COOKIE}=${encodeURIComponent(user)}; path=/; SameSite=Strict`
      : `${DEMO_COOKIE}=; path=/; SameSite=Strict; max-age=0`;
  }

  async function actAs(user) {
    writeDemoUser(user);
    state.user = user;
    renderIdentity();
    await Promise.all([loadCards(), loadDeleted()]);
    renderTemplates();
    say(`Viewing as ${user ? `${user} (demo user)` : 'the organization (admin)'}. ${$('status').textContent}`);
  }

  function matchingTemplates(text, category) {
    const needle = text.trim().toLowerCase();
    return state.templates.filter((t) =>
      (!category || t.category === category) &&
      (!needle || [t.id, t.service, t.name, t.key, t.description].some((v) => v.toLowerCase().includes(needle))));
  }

  function renderTemplates() {
    const grid = $('template-grid');
    grid.replaceChildren();
    const used = new Set([...state.cards, ...state.personal].map((c) => c.key));
    for (const template of matchingTemplates(state.search, state.category)) {
      grid.append(el('li', {}, el('button', {
        type: 'button',
        class: 'card template',
        dataset: { template: template.id },
        'aria-label': `${template.service}: ${template.name} (${template.key})${used.has(template.key) ? ', already added' : ''}. Add`,
        onclick: (event) => openTemplate(template, event.currentTarget),
      },
      el('span', { class: 'card-title', text: template.service }),
      el('code', { class: 'card-key', text: template.key }),
      el('span', { class: 'hint', text: template.description }),
      used.has(template.key) ? el('span', { class: 'badge added', text: 'Added' }) : null)));
    }
  }

  function renderDeleted() {
    const list = $('deleted-list');
    list.replaceChildren();
    if (state.deleted.length === 0) {
      list.append(el('li', { class: 'hint', text: 'Nothing was deleted recently.' }));
      return;
    }
    for (const entry of state.deleted) {
      const card = entry.credential;
      const purge = new Date(entry.scheduledPurgeAt).toLocaleDateString();
      list.append(el('li', { dataset: { id: card.id } },
        el('span', { class: 'deleted-name', text: `${card.name} (${card.key})${card.ownerUserId ? `, ${ownerText(card).words}` : ''}` }),
        el('span', { class: 'hint', text: `kept until ${purge}` }),
        el('button', {
          type: 'button',
          class: 'secondary recover',
          'aria-label': `Recover ${card.name}`,
          onclick: () => recover(card),
        }, document.createTextNode('Recover'))));
    }
  }

  async function recover(card) {
    const result = await call('POST', `/deleted/${encodeURIComponent(card.id)}/recover`);
    if (!result.ok) {
      say(problemText(result));
      return;
    }
    await Promise.all([loadCards(), loadDeleted()]);
    renderTemplates();
    say(`Recovered ${card.name}.`);
    (cardFor(card.id) || $('main')).focus();
  }

  // ---- Dialog: open, close, focus ----------------------------------------------------------------------------------

  const dialog = () => $('credential-dialog');

  function focusables(container) {
    return [...container.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((node) => !node.disabled && !node.closest('[hidden]') && node.getClientRects().length > 0);
  }

  // Keeps Tab and Shift+Tab inside an open modal dialog.
  function trapFocus(event) {
    if (event.key !== 'Tab') return;
    const nodes = focusables(event.currentTarget);
    if (nodes.length === 0) return;
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function openDialog(node, opener, focusTarget) {
    state.opener = opener || document.activeElement;
    if (!node.open) node.showModal();
    (focusTarget || focusables(node)[0])?.focus();
  }

  function closeDialog(node) {
    if (node.open) node.close();
  }

  function returnFocus() {
    const opener = state.opener;
    state.opener = null;
    if (opener && document.contains(opener)) {
      opener.focus();
      return;
    }
    // The opener was re-rendered: focus the card of the same credential, or the page.
    const id = opener?.dataset?.id;
    const again = id && cardFor(id);
    (again || $('add-credential')).focus();
  }

  function cardFor(id) {
    return document.querySelector(`#personal-grid [data-id="${CSS.escape(id)}"], #credential-grid [data-id="${CSS.escape(id)}"]`);
  }

  function showPicker() {
    state.mode = null;
    $('dialog-title').textContent = 'Add a Credential';
    $('picker').hidden = false;
    $('editor').hidden = true;
    $('template-search').value = '';
    renderTemplateList();
  }

  function renderTemplateList() {
    const list = $('template-list');
    list.replaceChildren();
    for (const template of matchingTemplates($('template-search').value, '')) {
      list.append(el('li', {}, el('button', {
        type: 'button',
        class: 'template-option',
        dataset: { template: template.id },
        onclick: () => showEditorForTemplate(template),
      },
      el('strong', { text: template.service }),
      document.createTextNode(' '),
      el('span', { text: template.name }),
      document.createTextNode(' '),
      el('code', { text: template.key }))));
    }
    if (!list.firstChild) list.append(el('li', { class: 'hint', text: 'No template matches; add your own instead.' }));
  }

  function openAdd(opener) {
    showPicker();
    openDialog(dialog(), opener, $('template-search'));
  }

  function openTemplate(template, opener) {
    showEditorForTemplate(template);
    openDialog(dialog(), opener, firstEditorField());
  }

  function openCustom(opener) {
    showEditorForCustom();
    openDialog(dialog(), opener, $('f-name'));
  }

  function firstEditorField() {
    return $('fields').querySelector('input, select, textarea') || $('f-name');
  }

  // ---- Dialog: the form --------------------------------------------------------------------------------------------

  function resetEditor() {
    $('picker').hidden = true;
    $('editor').hidden = false;
    $('warnings').hidden = true;
    $('warnings').replaceChildren();
    clearErrors();
    $('consumers').hidden = true;
    $('delete').hidden = true;
    $('f-type').disabled = false;
    $('f-key').readOnly = false;
    $('f-category').disabled = false;
    $('f-key-hint').textContent = 'The lookup identifier consumers use, such as OPENAI_API_KEY.';
    $('template-note').textContent = '';
    $('destination-note').hidden = true;
    $('ownership').hidden = true;
    $('owner-note').hidden = true;
  }

  // Create: a user chooses between their own and a shared credential (their own by default, so nothing is shared by
  // accident); the organization's administrator creates shared ones.
  function showOwnership() {
    $('ownership').hidden = !state.user;
    $('own-user').checked = true;
    showOwnerNote(null);
    $('owner-note').hidden = !!state.user;
  }

  // Edit (and the administrator's create): whose credential this is; an update never changes it.
  function showOwnerNote(ownerUserId) {
    $('owner-note').textContent = !ownerUserId
      ? 'Shared by the organization: everyone in it can use it.'
      : ownerUserId === state.user ? 'Your personal credential: only you can see and use it.' : `Personal credential of ${ownerUserId}.`;
    $('owner-note').hidden = false;
  }

  function fillSelect(select, values, labels, selected) {
    select.replaceChildren(...values.map((value) => el('option', { value, text: labels(value), selected: value === selected })));
  }

  function showEditorForTemplate(template) {
    resetEditor();
    state.mode = { kind: 'create', template };
    $('dialog-title').textContent = `Add ${template.service}`;
    $('template-note').textContent = template.description;
    $('f-name').value = template.name;
    $('f-key').value = template.key;
    fillSelect($('f-category'), Object.keys(CATEGORY_LABELS), (c) => CATEGORY_LABELS[c], template.category);
    fillSelect($('f-type'), [template.type], typeLabel, template.type);
    // The template decides the key, category and type (tools look the key up); the name is yours to change.
    $('f-type').disabled = true;
    $('f-category').disabled = true;
    $('f-key').readOnly = true;
    $('f-key-hint').textContent = "Set by the template, so tools find it. For another key, add your own credential instead.";
    showOwnership();
    renderFields(template.type, null, template.prefill);
    $('save').textContent = 'Create Credential';
    firstEditorField().focus();
  }

  function showEditorForCustom() {
    resetEditor();
    state.mode = { kind: 'create', template: null };
    $('dialog-title').textContent = 'Add your own credential';
    $('f-name').value = '';
    $('f-key').value = '';
    fillSelect($('f-category'), Object.keys(CATEGORY_LABELS), (c) => CATEGORY_LABELS[c], 'custom');
    fillSelect($('f-type'), state.schemas.map((s) => s.type), typeLabel, 'api_token');
    showOwnership();
    renderFields('api_token', null, {});
    $('save').textContent = 'Create Credential';
    $('f-name').focus();
  }

  async function openEdit(id, opener) {
    const result = await call('GET', `/${encodeURIComponent(id)}/edit`);
    if (!result.ok) {
      say(problemText(result));
      return;
    }
    const form = result.data;
    resetEditor();
    state.mode = { kind: 'edit', id: form.id, version: form.version, form };
    $('dialog-title').textContent = `Edit ${form.name}`;
    $('f-name').value = form.name;
    $('f-key').value = form.key;
    fillSelect($('f-category'), Object.keys(CATEGORY_LABELS), (c) => CATEGORY_LABELS[c], form.category);
    fillSelect($('f-type'), [form.type], typeLabel, form.type);
    $('f-type').disabled = true;
    renderFields(form.type, form, {});
    showOwnerNote(form.ownerUserId);
    $('save').textContent = 'Update';
    $('delete').hidden = false;
    $('consumers').hidden = false;
    await loadConsumers();
    openDialog(dialog(), opener, $('f-name'));
  }

  function renderFields(type, editForm, prefill) {
    const schema = state.schemas.find((s) => s.type === type);
    const container = $('fields');
    container.replaceChildren();
    $('type-legend').textContent = schema ? `${schema.label} values` : 'Values';
    if (!schema) return;
    for (const field of schema.fields) {
      const stored = editForm?.fields.find((f) => f.name === field.name);
      const id = `v-${field.name}`;
      const hintId = `${id}-hint`;
      let input;
      if (field.inputKind === 'select') {
        input = el('select', { id, name: field.name });
        for (const option of field.options) input.append(el('option', { value: option, text: option }));
      } else if (field.inputKind === 'multiline' || field.inputKind === 'json') {
        input = el('textarea', { id, name: field.name, rows: field.inputKind === 'json' ? 5 : 4, spellcheck: 'false' });
      } else {
        input = el('input', {
          id,
          name: field.name,
          type: field.inputKind === 'password' ? 'password' : field.inputKind === 'number' ? 'number' : 'text',
          autocomplete: field.secret ? 'new-password' : 'off',
          spellcheck: 'false',
        });
      }
      input.dataset.secret = String(field.secret);
      if (field.isDestination) input.dataset.destination = 'true';
      if (field.secret && stored?.hasStoredValue) input.dataset.stored = 'true';
      // Secret inputs are never pre-filled, not even on edit: the API never sends a secret back.
      if (!field.secret) {
        const value = stored ? stored.value : (prefill?.[field.name] ?? field.default);
        if (value !== null && value !== undefined) input.value = value;
      }
      const required = field.required && !(field.secret && stored?.hasStoredValue);
      if (required) input.setAttribute('aria-required', 'true');
      let hint = null;
      if (field.secret && stored?.hasStoredValue) {
        hint = el('p', { class: 'hint stored', id: hintId, text: KEEP_HINT });
      } else if (field.inputKind === 'json') {
        hint = el('p', { class: 'hint', id: hintId, text: 'A JSON object, for example {"endpoint": "https://…", "token": "…"}' });
      }
      if (hint) input.setAttribute('aria-describedby', hintId);
      container.append(el('div', { class: 'field' },
        el('label', { for: id, text: field.label + (required ? ' *' : '') }),
        input,
        hint,
        el('p', { class: 'field-error', id: `${id}-error`, hidden: true })));
      if (editForm && field.isDestination) {
        const storedValue = stored?.value ?? '';
        input.dataset.storedValue = storedValue;
        input.addEventListener('input', updateDestinationNote);
        input.addEventListener('change', updateDestinationNote);
      }
    }
  }

  const KEEP_HINT = 'Value stored. Leave blank to keep it; type a new value to replace it.';
  const REENTER_HINT = 'Enter it again: the destination changed, and a stored secret is never sent to a new destination.';

  // Edit: a changed destination field (an SMTP host, an OAuth endpoint) means every stored secret must be entered
  // again; the page says so before saving, and the API's 422 says it again next to each secret left blank.
  function updateDestinationNote() {
    const inputs = [...$('fields').querySelectorAll('[data-destination="true"]')];
    const changed = inputs.filter((input) => input.value !== input.dataset.storedValue);
    const note = $('destination-note');
    const stored = [...$('fields').querySelectorAll('[data-stored="true"]')];
    for (const input of stored) {
      const hint = document.getElementById(`${input.id}-hint`);
      if (hint) {
        hint.textContent = changed.length > 0 ? REENTER_HINT : KEEP_HINT;
        hint.classList.toggle('reenter', changed.length > 0);
      }
      if (changed.length > 0) input.setAttribute('aria-required', 'true');
      else input.removeAttribute('aria-required');
    }
    if (changed.length === 0 || stored.length === 0) {
      note.hidden = true;
      note.textContent = '';
      return;
    }
    const label = (input) => document.querySelector(`label[for="${CSS.escape(input.id)}"]`).textContent.replace(/ \*$/, '');
    note.textContent = `You changed where this credential's secrets are sent (${changed.map(label).join(', ')}). ` +
      `Enter the stored ${stored.length === 1 ? 'secret' : 'secrets'} again (${stored.map(label).join(', ')}): ` +
      'a stored secret is never sent to a new destination.';
    note.hidden = false;
  }

  function collectFields() {
    const fields = {};
    for (const input of $('fields').querySelectorAll('input, select, textarea')) {
      fields[input.name] = input.value;
    }
    return fields;
  }

  function clearErrors() {
    $('form-error').hidden = true;
    $('form-error').replaceChildren();
    for (const node of document.querySelectorAll('#credential-dialog .field-error')) {
      node.hidden = true;
      node.textContent = '';
    }
    for (const node of document.querySelectorAll('#credential-dialog [aria-invalid]')) node.removeAttribute('aria-invalid');
  }

  const COMMON_INPUTS = { name: 'f-name', key: 'f-key', category: 'f-category', type: 'f-type', ownership: 'own-user' };

  function showErrors(result) {
    const problem = result.data || {};
    const errors = problem.errors || {};
    const unplaced = [];
    let first = null;
    for (const [field, messages] of Object.entries(errors)) {
      const input = $(COMMON_INPUTS[field] || `v-${field}`);
      const text = messages.join(' ');
      if (!input) {
        unplaced.push(`${field}: ${text}`);
        continue;
      }
      input.setAttribute('aria-invalid', 'true');
      let slot = document.getElementById(`${input.id}-error`);
      if (!slot) {
        slot = el('p', { class: 'field-error', id: `${input.id}-error` });
        input.after(slot);
      }
      slot.textContent = text;
      slot.hidden = false;
      input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), slot.id].filter(Boolean).join(' '));
      first = first || input;
    }
    const box = $('form-error');
    const summary = problem.status === 412
      ? 'This credential was changed by someone else since you opened it. Your changes were not saved.'
      : problemText(result);
    box.replaceChildren(el('p', { text: summary }));
    for (const line of unplaced) box.append(el('p', { text: line }));
    if (problem.status === 412) {
      box.append(el('button', {
        type: 'button',
        class: 'secondary',
        id: 'reload-latest',
        onclick: () => reopenEdit(),
      }, document.createTextNode('Reload the latest version')));
    }
    box.hidden = false;
    (first || box.querySelector('button') || box).focus?.();
  }

  async function reopenEdit() {
    const opener = state.opener;
    const id = state.mode?.id;
    closeDialog(dialog());
    if (id) await openEdit(id, opener);
  }

  function showWarnings(card) {
    const box = $('warnings');
    box.replaceChildren();
    if (!card.warnings || card.warnings.length === 0) {
      box.hidden = true;
      return false;
    }
    box.append(el('p', { text: 'Saved, with warnings:' }));
    const list = el('ul');
    for (const warning of card.warnings) list.append(el('li', { text: `${warning.field}: ${warning.message}` }));
    box.append(list);
    box.hidden = false;
    return true;
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const mode = state.mode;
    if (!mode) return;
    const fields = collectFields();
    let result;
    if (mode.kind === 'create') {
      const ownership = state.user && $('own-user').checked ? 'user' : 'organization';
      // From a template: its key, category and type come from the template; only the name and the values are posted.
      const body = mode.template
        ? { templateId: mode.template.id, name: $('f-name').value, ownership, fields }
        : { name: $('f-name').value, key: $('f-key').value, category: $('f-category').value, type: $('f-type').value, ownership, fields };
      result = await call('POST', '/', body);
    } else {
      const body = { name: $('f-name').value, key: $('f-key').value, category: $('f-category').value, fields };
      result = await call('PUT', `/${encodeURIComponent(mode.id)}`, body, { 'If-Match': `"${mode.version}"` });
    }
    if (!result.ok) {
      showErrors(result);
      return;
    }
    const card = result.data;
    await loadCards();
    renderTemplates();
    if (showWarnings(card)) {
      // Keep the dialog open so the warnings can be read; the next Save is an update of what was stored.
      state.mode = { kind: 'edit', id: card.id, version: card.version };
      $('ownership').hidden = true;
      showOwnerNote(card.ownerUserId);
      $('save').textContent = 'Update';
      $('dialog-title').textContent = `Edit ${card.name}`;
      $('delete').hidden = false;
      for (const input of $('fields').querySelectorAll('[data-secret="true"]')) input.value = '';
      $('warnings').setAttribute('tabindex', '-1');
      $('warnings').focus();
      return;
    }
    closeDialog(dialog());
    say(mode.kind === 'create' ? `Created ${card.name}.` : `Updated ${card.name}.`);
  }

  // ---- Consumers ---------------------------------------------------------------------------------------------------

  async function loadConsumers() {
    const id = state.mode?.id;
    const list = $('consumer-list');
    list.replaceChildren();
    if (!id) return;
    const result = await call('GET', `/${encodeURIComponent(id)}/consumers`);
    renderConsumers(result.ok ? result.data : []);
  }

  function renderConsumers(consumers) {
    const list = $('consumer-list');
    list.replaceChildren();
    if (consumers.length === 0) list.append(el('li', { class: 'hint', text: 'Not assigned to anything yet.' }));
    for (const consumer of consumers) {
      const label = `${consumer.kindLabel}: ${consumer.displayName || consumer.id}`;
      list.append(el('li', {},
        el('span', { text: label }),
        el('button', {
          type: 'button',
          class: 'link',
          'aria-label': `Unassign ${label}`,
          onclick: () => unassign(consumer),
        }, document.createTextNode('Unassign'))));
    }
  }

  async function assign() {
    const id = state.mode?.id;
    if (!id) return;
    const body = { kind: $('c-kind').value, id: $('c-id').value.trim(), displayName: $('c-name').value.trim() || null };
    const result = await call('POST', `/${encodeURIComponent(id)}/consumers`, body);
    if (!result.ok) {
      showErrors(result);
      return;
    }
    clearErrors();
    renderConsumers(result.data);
    $('c-id').value = '';
    $('c-name').value = '';
    $('c-id').focus();
    await loadCards();
  }

  async function unassign(consumer) {
    const id = state.mode?.id;
    const params = new URLSearchParams({ kind: consumer.kind, consumerId: consumer.id });
    const result = await call('DELETE', `/${encodeURIComponent(id)}/consumers?${params}`);
    if (result.ok) renderConsumers(result.data);
    else showErrors(result);
    $('c-id').focus();
    await loadCards();
  }

  // ---- Delete ------------------------------------------------------------------------------------------------------

  async function askDelete() {
    const id = state.mode?.id;
    if (!id) return;
    const result = await call('GET', `/${encodeURIComponent(id)}/impact`);
    if (!result.ok) {
      showErrors(result);
      return;
    }
    const impact = result.data;
    $('delete-title').textContent = `Delete ${impact.credential.name}?`;
    $('delete-impact').textContent = impact.summary;
    const list = $('delete-consumers');
    list.replaceChildren(...impact.consumers.map((c) => el('li', { text: `${c.kindLabel}: ${c.displayName || c.id} (${c.effect})` })));
    $('delete-error').hidden = true;
    const confirm = $('delete-dialog');
    confirm.dataset.id = id;
    confirm.showModal();
    $('confirm-delete').focus();
  }

  async function confirmDelete() {
    const confirm = $('delete-dialog');
    const id = confirm.dataset.id;
    const result = await call('DELETE', `/${encodeURIComponent(id)}`);
    if (!result.ok) {
      $('delete-error').textContent = problemText(result);
      $('delete-error').hidden = false;
      return;
    }
    confirm.close();
    state.opener = null;
    closeDialog(dialog());
    await Promise.all([loadCards(), loadDeleted()]);
    renderTemplates();
    say(`Deleted ${result.data.credential.name}: ${result.data.summary}.`);
    $('add-credential').focus();
  }

  // ---- Wiring ------------------------------------------------------------------------------------------------------

  function debounce(fn, ms) {
    let timer = 0;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  async function init() {
    fillSelect($('category-filter'), ['', ...Object.keys(CATEGORY_LABELS)], (c) => (c ? CATEGORY_LABELS[c] : 'All categories'), '');
    state.user = readDemoUser();
    if (state.user && ![...$('acting-as').options].some((o) => o.value === state.user)) {
      $('acting-as').append(el('option', { value: state.user, text: `${state.user} (demo user)` }));
    }
    renderIdentity();
    const [schemas, templates] = await Promise.all([call('GET', '/schemas'), call('GET', '/templates')]);
    state.schemas = schemas.ok ? schemas.data : [];
    state.templates = templates.ok ? templates.data : [];
    await Promise.all([loadCards(), loadDeleted()]);
    renderTemplates();
    showConnectResult();

    $('add-credential').addEventListener('click', (event) => openAdd(event.currentTarget));
    const refilter = debounce(async () => {
      await loadCards();
      renderTemplates();
    }, 150);
    $('search').addEventListener('input', (event) => {
      state.search = event.target.value.trim();
      refilter();
    });
    $('category-filter').addEventListener('change', (event) => {
      state.category = event.target.value;
      refilter();
    });
    $('include-all-users').addEventListener('change', (event) => {
      state.includeAllUsers = event.target.checked;
      renderIdentity();
      refilter();
    });
    $('acting-as').addEventListener('change', (event) => {
      actAs(event.target.value).catch((error) => {
        say('The page could not load the credentials.');
        throw error;
      });
    });

    $('template-search').addEventListener('input', renderTemplateList);
    $('pick-custom').addEventListener('click', () => {
      showEditorForCustom();
    });
    $('f-type').addEventListener('change', (event) => {
      if (state.mode?.kind === 'create' && !state.mode.template) renderFields(event.target.value, null, {});
    });
    $('credential-form').addEventListener('submit', save);
    $('delete').addEventListener('click', askDelete);
    $('assign').addEventListener('click', assign);
    $('confirm-delete').addEventListener('click', confirmDelete);

    for (const node of [dialog(), $('delete-dialog')]) {
      node.addEventListener('keydown', trapFocus);
      for (const button of node.querySelectorAll('[data-close]')) button.addEventListener('click', () => node.close());
    }
    dialog().addEventListener('close', () => {
      state.mode = null;
      returnFocus();
    });
    $('delete-dialog').addEventListener('close', () => {
      if (dialog().open) $('delete').focus();
    });
    document.body.dataset.ready = 'true';
  }

  init().catch((error) => {
    say('The page could not load the credentials.');
    throw error;
  });
})();
