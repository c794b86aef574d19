// The chat page's own client for the Rasa server's socket.io channel (channels/webchat.py).
//
// It replaces the rasa-webchat widget (README, "The chat page"): quick replies are real
// buttons that stay under the message that asked for them, the conversation is a focusable
// log that screen readers announce, answers are laid out (lists, the source apart) and the
// view goes to the start of a new answer, unless the user reads further up (then a "Nieuw
// bericht" button appears). A message typed while the connection is down is kept, marked
// and sent when the socket is back; it is "Afgeleverd" only after the server's receipt.
// Safety messages are framed, with the numbers as call buttons. Nothing here talks to any
// host but the page's own and the chat server. Bot texts are shown as text, never as HTML.
// Every text the page shows comes from index.html (#texts and the crisis links).
(function () {
  "use strict";

  var STORAGE_KEY = "chat_session";            // this tab's session storage only
  var EXIT_URL = "https://www.weeronline.nl/";   // "Snel weg": a neutral website
  var ESC_WINDOW_MS = 1500;                     // two Esc presses within this time leave
  var NOTICE_MS = 12000;                        // how long "ons gesprek is gewist" stays
  var OFFLINE_AFTER_MS = 6000;                  // no chat session by then: say so, with numbers
  var RECONNECT_GRACE_MS = 3000;
  var FORGET_TIMEOUT_MS = 10000;
  // "Stap 3: ...", "Signaal 2: ...", "Vraag 1: ..." (coach/replies.py numbered())
  var LIST_LINE = /^([A-Z][a-z]+) (\d{1,2}): (.+)$/;
  var SOURCE_LINE = /^Bron: /;
  var ASIDE = /^\(/;                           // a reminder beside the answer, in brackets
  // phone numbers and the 113 chat inside bot texts become links that do not break
  var NUMBER = /(\b113\.nl\b|0800-\d{4}|\b11[23]\b(?! Zelfmoordpreventie))/g;
  var LEAVE_PAYLOADS = { "/stop": true };      // leaving an exercise looks different from "Nee"
  var NEAR_BOTTOM = 48;                         // px: "at the bottom" of the conversation
  var NEW_ANSWER_AFTER_MS = 3000;               // a bot message after this much quiet starts an answer
  var PINNED_AT_MOST = 3;                       // answer buttons that stay in view (a topic list does not)
  var PINNED_SHARE = 0.3;                       // ... if their row takes at most this part of the chat
  var PAGE_OVERLAP = 48;                        // px of the text read last kept in view by "Nieuw bericht"

  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var log = $("log");
  var input = $("message");
  var form = $("composer");
  var typingDots = $("typing");
  var offline = $("offline");
  var dialog = $("forget-dialog");
  var freshNotice = null;  // the "gewist" confirmation, kept in view when the welcome follows
  var forgetError = $("forget-error");
  var forgetYes = $("forget-yes");
  var helpToggle = $("help-toggle");
  var privacy = $("privacy");
  var newMessage = $("new-message");
  var status = $("status");
  var viewport = window.visualViewport;
  var TEXT = {};
  Array.prototype.forEach.call(document.querySelectorAll("#texts [data-text]"), function (element) {
    TEXT[element.getAttribute("data-text")] = element.textContent;
  });

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
  var pinned = true;          // the view is where the page put it (the user did not scroll away)
  var autoTop = -1;           // the scroll position the page itself set last
  var unseen = null;          // the first message that came while the user read further up
  var typingSaid = false;     // "typing" is announced once per answer
  var leaving = false;        // "Snel weg" pressed: nothing is stored again on the way out
  var toQuestion = false;     // an answer button was chosen by keyboard: focus its answer

  // ---------------------------------------------------------------- storage
  function load() {
    try {
      var stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
      if (stored && typeof stored.session_id === "string" && Array.isArray(stored.messages)) return stored;
    } catch (e) { /* unreadable: start fresh */ }
    return { session_id: null, messages: [] };
  }
  function save() {
    if (leaving) return;  // closing the socket on the way out would store the conversation again
    try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ---------------------------------------------------------------- rendering
  function hiddenLabel(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  // text with phone numbers (and 113.nl) that never break; the bubble gets call buttons for them
  function addInline(parent, text) {
    var last = 0;
    text.replace(NUMBER, function (match, _group, offset) {
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var number = document.createElement("span");
      number.className = "nr";
      number.textContent = match;
      parent.appendChild(number);
      last = offset + match.length;
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function hrefOf(number) {
    return /\.nl$/.test(number) ? "https://www.113.nl/" : "tel:" + number.replace(/\D/g, "");
  }

  // A message that names a helpline is framed as help, with its numbers as call buttons: the
  // page's own crisis links (index.html) where it has them.
  // A reminder in brackets beside an answer (domain.yml, utter_reminder_*) keeps its call
  // buttons but not the title and the heavy frame: after a violence disclosure it follows
  // many answers, and the full box each time read like wallpaper (phone trial 8).
  function frameSafety(bubble, aside) {
    var numbers = [];
    Array.prototype.forEach.call(bubble.querySelectorAll(".nr"), function (n) {
      var href = hrefOf(n.textContent);
      if (numbers.indexOf(href) < 0) numbers.push(href);
    });
    offerExit(bubble);
    if (!numbers.length) return;
    bubble.classList.add("safety");
    bubble.classList.toggle("reminder", aside);
    if (!aside && !bubble.querySelector(".safety-title")) {
      var title = document.createElement("p");
      title.className = "safety-title";
      title.textContent = TEXT["safety-title"];
      bubble.insertBefore(title, bubble.firstElementChild.nextSibling);  // after the hidden label
    }
    var old = bubble.querySelector(".calls");
    if (old) old.remove();
    var calls = document.createElement("p");
    calls.className = "calls";
    numbers.forEach(function (href) {
      var known = document.querySelector('#crisis a[href="' + href + '"]');
      var link;
      if (known) {
        link = known.cloneNode(true);
      } else {
        link = document.createElement("a");
        link.className = "call";
        link.href = href;
        var nr = document.createElement("span");
        nr.className = "nr";
        nr.textContent = bubble.querySelector(".nr").textContent;
        link.appendChild(nr);
      }
      calls.appendChild(link);
    });
    bubble.insertBefore(calls, bubble.querySelector(".exit-row"));
  }

  // A message that tells to use "Snel weg" has the button itself, where the thumb already is
  // (phone trial 9: "hij komt eraan", and the red button out of reach at the top right).
  function offerExit(bubble) {
    var exit = $("quick-exit");
    if (bubble.querySelector(".exit-row") || bubble.textContent.indexOf("'" + exit.textContent + "'") < 0) return;
    var row = document.createElement("p");
    row.className = "exit-row";
    var leave = exit.cloneNode(true);
    leave.removeAttribute("id");
    leave.addEventListener("click", quickExit);
    row.appendChild(leave);
    bubble.appendChild(row);
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
      if (message.id) bubble.setAttribute("data-id", message.id);
      // a paragraph of its own, so a screen reader does not run it into the next message
      // ("Jij: Wat zeg ik dan? Relatiecoach: ...", phone trial 6)
      var said = document.createElement("p");
      said.className = "said";
      said.appendChild(hiddenLabel(TEXT.you));
      said.appendChild(document.createTextNode(message.text));
      bubble.appendChild(said);
      var mark = document.createElement("span");
      mark.className = "status";
      bubble.appendChild(mark);
      append(bubble);
      showStatus();
      return bubble;
    }
    var parts = blocks(message.text || "");
    var previous = lastBubble();
    if (!message.notice && sameAnswer(previous) && joins(previous, parts)) {
      bubble = previous;
    } else {
      bubble = document.createElement("div");
      bubble.className = "msg bot" + (message.notice ? " notice" : "");
      // "Relatiecoach:" once per answer, not before each of its messages (phone trial 8: heard
      // four times in a row); a message after answer buttons is named again
      var label = message.notice ? TEXT.notice : (sameAnswer(previous) ? "" : TEXT.coach);
      bubble.appendChild(hiddenLabel(label));
      append(bubble);
    }
    parts.forEach(function (block, i) { renderBlock(bubble, block, parts[i + 1]); });
    if (!message.notice) frameSafety(bubble, ASIDE.test(message.text || ""));
    return bubble;
  }

  function addReplies(bubble, buttons) {
    if (!buttons || !buttons.length) return;
    var group = document.createElement("div");
    group.className = "replies" + (buttons.length <= PINNED_AT_MOST ? " pinnable" : "");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.replies);
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
      var pointer = "";
      var typing = false;
      element.addEventListener("pointerdown", function (event) {
        pointer = event.pointerType;
        typing = document.activeElement === input;
      });
      element.addEventListener("click", function (event) {
        send(button.payload, button.title);
        // Focus goes to the input (Shift+Tab goes back to the next answer's buttons), except
        // after a finger's tap: there it would open the on-screen keyboard over the answer.
        // A tap while the keyboard was already open keeps it open (phone trial 4: the keyboard
        // closed, the footer came back and pushed the next answer's buttons out of view).
        if (event.detail !== 0 && pointer === "touch" && !typing) log.focus({ preventScroll: true });
        else input.focus({ preventScroll: true });
        // Chosen by keyboard: when the answer asks again with buttons (an exercise's next
        // question), the focus goes to that answer, read from its start, and its buttons are
        // the next Tab stops (phone trial 8: up to four Shift+Tabs back from the input, eight
        // times in one exercise).
        toQuestion = event.detail === 0;
      });
      group.appendChild(element);
    });
    bubble.insertAdjacentElement("afterend", group);
    fitPins();
  }

  // A few answer buttons stay in view at the bottom of the chat while their question is read
  // (chat.css), but only as one short row: a taller strip hid the text the buttons are about
  // (phone trial 6, keyboard open).
  function fitPins() {
    Array.prototype.forEach.call(log.querySelectorAll(".replies.pinnable"), function (group) {
      var buttons = group.querySelectorAll("button");
      var oneRow = buttons[0].offsetTop === buttons[buttons.length - 1].offsetTop;
      group.classList.toggle("pinned", oneRow && group.offsetHeight <= log.clientHeight * PINNED_SHARE);
    });
  }

  function removeReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (group) { group.remove(); });
  }

  // The view goes down to the start of the new answer and no further: a long answer is read
  // from its first line, the rest is below it.
  function keepAnswerStartInView() {
    if (!answerStart) return;
    var target = Math.min(answerStart.offsetTop - 8, log.scrollHeight - log.clientHeight);
    if (target > log.scrollTop) scrollLogTo(target);
  }

  function scrollLogTo(top) {
    log.scrollTop = top;
    autoTop = log.scrollTop;
  }
  function scrollToEnd() { scrollLogTo(log.scrollHeight); }
  function atBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM; }

  // "Nieuw bericht": a message came below what the user sees; the view stays where it is.
  function noteUnseen(bubble) {
    if (bubble.offsetTop < log.scrollTop + log.clientHeight - 24) return;  // its start is in view
    if (!unseen) unseen = bubble;
    newMessage.hidden = false;
  }
  function firstBelow() {
    var edge = log.scrollTop + log.clientHeight - 24;
    return Array.prototype.filter.call(log.children, function (e) {
      return (e.classList.contains("msg") || e.classList.contains("replies")) && e.offsetTop >= edge;
    })[0] || null;
  }
  function clearUnseen() {
    unseen = null;
    newMessage.hidden = true;
  }
  log.addEventListener("scroll", function () {
    // the user's own scrolling decides whether new messages may move the view
    if (Math.abs(log.scrollTop - autoTop) > 2) pinned = atBottom();
    if (unseen && (atBottom() || unseen.offsetTop < log.scrollTop + log.clientHeight - 24)) clearUnseen();
  });
  // the skip link puts the caret in the input, not only the view (a fragment to a textarea
  // does not focus it in every browser)
  $("skip-link").addEventListener("click", function (event) {
    event.preventDefault();
    input.focus();
  });

  var typingAtTap = false;
  newMessage.addEventListener("pointerdown", function (event) {
    typingAtTap = event.pointerType === "touch" && document.activeElement === input;
  });
  newMessage.addEventListener("click", function () {
    var target = unseen ? unseen.offsetTop - 8 : log.scrollHeight;
    // the view was kept at the start of the answer: the rest of it comes next, a screen at a
    // time, rather than a jump to its last message past what was not read yet (phone trial 6)
    if (unseen && pinned) target = Math.min(target, log.scrollTop + log.clientHeight - PAGE_OVERLAP);
    scrollLogTo(target);
    // more of it below, its buttons too: the pill stays and takes the next step (phone trial 7:
    // after a tap the buttons were still out of view, with nothing saying so)
    var below = firstBelow();
    if (below) { unseen = below; newMessage.hidden = false; } else clearUnseen();
    pinned = true;
    // the keyboard stays open for someone who was typing (phone trial 4)
    if (typingAtTap) input.focus({ preventScroll: true });
    else log.focus({ preventScroll: true });
    typingAtTap = false;
  });
  // when the log gets smaller (the on-screen keyboard, a longer input) its bottom stays put
  // (not when it got smaller because the "Nieuw bericht" pill appeared under it: the start of
  // the answer being read stays where it is)
  if (window.ResizeObserver) {
    var logHeight = log.clientHeight;
    var pillShown = !newMessage.hidden;
    new ResizeObserver(function () {
      var shrunk = logHeight - log.clientHeight;
      logHeight = log.clientHeight;
      var pillChanged = pillShown !== !newMessage.hidden;
      pillShown = !newMessage.hidden;
      if (pinned && shrunk > 0 && !pillChanged) scrollLogTo(log.scrollTop + shrunk);
      if (shrunk) fitPins();
    }).observe(log);
  }

  var announceTimer = null;
  function announce(text) {
    status.textContent = "";
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      // the answer came first: nothing is being written now, so nothing is said (phone trial 6:
      // after a wipe "schrijft een antwoord" stayed 20 s); said at the answer's next wait, if any
      if (typingDots.hidden) { typingSaid = false; return; }
      status.textContent = text;
    }, 60);
  }

  function typing(on) {
    clearTimeout(typingTimer);
    typingDots.hidden = !on;
    if (on) {
      log.appendChild(typingDots);
      typingTimer = setTimeout(function () { typingDots.hidden = true; }, 20000);
      if (!typingSaid) { typingSaid = true; announce(TEXT.typing); }
    } else if (status.textContent === TEXT.typing) {
      status.textContent = "";  // a screen reader finds no "writing" status once the answer is there
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
    showStatus();
    clearUnseen();
    pinned = true;
    scrollLogTo(0);
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
    if (lastShown && !queue.length && Date.now() - lastShown > NEW_ANSWER_AFTER_MS) answerStart = null;
    // the welcome after "Wis mijn gesprek" keeps the confirmation above it in view (on a
    // phone the welcome alone fills the chat box and pushed it out of sight)
    if (freshNotice) { answerStart = freshNotice; freshNotice = null; }
    var follow = pinned || atBottom();
    var bubble = addBubble(message);
    if (!answerStart) answerStart = bubble;
    // help comes into view first: a safety message below a long text was off screen (phone trial
    // 2); not a reminder, an aside in brackets (domain.yml, utter_reminder_*): it took the view
    // from the answer it follows (phone trial 6)
    if (bubble.classList.contains("safety") && !answerStart.classList.contains("safety") &&
        !ASIDE.test(message.text)) answerStart = bubble;
    addReplies(bubble, message.buttons);
    if (toQuestion && message.buttons.length && document.activeElement === input && !input.value) {
      // the answer from its first message, not the last one with the buttons (phone trial 9:
      // a screen reader skipped the exercise's result and went on at the week's steps)
      toQuestion = false;
      var first = answerStart && answerStart.classList.contains("bot") ? answerStart : bubble;
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
    lastShown = Date.now();
    lastLength = message.text.length;
    if (follow) keepAnswerStartInView();
    noteUnseen(bubble);
  }

  // ---------------------------------------------------------------- sending
  function online() { return Boolean(socket && socket.connected && confirmed); }

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return "m-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function emitMessage(message) {
    message.status = "sending";
    socket.emit("user_uttered", { message: message.payload || message.text, session_id: state.session_id,
      message_id: message.id });
  }

  function startAnswer() {
    answerStart = null;
    lastShown = 0;
    typingSaid = false;
    typing(true);
  }

  // The user's message is shown and kept at once. Without a connection it is marked "not
  // sent" and goes out when the socket is back (resendPending); "delivered" waits for the
  // server's receipt (message_received).
  function send(payload, shown) {
    if (shown === null) {  // the welcome, asked for without a message of the user
      if (!online()) return false;
      socket.emit("user_uttered", { message: payload, session_id: state.session_id });
      startAnswer();
      return true;
    }
    flushQueue();
    removeReplies();
    setHelp(false);  // the numbers stay one tap away; the chat gets its room back
    privacy.open = false;  // and so does "Wat bewaren we?"
    var message = { from: "user", text: shown || payload, payload: payload, id: newId(), status: "unsent" };
    state.messages.push(message);
    if (online()) emitMessage(message); else showOffline(true);
    save();
    addBubble(message);
    markStarted();
    if (message.status === "sending") startAnswer();
    pinned = true;
    clearUnseen();
    scrollToEnd();
    return true;
  }

  function pending() {
    return state.messages.filter(function (m) { return m.from === "user" && m.id && m.status !== "delivered"; });
  }

  function resendPending() {
    var waiting = pending();
    if (!waiting.length) return;
    waiting.forEach(emitMessage);
    save();
    showStatus();
    startAnswer();
  }

  // Under each message that is not sent: "niet verzonden"; under the last delivered one:
  // "Afgeleverd".
  function showStatus() {
    var lastDelivered = null;
    state.messages.forEach(function (m) { if (m.from === "user" && m.status === "delivered") lastDelivered = m; });
    state.messages.forEach(function (m) {
      if (m.from !== "user" || !m.id) return;
      var bubble = log.querySelector('.msg.user[data-id="' + m.id + '"]');
      if (!bubble) return;
      var unsent = m.status === "unsent";
      var text = unsent ? TEXT.unsent : (m === lastDelivered ? TEXT.delivered : "");
      var mark = bubble.querySelector(".status");
      bubble.classList.toggle("unsent", unsent);
      if (mark.textContent !== text) mark.textContent = text;
      // "Afgeleverd" is for the eye; a screen reader heard it after every message (phone trial 2)
      mark.setAttribute("aria-hidden", String(!unsent));
    });
  }

  function received(data) {
    var id = data && typeof data.message_id === "string" ? data.message_id : null;
    var message = state.messages.filter(function (m) { return m.id === id; })[0];
    // "again": the server had handled it before the connection dropped; no answer will come
    if (data && data.again === true && !queue.length && !pending().some(function (m) { return m !== message; })) typing(false);
    if (!message || message.status === "delivered") return;
    message.status = "delivered";
    save();
    showStatus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    toQuestion = false;
    if (text && send(text)) {
      input.value = "";
      grow();
    }
    input.focus();  // also after a tap on the send button: the next message can be typed at once
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  function grow() {
    if (!input.value) { input.style.height = ""; return; }  // empty: its natural height, also at large text
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
      freshNotice = bubble;
      // gone after a while: someone who picks up the phone later does not see that a chat was wiped
      setTimeout(function () { if (bubble.parentNode) bubble.remove(); if (freshNotice === bubble) freshNotice = null; }, NOTICE_MS);
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
      if (id === state.session_id) { resendPending(); return; }  // the same conversation goes on
      // a new conversation; messages not yet delivered go to it after the welcome
      var waiting = pending();
      var notice = log.querySelector(".msg.notice");
      state = { session_id: id, messages: [] };
      save();
      if (!notice) renderAll();
      send("/greet", null);
      waiting.forEach(function (m) { state.messages.push(m); addBubble(m); });
      resendPending();
    });
    socket.on("bot_uttered", function (data) {
      if (data && typeof data === "object") enqueue(data);
    });
    socket.on("message_received", received);
    socket.on("disconnect", function () {
      confirmed = false;
      // what was sent without a receipt is marked and sent again when the socket is back
      state.messages.forEach(function (m) { if (m.from === "user" && m.status === "sending") m.status = "unsent"; });
      save();
      showStatus();
      expectConnection(RECONNECT_GRACE_MS);
    });
    socket.on("connect_error", function () { expectConnection(RECONNECT_GRACE_MS); });
  }

  // ---------------------------------------------------------------- "Wis mijn gesprek"
  $("forget").addEventListener("click", function () {
    forgetError.hidden = true;
    forgetYes.disabled = false;
    dialog.showModal();
  });
  $("forget-no").addEventListener("click", function () { dialog.close(); });
  // Tab stays inside the dialog: Chromium lets it leave a modal dialog for the browser's own
  // controls, an invisible stop for a keyboard user
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var stops = Array.prototype.filter.call(dialog.querySelectorAll("button"), function (b) { return !b.disabled; });
    if (!stops.length) return;
    var first = stops[0], last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });
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
    leaving = true;
    // the conversation goes on the server too: this tab can never open it again (phone trial 3)
    try {
      if (state.session_id) navigator.sendBeacon(socketUrl.replace(/\/$/, "") + "/webhooks/socketio/forget",
        new Blob([state.session_id], { type: "text/plain" }));
    } catch (e) { /* leave anyway */ }
    try { sessionStorage.clear(); } catch (e) { /* nothing stored */ }
    try { if (socket) socket.close(); } catch (e) { /* already closed */ }
    document.title = "";
    body.replaceChildren();
    try { if (window.top !== window.self) window.top.location.replace(EXIT_URL); } catch (e) { /* embedded elsewhere */ }
    window.location.replace(EXIT_URL);
  }
  $("quick-exit").addEventListener("click", quickExit);
  // the same button inside the "Wis mijn gesprek" dialog (a modal dialog makes the page inert)
  Array.prototype.forEach.call(document.querySelectorAll("[data-quick-exit]"), function (button) {
    button.addEventListener("click", quickExit);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (body.classList.contains("help-open")) {
      // focus inside the closing panel goes back to its button, not lost on the page (phone trial 2)
      var inside = document.activeElement && $("crisis").contains(document.activeElement);
      setHelp(false);
      if (inside) helpToggle.focus();
    }
    if (now - lastEscape < ESC_WINDOW_MS) { quickExit(); return; }
    lastEscape = now;
  });

  // ---------------------------------------------------------------- "Hulp nodig?"
  // "Hulp nodig?" and "Wat bewaren we?" are never open together: both at once left the chat a
  // sliver over the input with the keyboard open (phone trial 6)
  function setHelp(open) {
    helpToggle.setAttribute("aria-expanded", String(open));
    body.classList.toggle("help-open", open);
    if (open) privacy.open = false;
  }
  // on the click itself (the details' "toggle" event comes a task later)
  privacy.querySelector("summary").addEventListener("click", function () { if (!privacy.open) setHelp(false); });
  helpToggle.addEventListener("click", function () {
    setHelp(helpToggle.getAttribute("aria-expanded") !== "true");
  });
  // back to the conversation: the input, where the next message is typed (phone trial 8: the
  // focus went to "Hulp nodig?"); after a finger's tap the conversation itself, as the input
  // would open the on-screen keyboard
  var closeTouch = false;
  $("help-close").addEventListener("pointerdown", function (event) { closeTouch = event.pointerType === "touch"; });
  $("help-close").addEventListener("click", function (event) {
    setHelp(false);
    (event.detail !== 0 && closeTouch ? log : input).focus({ preventScroll: true });
    closeTouch = false;
  });
  // a tap on a button (send, an answer button) while typing keeps the focus (and the on-screen
  // keyboard) in the input, so the page does not shift under the finger and the first tap
  // sends (phone trial: the layout jumped when the input lost focus, the tap landed beside it)
  document.addEventListener("pointerdown", function (event) {
    var target = event.target.closest ? event.target.closest("#send, #new-message, .replies button") : null;
    if (target && document.activeElement === input) event.preventDefault();
  });

  // ---------------------------------------------------------------- the on-screen keyboard
  // Where the keyboard covers the page instead of shrinking it (Safari on iOS, browsers that
  // ignore interactive-widget), the page is fitted to the visible part, so the input and the
  // send button stay just above the keyboard. Not while zoomed in: that is the user's choice.
  function fitToViewport() {
    var root = document.documentElement.style;
    var covered = window.innerHeight - viewport.height;
    if (Math.abs(viewport.scale - 1) < 0.01 && (covered > 1 || viewport.offsetTop > 0)) {
      root.setProperty("--app-height", viewport.height + "px");
      root.setProperty("--app-top", viewport.offsetTop + "px");
    } else {
      root.removeProperty("--app-height");
      root.removeProperty("--app-top");
    }
  }
  if (viewport) {
    viewport.addEventListener("resize", fitToViewport);
    viewport.addEventListener("scroll", fitToViewport);
    fitToViewport();
  }

  // ---------------------------------------------------------------- start
  renderAll();
  // announced from now on: what was restored above is not read out again
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  expectConnection(OFFLINE_AFTER_MS);
  connect();
})();
