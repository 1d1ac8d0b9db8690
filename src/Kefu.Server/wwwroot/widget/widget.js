/* Kefu chat widget: <script src="https://kefu.example/widget.js" data-key="WIDGET_KEY" data-lang="zh-CN" async></script>
   Optional: data-user-token="..." (a user token the host platform signed, see docs/channels.md).
   No framework; everything lives in a Shadow DOM; customer and agent text is only ever set with textContent. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-key][src*='widget.js']");
  if (!script || window.__kefuWidget) { return; }
  window.__kefuWidget = true;
  var base = new URL(script.src, location.href).origin;
  var widgetKey = script.getAttribute("data-key");
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "zh-CN";
  var userToken = script.getAttribute("data-user-token");
  var store = window.localStorage;
  var storeKey = "kefu:" + widgetKey;
  var text = {}, session = null, hub = null, ticket = null, lastSeen = null;
  var shown = {}, pending = loadPending(), categories = [];

  function t(key, values) {
    var s = text[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (k.indexOf("on") === 0) { node.addEventListener(k.slice(2), attrs[k]); } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString(lang, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" }) : ""; }
  function id() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function loadPending() { try { return JSON.parse(store.getItem(storeKey + ":pending") || "[]"); } catch (e) { return []; } }
  function savePending() { store.setItem(storeKey + ":pending", JSON.stringify(pending)); }

  async function api(method, path, body, isForm) {
    for (var attempt = 0; attempt < 2; attempt++) {
      var headers = { Authorization: "Bearer " + session.token };
      if (body && !isForm) { headers["Content-Type"] = "application/json"; }
      var response = await fetch(base + path, { method: method, headers: headers, body: isForm ? body : body && JSON.stringify(body) });
      if (response.status === 401 && attempt === 0) { await openSession(); continue; }
      if (!response.ok) {
        var problem = await response.json().catch(function () { return {}; });
        throw new Error(problem.detail || problem.title || response.status);
      }
      return response.status === 204 ? null : response.json();
    }
  }

  async function openSession() {
    var body = userToken ? { widgetKey: widgetKey, userToken: userToken } : { widgetKey: widgetKey, visitorId: store.getItem(storeKey + ":visitor") };
    var response = await fetch(base + "/api/v1/widget/sessions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (response.status === 400 && body.visitorId) { store.removeItem(storeKey + ":visitor"); return openSession(); }
    if (!response.ok) { throw new Error((await response.json().catch(function () { return {}; })).detail || response.status); }
    session = await response.json();
    if (session.visitorId) { store.setItem(storeKey + ":visitor", session.visitorId); }
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.signalR) { resolve(); return; }
      var s = document.createElement("script");
      s.src = src; s.async = true; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  var host = el("div", { "data-kefu-widget": "" });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("style", { text: [
    ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px}",
    ".btn{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;background:#1677ff;color:#fff;cursor:pointer;box-shadow:0 4px 12px rgba(0,0,0,.2)}",
    ".panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:360px;max-width:calc(100vw - 24px);height:540px;max-height:calc(100vh - 100px);display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.25);overflow:hidden;color:#1f1f1f}",
    ".panel.open{display:flex}.head{background:#1677ff;color:#fff;padding:10px 14px}.head b{display:block;font-size:15px}.head small{opacity:.9;display:block;margin-top:2px}",
    ".notice{padding:8px 14px;background:#fffbe6;border-bottom:1px solid #ffe58f;font-size:13px}.notice.ok{background:#f6ffed;border-color:#b7eb8f}",
    ".body{flex:1;overflow:auto;padding:10px 14px;background:#f5f6f8}.msg{margin:8px 0;display:flex;flex-direction:column;align-items:flex-start}.msg.mine{align-items:flex-end}",
    ".bubble{max-width:82%;padding:8px 10px;border-radius:10px;background:#fff;white-space:pre-wrap;word-break:break-word}.mine .bubble{background:#d6e8ff}.meta{font-size:11px;color:#888;margin-top:2px}",
    ".bubble img{max-width:100%;display:block;margin-top:6px;border-radius:6px}.typing{font-size:12px;color:#888;padding:0 14px 4px;min-height:16px;background:#f5f6f8}",
    ".foot{display:flex;gap:6px;padding:8px;border-top:1px solid #eee}.foot textarea{flex:1;resize:none;height:40px;border:1px solid #ddd;border-radius:6px;padding:6px}",
    ".foot button,.form button{border:0;border-radius:6px;padding:0 12px;background:#1677ff;color:#fff;cursor:pointer}.foot .ghost,.form .ghost{background:#eee;color:#333}",
    ".form{padding:12px 14px;overflow:auto;flex:1}.form label{display:block;margin:8px 0 2px;color:#555}.form input,.form select,.form textarea{width:100%;border:1px solid #ddd;border-radius:6px;padding:6px}",
    ".form .row{display:flex;gap:8px;margin-top:12px}.form .row button{flex:1;height:36px}.hidden{display:none}"
  ].join("") }));

  var button = el("button", { "class": "btn", "data-testid": "kefu-open", type: "button", onclick: toggle });
  var title = el("b", { "data-testid": "kefu-title" });
  var ticketLine = el("small", { "data-testid": "kefu-ticket-number" });
  var stateLine = el("small", { "data-testid": "kefu-ticket-state" });
  var queueLine = el("small", { "data-testid": "kefu-queue" });
  var agentLine = el("small", { "data-testid": "kefu-agent" });
  var promiseLine = el("small", { "data-testid": "kefu-promised" });
  var notice = el("div", { "class": "notice hidden", "data-testid": "kefu-availability" });
  var form = el("div", { "class": "form hidden", "data-testid": "kefu-prechat" });
  var messages = el("div", { "class": "body hidden", "data-testid": "kefu-messages" });
  var typing = el("div", { "class": "typing hidden", "data-testid": "kefu-typing" });
  var input = el("textarea", { "data-testid": "kefu-input" });
  var file = el("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", "class": "hidden", "data-testid": "kefu-file" });
  var attach = el("button", { "class": "ghost", type: "button", "data-testid": "kefu-attach", text: "🖼", onclick: function () { file.click(); } });
  var send = el("button", { type: "button", "data-testid": "kefu-send", onclick: sendTyped });
  var foot = el("div", { "class": "foot hidden" }, [file, attach, input, send]);
  var panel = el("div", { "class": "panel", "data-testid": "kefu-panel" }, [
    el("div", { "class": "head" }, [title, ticketLine, stateLine, queueLine, agentLine, promiseLine]), notice, form, messages, typing, foot]);
  root.appendChild(button);
  root.appendChild(panel);

  var started = false;
  function toggle() {
    panel.classList.toggle("open");
    if (!started && panel.classList.contains("open")) { started = true; start().catch(showError); }
  }
  function showError(e) { notice.className = "notice"; notice.textContent = t("error", { message: e.message || e }); }

  async function start() {
    await openSession();
    var availability = await api("GET", "/api/v1/widget/availability");
    notice.className = availability.online ? "notice ok" : "notice";
    notice.textContent = availability.online ? t("online")
      : t("offline") + (availability.firstResponseBy ? "。" + t("offlineBy", { time: when(availability.firstResponseBy) }) : "")
        + (availability.nextOpening ? "。" + t("nextOpening", { time: when(availability.nextOpening) }) : "");
    var mine = await api("GET", "/api/v1/widget/tickets");
    var open = mine.filter(function (x) { return x.status !== "solved" && x.status !== "closed"; })[0];
    if (open) { await enterTicket(open.number); } else { await showForm(); }
  }

  async function showForm() {
    categories = await api("GET", "/api/v1/widget/categories");
    form.textContent = "";
    var select = el("select", { "data-testid": "kefu-category" }, [el("option", { value: "", text: t("chooseCategory") })]);
    categories.forEach(function (c) { select.appendChild(el("option", { value: c.code, text: lang === "en" ? c.nameEn : c.nameZh })); });
    var fields = {
      orderNumber: el("input", { "data-testid": "kefu-field-orderNumber", maxlength: "64" }),
      occurredAt: el("input", { type: "datetime-local", "data-testid": "kefu-field-occurredAt" }),
      desiredOutcome: el("input", { "data-testid": "kefu-field-desiredOutcome", maxlength: "500" }),
      evidence: el("input", { type: "file", multiple: "", accept: "image/png,image/jpeg,image/gif,image/webp", "data-testid": "kefu-field-evidence" })
    };
    var rows = {};
    Object.keys(fields).forEach(function (name) { rows[name] = el("div", { "class": "hidden" }, [el("label", { text: t(name) }), fields[name]]); });
    var description = el("textarea", { rows: "4", "data-testid": "kefu-description", maxlength: "10000" });
    function shape() {
      var chosen = categories.filter(function (c) { return c.code === select.value; })[0];
      Object.keys(rows).forEach(function (name) {
        var field = chosen && chosen.fields.filter(function (f) { return f.name === name; })[0];
        rows[name].className = field && field.asked ? "" : "hidden";
      });
    }
    select.addEventListener("change", shape);
    async function submit(skipForm) {
      var words = (skipForm ? input.value : description.value).trim();
      if (!words) { return; }
      var body = { description: words, clientMessageId: id(), locale: lang };
      if (!skipForm) {
        body.category = select.value || null;
        body.orderNumber = fields.orderNumber.value.trim() || null;
        body.occurredAt = fields.occurredAt.value || null;
        body.desiredOutcome = fields.desiredOutcome.value.trim() || null;
      }
      var created = await api("POST", "/api/v1/widget/tickets", body);
      input.value = "";
      await enterTicket(created.number);
      if (!skipForm && fields.evidence.files.length) { await sendImages(fields.evidence.files); }
    }
    form.appendChild(el("div", {}, [el("label", { text: t("category") }), select]));
    Object.keys(rows).forEach(function (name) { form.appendChild(rows[name]); });
    form.appendChild(el("label", { text: t("description") }));
    form.appendChild(description);
    form.appendChild(el("div", { "class": "row" }, [
      el("button", { type: "button", "class": "ghost", "data-testid": "kefu-skip", text: t("skip"), onclick: function () { form.className = "form hidden"; foot.className = "foot"; messages.className = "body"; skipMode = true; } }),
      el("button", { type: "button", "data-testid": "kefu-start", text: t("start"), onclick: function () { submit(false).catch(showError); } })
    ]));
    form.className = "form";
    skipSubmit = function () { return submit(true); };
  }
  var skipMode = false, skipSubmit = null;

  async function enterTicket(number) {
    ticket = number;
    form.className = "form hidden";
    messages.className = "body";
    foot.className = "foot";
    ticketLine.textContent = t("ticket", { number: number });
    await connect();
    renderState(await hub.invoke("TicketState", number));
    await catchUp();
    flush();
  }

  async function connect() {
    if (hub) { return; }
    await loadScript(base + "/widget/lib/signalr.min.js");
    hub = new signalR.HubConnectionBuilder()
      .withUrl(base + "/hubs/chat", { accessTokenFactory: async function () { return session.token; } })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return Math.min(30000, 1000 * Math.pow(2, Math.min(ctx.previousRetryCount, 5))); } })
      .build();
    hub.on("Message", function (e) { if (e.ticketNumber === ticket) { show(e.message, e.clientMessageId); markRead(e.message); } });
    hub.on("TicketState", function (s) { if (s.ticketNumber === ticket) { renderState(s); } });
    hub.on("Typing", function (e) {
      if (e.ticketNumber !== ticket || e.who !== "agent") { return; }
      typing.className = "typing"; typing.textContent = t("typing");
      clearTimeout(typingTimer); typingTimer = setTimeout(function () { typing.className = "typing hidden"; }, 4000);
    });
    hub.on("Read", function (e) { if (e.ticketNumber === ticket && e.reader === "agent") { markAgentRead(e.messageId); } });
    hub.onreconnecting(function () { notice.className = "notice"; notice.textContent = t("reconnecting"); });
    hub.onreconnected(function () { notice.className = "notice hidden"; catchUp().then(flush).catch(showError); });
    hub.onclose(function () { hub = null; setTimeout(function () { openSession().then(connect).then(catchUp).then(flush).catch(showError); }, 3000); });
    await hub.start();
  }
  var typingTimer = null;

  /* After a reconnect (or on entry) ask for everything after the last message seen; ids already shown are skipped. */
  async function catchUp() {
    for (;;) {
      var page = await hub.invoke("MessagesAfter", ticket, lastSeen, 100);
      page.forEach(function (m) { show(m, null); });
      if (page.length < 100) { break; }
    }
    var last = messages.lastElementChild;
    if (last && last.kefuMessage) { markRead(last.kefuMessage); }
  }

  function show(m, clientMessageId) {
    if (clientMessageId) { var local = messages.querySelector("[data-client-id='" + clientMessageId + "']"); if (local) { local.remove(); } }
    lastSeen = m.id;
    if (shown[m.id]) { return; }
    shown[m.id] = true;
    var mine = m.author.kind === "customer";
    var who = mine ? t("you") : m.author.kind === "bot" ? t("botLabel") : (m.author.displayName || t("agentLabel")) + (m.author.agentNumber ? " · " + m.author.agentNumber : "");
    var bubble = el("div", { "class": "bubble", "data-testid": "kefu-message-body", text: m.body });
    (m.attachments || []).forEach(function (a) {
      if (a.contentType.indexOf("image/") !== 0) { return; }
      var img = el("img", { alt: a.fileName, "data-testid": "kefu-message-image" });
      fetch(base + a.url, { headers: { Authorization: "Bearer " + session.token } }).then(function (r) { return r.blob(); })
        .then(function (b) { img.src = URL.createObjectURL(b); });
      bubble.appendChild(img);
    });
    var meta = el("div", { "class": "meta", "data-testid": "kefu-message-meta", text: who + " · " + when(m.createdAt) });
    var row = el("div", { "class": "msg" + (mine ? " mine" : ""), "data-testid": "kefu-message", "data-message-id": m.id }, [bubble, meta]);
    row.kefuMessage = m;
    messages.appendChild(row);
    messages.scrollTop = messages.scrollHeight;
    if (m.author.kind === "bot") { botControls().catch(function () { }); }
  }

  // The FAQ bot's answer can be voted on, and a person asked for, until the bot hands over or the answer helped.
  async function botControls() {
    var old = messages.querySelector("[data-testid='kefu-bot-controls']");
    if (old) { old.remove(); }
    var state = await api("GET", "/api/v1/widget/tickets/" + ticket + "/bot");
    if (state.state !== "answering") { return; }
    var act = function (path, body) { return function () { box.remove(); api("POST", "/api/v1/widget/tickets/" + ticket + "/bot/" + path, body).catch(showError); }; };
    var box = el("div", { "class": "bot-controls", "data-testid": "kefu-bot-controls" }, [
      state.openAnswerMessageId ? el("button", { type: "button", "class": "ghost", "data-testid": "kefu-bot-helped", text: t("botHelped"), onclick: act("feedback", { messageId: state.openAnswerMessageId, helped: true }) }) : null,
      state.openAnswerMessageId ? el("button", { type: "button", "class": "ghost", "data-testid": "kefu-bot-not-helped", text: t("botNotHelped"), onclick: act("feedback", { messageId: state.openAnswerMessageId, helped: false }) }) : null,
      el("button", { type: "button", "class": "ghost", "data-testid": "kefu-bot-human", text: t("botHuman"), onclick: act("handoff", null) })
    ]);
    messages.appendChild(box);
    messages.scrollTop = messages.scrollHeight;
  }

  function markRead(m) {
    if (!hub || m.author.kind === "customer" || document.hidden || !panel.classList.contains("open")) { return; }
    hub.invoke("MarkRead", ticket, m.id).catch(function () { });
  }
  function markAgentRead(messageId) {
    var old = messages.querySelector("[data-testid='kefu-read']");
    if (old) { old.remove(); }
    var mine = messages.querySelectorAll(".msg.mine[data-message-id]");
    var row = messages.querySelector("[data-message-id='" + messageId + "']");
    row = row && row.classList.contains("mine") ? row : mine[mine.length - 1];
    if (row) { row.appendChild(el("div", { "class": "meta", "data-testid": "kefu-read", text: t("read") })); }
  }

  function renderState(s) {
    stateLine.textContent = t("status_" + s.status);
    var q = s.queue;
    queueLine.textContent = q && q.state === "waiting"
      ? (q.position && q.expectedBy ? t("queue", { ahead: q.position - 1, time: when(q.expectedBy) }) : t("queueUnknown", { position: q.position || "?" }))
      : "";
    agentLine.textContent = s.agent ? t("agent", { name: s.agent.displayName, number: s.agent.agentNumber }) : "";
    promiseLine.textContent = s.promisedBy ? t("promised", { time: when(s.promisedBy) }) : "";
  }

  /* Every message gets a client id before it is sent and stays queued (also across page loads) until the server
     has stored it; a resend with the same id is stored once, so retrying is always safe. */
  function sendTyped() {
    var body = input.value.trim();
    if (!body) { return; }
    input.value = "";
    if (!ticket && skipMode) { input.value = body; skipSubmit().catch(showError); return; }
    queue({ clientMessageId: id(), body: body, attachmentIds: [] });
  }
  function queue(item) {
    item.ticket = ticket;
    pending.push(item);
    savePending();
    var row = el("div", { "class": "msg mine", "data-client-id": item.clientMessageId }, [
      el("div", { "class": "bubble", text: item.body }), el("div", { "class": "meta", text: t("sending") })]);
    messages.appendChild(row);
    messages.scrollTop = messages.scrollHeight;
    flush();
  }
  var flushing = false;
  async function flush() {
    if (flushing || !hub || hub.state !== "Connected") { return; }
    flushing = true;
    try {
      while (pending.length) {
        var item = pending[0];
        var stored = await hub.invoke("SendMessage", item.ticket, item.clientMessageId, item.body, item.attachmentIds);
        pending.shift();
        savePending();
        if (item.ticket === ticket) { show(stored, item.clientMessageId); }
      }
    } catch (e) {
      var local = messages.querySelector("[data-client-id] .meta");
      if (local) { local.textContent = t("failed"); }
    } finally { flushing = false; }
  }

  async function sendImages(files) {
    var ids = [];
    for (var i = 0; i < files.length; i++) {
      var data = new FormData();
      data.append("file", files[i]);
      ids.push((await api("POST", "/api/v1/tickets/" + ticket + "/attachments", data, true)).id);
    }
    queue({ clientMessageId: id(), body: t("evidence"), attachmentIds: ids });
  }
  file.addEventListener("change", function () { if (file.files.length && ticket) { sendImages(file.files).catch(showError).then(function () { file.value = ""; }); } });

  var lastTyping = 0;
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendTyped(); return; }
    if (hub && ticket && Date.now() - lastTyping > 2000) { lastTyping = Date.now(); hub.invoke("Typing", ticket).catch(function () { }); }
  });
  window.addEventListener("online", function () { flush(); });

  fetch(base + "/widget/locales/" + lang + ".json").then(function (r) { return r.json(); }).then(function (loaded) {
    text = loaded;
    button.textContent = t("open");
    title.textContent = t("title");
    input.setAttribute("placeholder", t("placeholder"));
    send.textContent = t("send");
    attach.setAttribute("title", t("attach"));
    document.body.appendChild(host);
  });
})();
