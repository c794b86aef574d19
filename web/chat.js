// The chat page's own client for the Rasa server's socket.io channel (channels/webchat.py).
//
// It replaces the rasa-webchat widget (README, "The chat page"): quick replies are real
// buttons that stay under the message that asked for them, the conversation is a focusable
// log that screen readers announce, answers are laid out (lists, the source apart) and the
// view goes to the start of a new answer. Nothing here talks to any host but the page's own
// and the chat server. Bot texts are shown as text, never as HTML.
(function () {
  "use strict";

  var STORAGE_KEY = "chat_session";            // this tab's session storage only
  var EXIT_URL = "https://www.weeronline.nl/";   // "Snel weg": a neutral website
  var ESC_WINDOW_MS = 1500;                     // two Esc presses within this time leave
  var OFFLINE_AFTER_MS = 6000;                  // no chat session by then: say so, with numbers
  var RECONNECT_GRACE_MS = 3000;
  var FORGET_TIMEOUT_MS = 10000;
  // "Stap 3: ...", "Signaal 2: ...", "Vraag 1: ..." (coach/replies.py numbered())
  var LIST_LINE = /^([A-Z][a-z]+) (\d{1,2}): (.+)$/;
  var SOURCE_LINE = /^Bron: /;
  // phone numbers and the 113 chat inside bot texts become links that do not break
  var NUMBER = /(\b113\.nl\b|0800-\d{4}|\b11[23]\b(?! Zelfmoordpreventie))/g;
  var LEAVE_PAYLOADS = { "/stop": true };      // leaving an exercise looks different from "Nee"

  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var log = $("log");
  var input = $("message");
  var form = $("composer");
  var typingDots = $("typing");
  var offline = $("offline");
  var dialog = $("forget-dialog");
  var forgetError = $("forget-error");
  var forgetYes = $("forget-yes");
  var helpToggle = $("help-toggle");

  var socketUrl = (document.querySelector('meta[name="socket-url"]') || {}).content || "";
  var socket = null;
  var confirmed = false;
  var offlineTimer = null;
  var state = load();
  var answerStart = null;     // the first bubble of the answer being shown
  var queue = [];             // bot messages waiting to be shown, paced
  var paceTimer = null;
  var lastShown = 0;
  var lastLength = 0;
  var typingTimer = null;
  var lastEscape = 0;

  // ---------------------------------------------------------------- storage
  function load() {
    try {
      var stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
      if (stored && typeof stored.session_id === "string" && Array.isArray(stored.messages)) return stored;
    } catch (e) { /* unreadable: start fresh */ }
    return { session_id: null, messages: [] };
  }
  function save() {
    try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ---------------------------------------------------------------- rendering
  function hiddenLabel(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  // text with phone numbers as tel: links and 113.nl as a link
  function addInline(parent, text) {
    var last = 0;
    text.replace(NUMBER, function (match, _group, offset) {
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = document.createElement("a");
      link.className = "number";
      link.textContent = match;
      if (/\.nl$/.test(match)) {
        link.href = "https://www.113.nl/";
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      } else {
        link.href = "tel:" + match.replace(/\D/g, "");
      }
      parent.appendChild(link);
      last = offset + match.length;
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // a bot text as blocks: paragraphs, numbered lists and the source line
  function blocks(text) {
    var result = [];
    text.split("\n").map(function (l) { return l.trim(); }).filter(Boolean).forEach(function (line) {
      var item = LIST_LINE.exec(line);
      var previous = result[result.length - 1];
      if (item) {
        if (previous && previous.kind === "list" && previous.label === item[1]) {
          previous.items.push({ number: item[2], text: item[3] });
        } else {
          result.push({ kind: "list", label: item[1], items: [{ number: item[2], text: item[3] }] });
        }
      } else if (SOURCE_LINE.test(line)) {
        result.push({ kind: "source", text: line });
      } else {
        result.push({ kind: "p", text: line });
      }
    });
    return result;
  }

  function renderBlock(bubble, block, next) {
    if (block.kind === "list") {
      var list = bubble.lastElementChild && bubble.lastElementChild.tagName === "OL" &&
        bubble.lastElementChild.dataset.label === block.label ? bubble.lastElementChild : null;
      if (!list) {
        list = document.createElement("ol");
        list.dataset.label = block.label;
        bubble.appendChild(list);
      }
      block.items.forEach(function (item) {
        var li = document.createElement("li");
        li.value = Number(item.number);
        var label = document.createElement("span");
        label.className = "label";
        label.textContent = block.label + " " + item.number;
        li.appendChild(label);
        addInline(li, item.text);
        list.appendChild(li);
      });
      return;
    }
    var p = document.createElement("p");
    if (block.kind === "source") p.className = "source";
    if (block.kind === "p" && next && next.kind === "list" && /:$/.test(block.text)) p.className = "list-heading";
    addInline(p, block.text);
    bubble.appendChild(p);
  }

  // new bubbles go before the typing dots
  function append(element) {
    log.insertBefore(element, typingDots.parentNode === log ? typingDots : null);
  }

  function lastBubble() {
    var bubbles = log.querySelectorAll(".msg");
    return bubbles.length ? bubbles[bubbles.length - 1] : null;
  }

  // The server splits a long answer into messages of at most 600 characters (coach/replies.py),
  // sometimes inside what belongs together. A message joins the previous bubble of the same
  // answer when it is a list going on from there ("Stap 6" after "Stap 5"), a list under the
  // heading that bubble ends with ("Wat je deze week kunt doen:"), or only the source line.
  function joins(bubble, parts) {
    var first = parts[0];
    if (!first) return false;
    if (parts.length === 1 && first.kind === "source") return true;
    if (first.kind !== "list") return false;
    var last = bubble.lastElementChild;
    if (last && last.tagName === "P" && !last.classList.contains("source") && /:$/.test(last.textContent)) {
      last.className = "list-heading";
      return true;
    }
    if (!last || last.tagName !== "OL" || last.dataset.label !== first.label) return false;
    var items = last.querySelectorAll("li");
    return Number(items[items.length - 1].value) + 1 === Number(first.items[0].number);
  }

  function sameAnswer(bubble) {
    if (!bubble || !bubble.classList.contains("bot") || bubble.classList.contains("notice")) return false;
    var after = bubble.nextElementSibling;
    return !after || after === typingDots;  // no buttons and no user message after it
  }

  function addBubble(message) {
    var bubble;
    if (message.from === "user") {
      bubble = document.createElement("div");
      bubble.className = "msg user";
      bubble.appendChild(hiddenLabel("Jij: "));
      bubble.appendChild(document.createTextNode(message.text));
      append(bubble);
      return bubble;
    }
    var parts = blocks(message.text || "");
    var previous = lastBubble();
    if (!message.notice && sameAnswer(previous) && joins(previous, parts)) {
      bubble = previous;
    } else {
      bubble = document.createElement("div");
      bubble.className = "msg bot" + (message.notice ? " notice" : "");
      bubble.appendChild(hiddenLabel(message.notice ? "Melding: " : "Relatiecoach: "));
      append(bubble);
    }
    parts.forEach(function (block, i) { renderBlock(bubble, block, parts[i + 1]); });
    return bubble;
  }

  function addReplies(bubble, buttons) {
    if (!buttons || !buttons.length) return;
    var group = document.createElement("div");
    group.className = "replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "reply" + (LEAVE_PAYLOADS[button.payload] ? " leave" : "");
      if (LEAVE_PAYLOADS[button.payload]) {
        var icon = document.createElement("span");
        icon.className = "icon";
        icon.setAttribute("aria-hidden", "true");
        icon.textContent = "\u2715";
        element.appendChild(icon);
      }
      element.appendChild(document.createTextNode(button.title));
      element.addEventListener("click", function (event) {
        if (!send(button.payload, button.title)) return;
        // a keyboard user goes on from the conversation: Tab reaches the next buttons
        if (event.detail === 0) log.focus({ preventScroll: true });
      });
      group.appendChild(element);
    });
    bubble.insertAdjacentElement("afterend", group);
  }

  function removeReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (group) { group.remove(); });
  }

  // The view goes down to the start of the new answer and no further: a long answer is read
  // from its first line, the rest is below it.
  function keepAnswerStartInView() {
    if (!answerStart) return;
    var target = Math.min(answerStart.offsetTop - 8, log.scrollHeight - log.clientHeight);
    if (target > log.scrollTop) log.scrollTop = target;
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  function typing(on) {
    clearTimeout(typingTimer);
    typingDots.hidden = !on;
    if (on) {
      log.appendChild(typingDots);
      typingTimer = setTimeout(function () { typingDots.hidden = true; }, 20000);
    }
  }

  function markStarted() {
    var started = state.messages.some(function (m) { return m.from === "user"; });
    body.classList.toggle("started", started);
  }

  function renderAll() {
    log.replaceChildren(typingDots);
    typingDots.hidden = true;
    var lastUser = -1;
    state.messages.forEach(function (m, i) { if (m.from === "user") lastUser = i; });
    answerStart = null;
    state.messages.forEach(function (message, i) {
      var bubble = addBubble(message);
      if (i > lastUser) {
        if (!answerStart && message.from === "bot") answerStart = bubble;
        addReplies(bubble, message.buttons);
      }
    });
    markStarted();
    log.scrollTop = 0;
    if (answerStart) keepAnswerStartInView(); else scrollToEnd();
  }

  // ---------------------------------------------------------------- bot messages, paced
  function paceAfter(length) { return Math.max(450, Math.min(1500, length * 3)); }

  // Kept in this tab's storage at once (a reload while they are paced loses none), shown in turn.
  function enqueue(data) {
    if (data.custom && data.custom.forget) {
      queue.push({ forget: true });
    } else {
      var text = typeof data.text === "string" ? data.text : "";
      var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      }).map(function (b) { return { title: b.title, payload: b.payload }; });
      if (!text && !buttons.length) return;
      var message = { from: "bot", text: text, buttons: buttons };
      state.messages.push(message);
      save();
      queue.push(message);
    }
    schedule();
  }

  function schedule() {
    if (paceTimer || !queue.length) return;
    var wait = lastShown ? lastShown + paceAfter(lastLength) - Date.now() : 0;
    if (wait <= 0) { showNext(); return; }
    typing(true);
    paceTimer = setTimeout(function () { paceTimer = null; showNext(); }, wait);
  }

  function showNext() {
    var data = queue.shift();
    if (data) showBot(data);
    if (queue.length) schedule(); else typing(false);
  }

  function flushQueue() {
    clearTimeout(paceTimer);
    paceTimer = null;
    while (queue.length) showBot(queue.shift());
    typing(false);
  }

  function showBot(message) {
    if (message.forget) {
      // the bot confirmed "vergeet mij" (its last message) and the server deleted the conversation
      var said = state.messages.length ? state.messages[state.messages.length - 1] : null;
      startFresh(said && said.from === "bot" ? said.text : "");
      return;
    }
    var bubble = addBubble(message);
    if (!answerStart) answerStart = bubble;
    addReplies(bubble, message.buttons);
    lastShown = Date.now();
    lastLength = message.text.length;
    keepAnswerStartInView();
  }

  // ---------------------------------------------------------------- sending
  function send(payload, shown) {
    if (!socket || !socket.connected || !confirmed) {
      showOffline(true);
      return false;
    }
    flushQueue();
    socket.emit("user_uttered", { message: payload, session_id: state.session_id });
    if (shown !== null) {  // null: the welcome, asked for without a message of the user
      removeReplies();
      var message = { from: "user", text: shown || payload };
      state.messages.push(message);
      save();
      addBubble(message);
      markStarted();
    }
    answerStart = null;
    lastShown = 0;
    typing(true);
    scrollToEnd();
    return true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    if (send(text)) {
      input.value = "";
      grow();
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  function grow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 4, 160) + "px";
  }
  input.addEventListener("input", grow);

  // ---------------------------------------------------------------- a new conversation
  function startFresh(notice) {
    clearTimeout(paceTimer);
    paceTimer = null;
    queue = [];
    typing(false);
    state = { session_id: null, messages: [] };
    try { sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing stored */ }
    confirmed = false;
    renderAll();
    if (notice) {
      var bubble = addBubble({ from: "bot", text: notice, notice: true });
      bubble.setAttribute("tabindex", "-1");
    }
    if (socket && socket.connected) socket.emit("session_request", { session_id: null });
  }

  // ---------------------------------------------------------------- connection
  function showOffline(on) {
    offline.hidden = !on;
  }
  function expectConnection(ms) {
    if (!offlineTimer) offlineTimer = setTimeout(function () { offlineTimer = null; if (!confirmed) showOffline(true); }, ms);
  }

  function connect() {
    if (typeof window.io !== "function") { showOffline(true); return; }
    socket = window.io(socketUrl, {
      path: "/socket.io/",
      transports: ["websocket"],       // one connection to one server process (README, scaled profile)
      reconnectionDelayMax: 10000,
    });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.session_id });
    });
    socket.on("session_confirm", function (confirmedId) {
      var id = typeof confirmedId === "string" ? confirmedId : (confirmedId || {}).session_id;
      if (typeof id !== "string") return;
      confirmed = true;
      clearTimeout(offlineTimer);
      offlineTimer = null;
      showOffline(false);
      if (id === state.session_id) return;  // the same conversation goes on
      var notice = log.querySelector(".msg.notice");
      state = { session_id: id, messages: [] };
      save();
      if (!notice) renderAll();
      send("/greet", null);
    });
    socket.on("bot_uttered", function (data) {
      if (data && typeof data === "object") enqueue(data);
    });
    socket.on("disconnect", function () { confirmed = false; expectConnection(RECONNECT_GRACE_MS); });
    socket.on("connect_error", function () { expectConnection(RECONNECT_GRACE_MS); });
  }

  // ---------------------------------------------------------------- "Wis mijn gesprek"
  $("forget").addEventListener("click", function () {
    forgetError.hidden = true;
    forgetYes.disabled = false;
    dialog.showModal();
  });
  $("forget-no").addEventListener("click", function () { dialog.close(); });
  forgetYes.addEventListener("click", function () {
    if (!socket || !socket.connected || !confirmed) { forgetError.hidden = false; return; }
    var settled = false;
    forgetYes.disabled = true;
    var timer = setTimeout(function () {
      if (settled) return;
      settled = true;
      forgetYes.disabled = false;
      forgetError.hidden = false;
    }, FORGET_TIMEOUT_MS);
    // deleted on the server without a chat message; the reply carries the confirmation text
    socket.emit("forget_conversation", {}, function (reply) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      forgetYes.disabled = false;
      if (!reply || !reply.forgotten) { forgetError.hidden = false; return; }
      dialog.close();
      startFresh(reply.text || "");
      var notice = log.querySelector(".msg.notice");
      if (notice) notice.focus();
    });
  });

  // ---------------------------------------------------------------- "Snel weg"
  function quickExit() {
    try { sessionStorage.clear(); } catch (e) { /* nothing stored */ }
    try { if (socket) socket.close(); } catch (e) { /* already closed */ }
    document.title = "";
    body.replaceChildren();
    try { if (window.top !== window.self) window.top.location.replace(EXIT_URL); } catch (e) { /* embedded elsewhere */ }
    window.location.replace(EXIT_URL);
  }
  $("quick-exit").addEventListener("click", quickExit);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < ESC_WINDOW_MS) { quickExit(); return; }
    lastEscape = now;
  });

  // ---------------------------------------------------------------- "Hulp nodig?"
  helpToggle.addEventListener("click", function () {
    var open = helpToggle.getAttribute("aria-expanded") !== "true";
    helpToggle.setAttribute("aria-expanded", String(open));
    body.classList.toggle("help-open", open);
  });

  // ---------------------------------------------------------------- start
  renderAll();
  // announced from now on: what was restored above is not read out again
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  expectConnection(OFFLINE_AFTER_MS);
  connect();
})();
