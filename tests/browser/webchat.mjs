// The chat page in headless Chromium (Debian's /usr/bin/chromium) with playwright-core.
// Usage: node tests/browser/webchat.mjs SCENARIO PAGE_URL SCREENSHOT_DIR
//   phone     a whole conversation on a phone, by touch (tests/service/test_webpage.py)
//   keyboard  a conversation on a desktop with the keyboard only
//   offline   the page when the chat server cannot be reached
//   render    the page against a scripted socket.io server in the browser (no bot): how
//             messages the real server sends in pieces are laid out
//   states    against the scripted server on a phone: a message sent without a connection,
//             reading back while messages come, safety messages, the on-screen keyboard,
//             200% text, focus and announcements, "Snel weg" from the open dialog
//   reconnect the real server through a proxy that drops the connection: a message typed
//             meanwhile is marked, resent, delivered and answered once
// Prints one JSON line with what it saw; tests/service/test_webpage.py asserts on it. Exits
// non-zero when something it waits for never comes.
import {
  AXE_VERSION, DESKTOP, EXIT_HOST, PHONE, axe, foreignHosts, launch, recordingContext, repliesOf,
  smallTargets, startInView, waitForBot,
} from "./lib.mjs";

const [scenario, pageUrl, shots] = process.argv.slice(2);
const seen = { scenario, axeVersion: AXE_VERSION, axe: [] };

async function send(page, text) {
  await page.locator("#message").fill(text);
  await page.locator("#message").press("Enter");
}

async function tap(page, title) {
  await page.locator(".replies button", { hasText: title }).last().click();
}

// Bubbles that are only a piece of something: a list going on from the bubble before, a
// heading without its list, a lone source line.
async function brokenBubbles(page) {
  return page.locator(".msg.bot").evaluateAll((bubbles) => bubbles.map((b) => {
    const parts = [...b.children].filter((c) => !c.classList.contains("visually-hidden"));
    const first = parts[0];
    if (first && first.tagName === "OL" && Number(first.querySelector("li").value) > 1) return "mid-list";
    if (parts.length === 1 && first.classList.contains("source")) return "source alone";
    if (parts.length && parts[parts.length - 1].textContent.trim().endsWith(":")) return "heading alone";
    return null;
  }).filter(Boolean));
}

// The buttons of every message of the current answer, as the server sent them (kept in the
// tab's storage) and as they are on screen, each group right under its message.
async function answerButtons(page) {
  return page.evaluate(() => {
    const state = JSON.parse(sessionStorage.getItem("chat_session"));
    let start = 0;
    state.messages.forEach((m, i) => { if (m.from === "user") start = i + 1; });
    const sent = state.messages.slice(start).filter((m) => m.buttons && m.buttons.length);
    const groups = [...document.querySelectorAll("#log .replies")];
    return {
      sent: sent.map((m) => m.buttons.map((b) => b.title)),
      shown: groups.map((g) => [...g.querySelectorAll("button")]
        .filter((b) => b.getBoundingClientRect().height >= 44 && getComputedStyle(b).visibility === "visible")
        .map((b) => b.textContent.replace("\u2715", "").trim())),
      under: groups.map((g) => g.previousElementSibling && g.previousElementSibling.classList.contains("bot")),
      messagesAfterLastQuestion: groups.length
        ? [...groups[groups.length - 1].parentNode.children].slice([...groups[groups.length - 1].parentNode.children]
          .indexOf(groups[groups.length - 1]) + 1).filter((e) => e.classList.contains("msg")).length : 0,
    };
  });
}

async function sessionId(page) {
  return page.evaluate(() => (JSON.parse(sessionStorage.getItem("chat_session") || "{}").session_id) || null);
}

async function phone(browser) {
  const { context, record, own } = await recordingContext(browser, PHONE, pageUrl);
  const page = await context.newPage();
  await page.goto(pageUrl);
  seen.title = await page.title();
  await waitForBot(page, "geen therapeut");
  seen.welcomeReplies = await repliesOf(page, "geen therapeut");
  seen.crisisBeforeStart = await page.locator("#crisis").isVisible();
  seen.crisisLinks = await page.locator("#crisis a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  seen.axe.push(...await axe(page, "phone: welcome"));
  await page.screenshot({ path: `${shots}/phone-welcome.png`, animations: "disabled" });

  // the first screen: the row of numbers is short and every topic button is in view
  seen.firstScreen = await page.evaluate(() => {
    const crisis = document.getElementById("crisis").getBoundingClientRect();
    const inView = (b) => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; };
    const buttons = [...document.querySelectorAll(".replies button")];
    return { crisisHeight: Math.round(crisis.height), buttons: buttons.length, inView: buttons.filter(inView).length };
  });
  seen.helpBeforeStart = await page.locator("#help-toggle").isVisible();
  seen.privacyClosed = await page.locator("#retention").isVisible();
  await page.locator("#help-toggle").click();
  seen.helpPanelBeforeStart = await page.locator("#crisis").innerText();

  // what is kept: one tap away, in full; never open together with the numbers (phone trial 6:
  // both open left the chat a sliver over the input)
  await page.locator("#privacy summary").click();
  seen.helpAfterPrivacy = await page.locator("#help-toggle").getAttribute("aria-expanded");
  seen.retention = await page.locator("#retention").innerText();
  seen.privacyText = await page.locator("#privacy").innerText();
  seen.axe.push(...await axe(page, "phone: what is kept, open"));
  await page.locator("#privacy summary").click();

  // an answer with buttons: the view starts at its first line, the header is one line
  await send(page, "mijn vriend wil nooit over zijn gevoelens praten");
  seen.focusAfterSend = await page.evaluate(() => document.activeElement.id);
  await waitForBot(page, "Bron: Mijn partner wil niet over gevoelens praten");
  seen.firstAnswerStartInView = await startInView(page, "Wat pijnlijk");
  // once the answer is there, a screen reader finds no "writing" status (phone trial: it stayed)
  seen.statusAfterAnswer = await page.locator("#status").textContent();
  seen.headerHeight = await page.locator("header").evaluate((h) => h.getBoundingClientRect().height);
  seen.crisisAfterStart = await page.locator("#crisis").isVisible();
  await page.locator("#help-toggle").click();
  seen.crisisOnHelp = await page.locator("#crisis").isVisible();
  seen.helpExpanded = await page.locator("#help-toggle").getAttribute("aria-expanded");
  await page.locator("#help-toggle").click();
  seen.axe.push(...await axe(page, "phone: answer with buttons"));
  seen.smallTargets = await smallTargets(page);
  seen.sourceApart = await page.locator(".msg.bot .source").first().evaluate((p) => ({
    text: p.textContent, separate: p.previousElementSibling !== null && p.tagName === "P",
  }));
  seen.pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${shots}/phone-answer.png`, animations: "disabled" });

  // steps as a list in one bubble; the long answer is read from its start
  await tap(page, "Wat kan ik doen?");
  await waitForBot(page, "Wat je deze week kunt doen:");
  seen.stepsStartInView = await startInView(page, "Wat je deze week kunt doen:");
  seen.steps = await page.locator(".msg.bot", { hasText: "Wat je deze week kunt doen:" }).last().evaluate((b) => ({
    items: b.querySelectorAll("ol > li").length,
    lists: b.querySelectorAll("ol").length,
    source: b.querySelector(".source") ? b.querySelector(".source").textContent : null,
  }));

  // an exercise: Ja/Soms/Nee and a "stop" that does not look like "Nee"
  await tap(page, "Herken je de signalen");
  await waitForBot(page, "Vraag 1 van 8");
  seen.exerciseReplies = await repliesOf(page, "Vraag 1 van 8");
  seen.axe.push(...await axe(page, "phone: inside an exercise"));
  seen.stopLooks = await page.evaluate(() => {
    const buttons = [...document.querySelectorAll(".replies button")];
    const style = (title) => {
      const b = buttons.find((x) => x.textContent.trim().endsWith(title));
      const s = b && getComputedStyle(b);
      return s ? `${s.borderStyle} ${s.borderColor} ${s.color}` : null;
    };
    return { no: style("Nee"), stop: style("Stop de oefening") };
  });
  seen.smallTargets.push(...await smallTargets(page));
  await tap(page, "Stop de oefening");
  await page.waitForTimeout(1500);
  await waitForBot(page, "");

  // after telling about violence, every later question keeps its buttons, reminder or not
  await send(page, "mijn man slaat me soms als hij boos is");
  await waitForBot(page, "0800-2000");
  seen.telLinksInAnswer = await page.evaluate(() => {
    const user = [...document.querySelectorAll("#log .msg.user")].pop();
    return [...document.querySelectorAll("#log .msg.bot a[href^='tel:']")]
      .filter((a) => user.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)
      .map((a) => ({ href: a.getAttribute("href"), height: a.getBoundingClientRect().height,
        framed: a.closest(".msg").classList.contains("safety"),
        whole: [...a.querySelectorAll(".nr")].every((n) => n.getClientRects().length === 1) }));
  });
  await page.locator(".msg.bot.safety").last().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/phone-safety-answer.png`, animations: "disabled" });
  seen.afterViolence = [await answerButtons(page)];
  await page.locator(".replies button").first().click();  // whatever the bot asked, its first answer
  await waitForBot(page, "");
  seen.afterViolence.push(await answerButtons(page));
  await send(page, "vergeet mij");
  await waitForBot(page, "Wil je dat ik dit hele gesprek wis?");
  seen.afterViolence.push(await answerButtons(page));
  seen.forgetQuestion = await repliesOf(page, "Wil je dat ik dit hele gesprek wis?");
  await tap(page, "Nee, laat maar staan");
  await waitForBot(page, "ik wis niets");
  await send(page, "we leven als huisgenoten, we praten alleen nog over de boodschappen");
  await waitForBot(page, "");
  seen.afterViolence.push(await answerButtons(page));

  seen.brokenBubbles = await brokenBubbles(page);

  // what the user types is shown as text, never run as HTML
  await send(page, "<b>vet</b><script>window.hacked=1</script>");
  await page.locator(".msg.user", { hasText: "<b>vet</b>" }).waitFor();
  await waitForBot(page, "");
  seen.userHtml = await page.evaluate(() => ({
    ran: window.hacked === 1, bold: document.querySelectorAll(".msg.user b").length,
  }));

  // a reload keeps the conversation of this tab, with the last answer's buttons (an answer
  // that surely has buttons, so the check does not depend on what the coach said before)
  await send(page, "wat kun jij allemaal");
  await waitForBot(page, "Ik kan je helpen");
  seen.repliesBeforeReload = await page.locator(".replies button").count();
  await page.reload();
  await page.locator(".msg.user", { hasText: "mijn vriend wil nooit" }).waitFor();
  await page.waitForTimeout(1500);
  seen.brokenBubblesAfterReload = await brokenBubbles(page);
  seen.afterReload = {
    history: (await page.locator("#log").innerText()).includes("Wat je deze week kunt doen:"),
    replies: await page.locator(".replies button").count(),
    storage: await page.evaluate(() => ({ session: sessionStorage.getItem("chat_session") !== null,
      local: localStorage.length })),
    collapsed: await page.evaluate(() => document.body.classList.contains("started")),
  };

  // "Wis mijn gesprek": asks, deletes without a chat message, confirms, starts fresh
  const forgotten = await sessionId(page);
  seen.forgottenSession = forgotten;
  await page.locator("#forget").click();
  seen.dialogOpen = await page.locator("#forget-dialog").isVisible();
  const clickedAt = Date.now();
  await page.locator("#forget-yes").click();
  await page.locator(".msg.notice", { hasText: "Gedaan" }).waitFor({ timeout: 30000 });
  await waitForBot(page, "geen therapeut");
  await page.waitForTimeout(1000);
  seen.afterForget = {
    notice: await page.locator(".msg.notice").innerText(),
    // the confirmation is still in view once the welcome came (the log is short on a phone)
    noticeInView: await page.evaluate(() => {
      const box = document.getElementById("log").getBoundingClientRect();
      const note = document.querySelector("#log .msg.notice").getBoundingClientRect();
      return note.top >= box.top - 1 && note.top < box.bottom;
    }),
    log: await page.locator("#log").innerText(),
    // the welcome is there: no "writing" status left for a screen reader (phone trial 6)
    status: await page.locator("#status").textContent(),
    newSession: await sessionId(page),
    // a while later the confirmation is gone: the next person to pick up the phone sees no trace
    noticeLater: await page.waitForTimeout(12500).then(() => page.locator(".msg.notice").count()),
    sentMessages: record.sentFrames.filter((f) => f.at >= clickedAt && f.payload.includes("user_uttered"))
      .map((f) => f.payload.slice(0, 200)),
  };
  seen.failedRequests = record.failed;
  seen.foreignHosts = foreignHosts(record, own);
  seen.requests = [...new Set(record.requests.map((u) => new URL(u).pathname))];
  seen.sockets = record.sockets.map((u) => new URL(u).host);

  // Esc twice leaves like "Snel weg": the chat is gone from the tab and from its history, and
  // from the server (phone trial 3: the tab can never open it again, so nobody could wipe it)
  await send(page, "we leven langs elkaar heen");
  await waitForBot(page, "");
  seen.exitedSession = await sessionId(page);
  await page.locator("#message").focus();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.waitForURL(`https://${EXIT_HOST}/`, { timeout: 10000 });
  seen.exitUrl = page.url();
  await page.goBack().catch(() => null);
  seen.afterBack = page.url();
  // the address typed again in the same tab: a fresh page, nothing of what was written before
  // (phone trial: closing the socket on the way out stored the conversation again)
  await page.goto(pageUrl);
  await waitForBot(page, "geen therapeut");
  seen.afterExitVisit = await page.locator("#log .msg.user").count();
  await context.close();
}

async function keyboard(browser) {
  const { context, record, own } = await recordingContext(browser, DESKTOP, pageUrl);
  const page = await context.newPage();
  await page.goto(pageUrl);
  await waitForBot(page, "geen therapeut");
  seen.axe.push(...await axe(page, "desktop: welcome"));
  const focusStops = [];
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const name = e.getAttribute("aria-label") || e.getAttribute("placeholder") || e.textContent || "";
    // a bot message with focus: the start of an answer (the message after the user's)?
    const before = e.previousElementSibling;
    const answer = e.classList.contains("msg") ? (before && before.classList.contains("user") ? "answer" : "mid-answer") : "";
    return { tag: e.tagName, id: e.id || answer, text: name.trim().slice(0, 50),
      outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
  });
  async function tabTo(text, max = 40, key = "Tab") {
    for (let i = 0; i < max; i += 1) {
      await page.keyboard.press(key);
      const now = await focused();
      focusStops.push(now);
      if (now.text.includes(text)) return now;
    }
    throw new Error(`${text} not reached with ${key} in ${max} presses`);
  }

  // a quick reply with Enter, the next one with Space
  await tabTo("Mijn partner praat niet over gevoelens");
  await page.keyboard.press("Enter");
  await waitForBot(page, "Bron: Mijn partner wil niet over gevoelens praten");
  seen.focusAfterReply = (await focused()).id;
  seen.axe.push(...await axe(page, "desktop: answer with buttons"));
  await page.screenshot({ path: `${shots}/desktop-answer.png`, animations: "disabled" });
  seen.crisisAfterStart = await page.locator("#crisis").isVisible();
  // the focus is on the question that asks for the buttons: they are the next Tab stops
  const tabsFrom = async (text) => { const before = focusStops.length; await tabTo(text, 40); return focusStops.length - before; };
  seen.tabsToReply = [await tabsFrom("Wat kan ik doen?")];
  await page.keyboard.press("Space");
  await waitForBot(page, "Wat je deze week kunt doen:");
  seen.tabsToReply.push(await tabsFrom("Herken je de signalen"));
  await page.keyboard.press("Enter");
  await waitForBot(page, "Vraag 1 van 8");
  seen.axe.push(...await axe(page, "desktop: inside an exercise"));
  seen.tabsToReply.push(await tabsFrom("Soms"));
  await page.keyboard.press("Enter");
  await waitForBot(page, "Vraag 2 van 8");
  // each next question of an exercise takes the focus too (phone trial 8: four Shift+Tabs each)
  seen.focusAfterExerciseReply = (await focused()).id;
  seen.tabsToReply.push(await tabsFrom("Ja"));
  // typing into the labelled input, past the buttons, sent with Enter
  await tabTo("Typ je bericht");
  seen.inputLabel = await page.locator("#message").evaluate((e) => e.labels[0].textContent);
  await page.keyboard.type("stop");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(1500);
  await waitForBot(page, "");
  seen.typedShown = (await page.locator(".msg.user").allInnerTexts()).some((t) => t.includes("stop"));

  // "Wis mijn gesprek" by keyboard: the dialog opens on "Nee", Shift+Tab to "Ja"
  await tabTo("Wis mijn gesprek");
  await page.keyboard.press("Enter");
  seen.dialogFocus = (await focused()).text;
  // Tab from the last button comes back to the first one inside the dialog, never to an
  // invisible stop outside it
  const cycle = [];
  for (let i = 0; i < 3; i++) { await page.keyboard.press("Tab"); cycle.push((await focused()).text); }
  seen.dialogTabCycle = cycle;  // back on "Nee, laat staan"
  await page.keyboard.press("Shift+Tab");
  seen.dialogSecond = (await focused()).text;
  const clickedAt = Date.now();
  await page.keyboard.press("Enter");
  await page.locator(".msg.notice", { hasText: "Gedaan" }).waitFor({ timeout: 30000 });
  await waitForBot(page, "geen therapeut");
  seen.afterForget = {
    log: await page.locator("#log").innerText(),
    sentMessages: record.sentFrames.filter((f) => f.at >= clickedAt && f.payload.includes("user_uttered"))
      .map((f) => f.payload.slice(0, 200)),
  };
  // the first Tab stop of a fresh page is the skip link, and Enter puts the caret in the input
  await page.goto(pageUrl);
  await waitForBot(page, "geen therapeut");
  seen.firstStop = (await tabTo("invoerveld", 1)).text;
  await page.keyboard.press("Enter");
  seen.afterSkip = (await focused()).id;
  seen.focusStops = focusStops;
  seen.unoutlined = focusStops.filter((s) => !s.outline).map((s) => `${s.tag}#${s.id} ${s.text}`);
  seen.foreignHosts = foreignHosts(record, own);
  seen.failedRequests = record.failed;
  await context.close();
}

async function offline(browser) {
  const { context, own, record } = await recordingContext(browser, PHONE, pageUrl);
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.locator("#offline").waitFor({ state: "visible", timeout: 20000 });
  seen.offlineText = await page.locator("#offline").innerText();
  seen.offlineLinks = await page.locator("#offline a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  seen.offlineRole = await page.locator("#offline").getAttribute("role");
  seen.foreignHosts = foreignHosts(record, own);
  await page.screenshot({ path: `${shots}/phone-offline.png`, animations: "disabled" });
  await context.close();
}

// What the scripted server answers to each message (the shapes channels/webchat.py sends:
// Rasa's socket.io output splits a text on blank lines, buttons go with the last piece).
const SCRIPT = {
  "/greet": [{ text: "Welkom bij de test.", quick_replies: [{ content_type: "text", title: "Lang antwoord", payload: "/long" }] }],
  "/long": [
    { text: "Een eerste alinea, met een nummer: bel 0800-2000 of in nood 112. Chat via 113.nl." },
    { text: "Wat je deze week kunt doen:" },
    { text: "Stap 1: een  \nStap 2: twee  \nStap 3: drie  \nStap 4: vier  \nStap 5: vijf" },
    { text: "Stap 6: zes" },
    { text: "Bron: Een artikel" },
    { text: "Wil je verder?", quick_replies: [
      { content_type: "text", title: "Ja", payload: "/affirm" },
      { content_type: "text", title: "Stop de oefening", payload: "/stop" }] },
    { text: "(Een herinnering met Veilig Thuis: 0800-2000.)" },
    { text: "<img src=x onerror=\"window.hacked=1\"><b>vet</b>" },
  ],
  // a long text first, then help: the help is what comes into view
  "/late-help": [
    { text: Array(12).fill("Een lange alinea over iets anders dan hulp, die de chat op een telefoon vult.").join(" ") },
    { text: "Denk je aan een eind aan je leven? Bel gratis 113 of chat op 113.nl, dag en nacht." },
  ],
  // a long answer and then a reminder in brackets: the reminder does not take the view
  "/aside": [
    { text: Array(12).fill("Een lange uitleg over de stappen, die de chat op een telefoon vult.").join(" ") },
    { text: "(Ik blijf ook denken aan wat je eerder vertelde: bel gratis 113 of chat op 113.nl.)" },
  ],
  // buttons too long for one row: they scroll with the text instead of covering it
  "/two-rows": [
    { text: "Een korte vraag?", quick_replies: [{ title: "Een lang antwoord dat veel ruimte vraagt", payload: "/a" },
      { title: "Nog een lang antwoord dat ook ruimte vraagt", payload: "/b" }] },
  ],
  // a goodbye that tells to use "Snel weg": the button is in the message (no number in it)
  "/leave": [{ text: "Tik op 'Snel weg' bovenaan: dan is dit gesprek gewist." }],
  // a question long enough to fill the chat with the keyboard open, and its two buttons
  "/long-question": [
    { text: Array(8).fill("Een lange vraag die een telefoon met het toetsenbord open vult.").join(" ") + " Klopt dat?",
      quick_replies: [{ title: "Ja", payload: "/affirm" }, { title: "Nee", payload: "/deny" }] },
  ],
};

// A socket.io server inside the browser that answers as channels/webchat.py does: receipts
// for messages with an id, a resent id acknowledged but not answered again. `drop()` closes
// the connection and refuses new ones until `down` is false again; `push` sends a bot message.
async function fakeServer(page) {
  const server = { received: [], sockets: [], down: false, receipts: true, handled: new Set() };
  const emit = (ws, event, data) => ws.send(`42${JSON.stringify([event, data])}`);
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (server.down) { ws.close(); return; }
    server.sockets.push(ws);
    ws.send(`0${JSON.stringify({ sid: "fake", upgrades: [], pingInterval: 25000, pingTimeout: 60000 })}`);
    ws.onMessage((frame) => {
      if (frame === "40") ws.send(`40${JSON.stringify({ sid: "fake-socket" })}`);
      if (!String(frame).startsWith("42")) return;
      const [event, data] = JSON.parse(String(frame).slice(2));
      server.received.push([event, data]);
      if (event === "session_request") emit(ws, "session_confirm", "fake.session");
      if (event === "user_uttered") {
        const again = server.handled.has(data.message_id);
        if (data.message_id && server.receipts) {
          emit(ws, "message_received", again ? { message_id: data.message_id, again } : { message_id: data.message_id });
        }
        if (data.message_id && again) return;
        if (data.message_id) server.handled.add(data.message_id);
        for (const message of SCRIPT[data.message] || [{ text: `Antwoord op: ${data.message}`, quick_replies: SCRIPT["/greet"][0].quick_replies }]) {
          emit(ws, "bot_uttered", message);
        }
      }
    });
  });
  server.push = (message) => emit(server.sockets[server.sockets.length - 1], "bot_uttered", message);
  server.drop = () => {
    server.down = true;
    for (const ws of server.sockets) ws.close();
    server.sockets = [];
  };
  return server;
}

async function render(browser) {
  const { context, own, record } = await recordingContext(browser, PHONE, pageUrl);
  const page = await context.newPage();
  const server = await fakeServer(page);
  await page.goto(pageUrl);
  await waitForBot(page, "Welkom bij de test.");
  await tap(page, "Lang antwoord");
  await waitForBot(page, "Een herinnering");
  seen.received = server.received.map(([event, data]) => `${event} ${(data && data.message) || ""}`.trim());
  seen.bubbles = await page.locator(".msg.bot").evaluateAll((bubbles) => bubbles.map((b) => [...b.children]
    .filter((c) => !c.classList.contains("visually-hidden"))
    .map((c) => (c.tagName === "OL" ? `ol:${c.children.length}` : c.className || c.tagName.toLowerCase()))));
  seen.brokenBubbles = await brokenBubbles(page);
  seen.question = await repliesOf(page, "Wil je verder?");
  seen.links = await page.locator(".msg.bot a").evaluateAll((links) => links.map((a) => ({
    text: a.textContent.trim(), href: a.getAttribute("href"), rel: a.getAttribute("rel"),
    safety: a.closest(".msg").classList.contains("safety"),
    height: a.getBoundingClientRect().height,
    numberWhole: [...a.querySelectorAll(".nr")].every((n) => n.getClientRects().length === 1) })));
  seen.inlineNumbers = await page.locator(".msg.bot p:not(.calls) .nr").evaluateAll((numbers) => numbers.map((n) => ({
    text: n.textContent, nowrap: getComputedStyle(n).whiteSpace === "nowrap" })));
  seen.botHtml = await page.evaluate(() => ({ ran: window.hacked === 1, images: document.querySelectorAll("#log img").length,
    shown: [...document.querySelectorAll(".msg.bot")].some((b) => b.textContent.includes("<b>vet</b>")) }));
  seen.answerStartInView = await startInView(page, "Een eerste alinea");
  // a reminder in brackets keeps its call buttons, not the title and heavy frame of help
  seen.framing = await page.locator(".msg.bot.safety").evaluateAll((bubbles) => bubbles.map((b) => ({
    start: b.textContent.replace(/^Relatiecoach: /, "").slice(0, 14), reminder: b.classList.contains("reminder"),
    title: Boolean(b.querySelector(".safety-title")), calls: b.querySelectorAll(".calls a").length,
    border: getComputedStyle(b).borderTopWidth })));
  seen.foreignHosts = foreignHosts(record, own);
  // "Snel weg" named in a message: the button is there too, and leaves as the header's does
  await send(page, "/leave");
  await waitForBot(page, "Tik op 'Snel weg'");
  const inMessage = page.locator(".msg.bot .exit-row button");
  seen.exitInMessage = { count: await inMessage.count(), framed: await page.locator(".msg.bot").last().evaluate(
    (b) => b.classList.contains("safety")), height: (await inMessage.first().boundingBox()).height };
  await inMessage.first().click();
  await page.waitForURL(`https://${EXIT_HOST}/`, { timeout: 10000 });
  seen.exitInMessage.url = page.url();
  await context.close();
}

// What a phone user runs into beyond a plain conversation, against the scripted server: a
// message typed while the connection is down, reading further up while messages come, a
// safety message, the on-screen keyboard, 200% text, focus and announcements, and "Snel weg"
// with the dialog open.
const FAKE_VIEWPORT = () => {
  // a visualViewport the test can shrink as an on-screen keyboard does in Safari on iOS
  const fake = new EventTarget();
  let height = null;
  let top = 0;
  Object.defineProperties(fake, {
    height: { get: () => (height === null ? window.innerHeight : height) },
    width: { get: () => window.innerWidth },
    offsetTop: { get: () => top },
    offsetLeft: { value: 0 },
    pageTop: { get: () => top },
    scale: { value: 1 },
  });
  Object.defineProperty(window, "visualViewport", { value: fake, configurable: true });
  window.__keyboard = (h, t) => { height = h; top = t; fake.dispatchEvent(new Event("resize")); };
};

async function box(page, selector) {
  return page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) };
  });
}

const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

async function statusOf(page, text) {
  return page.locator(".msg.user", { hasText: text }).last().evaluate((b) => ({
    status: b.querySelector(".status").textContent, unsent: b.classList.contains("unsent"),
    visible: b.querySelector(".status").getBoundingClientRect().height > 0,
  }));
}

// Visible controls and bubbles: overlapping pairs, ones outside the screen's width, text cut off.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scope = document.querySelector("dialog[open]") || document;  // a modal dialog covers the rest
    const shown = [...scope.querySelectorAll("h1, h2, p, button, a.call, textarea, .msg, .retention, .crisis .why")]
      .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility === "visible" && !e.closest(".visually-hidden"))
      .map((e) => ({ e, r: e.getBoundingClientRect(), name: (e.id || e.className || e.tagName) + ":" + e.textContent.trim().slice(0, 20) }));
    const problems = [];
    for (const { e, r, name } of shown) {
      if (r.left < -1 || r.right > width + 1) problems.push(`outside ${name}`);
      if (e.tagName !== "TEXTAREA" && (e.scrollWidth > e.clientWidth + 1)) problems.push(`cut off ${name}`);
    }
    // controls scrolled out of the screen (a header panel that scrolls on its own) overlap nothing one can see
    const controls = shown.filter(({ e, r }) => e.matches("h1, h2, button, a.call, textarea") && !e.closest(".log") &&
      r.top < window.innerHeight && r.bottom > 0);
    for (let i = 0; i < controls.length; i += 1) {
      for (let j = i + 1; j < controls.length; j += 1) {
        const a = controls[i].r;
        const b = controls[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
          problems.push(`overlap ${controls[i].name} / ${controls[j].name}`);
        }
      }
    }
    return problems;
  });
}

async function states(browser) {
  const { context, own, record } = await recordingContext(browser, PHONE, pageUrl);
  await context.addInitScript(FAKE_VIEWPORT);
  const page = await context.newPage();
  const server = await fakeServer(page);
  await page.addInitScript(() => {
    // every text the live region #status gets, to count the "typing" announcements
    window.__said = [];
    document.addEventListener("DOMContentLoaded", () => {
      const status = document.getElementById("status");
      new MutationObserver(() => { if (status.textContent) window.__said.push(status.textContent); })
        .observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await page.goto(pageUrl);
  await waitForBot(page, "Welkom bij de test.");
  await page.locator("#privacy summary").click();
  seen.retention = await page.locator("#retention").innerText();
  await page.locator("#privacy summary").click();
  seen.live = await page.locator("#log").evaluate((l) => ({ role: l.getAttribute("role"), live: l.getAttribute("aria-live") }));

  // focus: after Enter, after the send button, after a quick reply
  await send(page, "eerste bericht");
  await waitForBot(page, "Antwoord op: eerste bericht");
  seen.focusAfterEnter = await activeId(page);
  seen.deliveredFirst = await statusOf(page, "eerste bericht");
  await page.locator("#message").fill("tweede bericht");
  await page.locator("#send").click();
  await waitForBot(page, "Antwoord op: tweede bericht");
  seen.focusAfterSendButton = await activeId(page);
  seen.deliveredMarks = await page.locator(".msg.user .status").evaluateAll((marks) => marks.map((m) => m.textContent));
  await page.evaluate(() => { window.__said = []; });
  await tap(page, "Lang antwoord");
  seen.focusAfterReply = await activeId(page);
  await waitForBot(page, "Een herinnering");
  seen.typingSaid = await page.evaluate(() => window.__said);
  seen.botMessagesInLog = await page.locator("#log .msg.bot").count();

  // a safety message: framed, its numbers as call buttons of at least 44 px
  seen.safety = await page.locator(".msg.bot.safety").first().evaluate((b) => ({
    title: b.querySelector(".safety-title") && b.querySelector(".safety-title").textContent,
    border: getComputedStyle(b).borderLeftWidth,
    calls: [...b.querySelectorAll(".calls a")].map((a) => ({ href: a.getAttribute("href"), text: a.textContent.trim(),
      height: a.getBoundingClientRect().height })),
  }));
  await page.locator(".msg.bot.safety").first().scrollIntoViewIfNeeded();

  // at the bottom, a message after a pause is brought into view
  await page.locator("#log").evaluate((log) => { log.scrollTop = log.scrollHeight; });
  await page.waitForTimeout(3500);
  server.push({ text: "Een bericht terwijl je onderaan bent." });
  await waitForBot(page, "terwijl je onderaan bent");
  seen.atBottom = { inView: await startInView(page, "terwijl je onderaan bent"),
    button: await page.locator("#new-message").isVisible() };

  // reading further up while a long answer comes in: the view stays, "Nieuw bericht" jumps
  await send(page, "/long");
  await page.locator(".msg.bot", { hasText: "Een eerste alinea" }).nth(1).waitFor();
  await page.locator("#log").hover();
  await page.mouse.wheel(0, -5000);
  await page.waitForTimeout(400);
  const before = await page.locator("#log").evaluate((log) => log.scrollTop);
  await waitForBot(page, "Een herinnering");
  seen.readingBack = {
    scrolledBefore: before, scrolledAfter: await page.locator("#log").evaluate((log) => log.scrollTop),
    button: await page.locator("#new-message").isVisible(),
    inView: await startInView(page, "Wil je verder?"),
    buttonBox: await box(page, "#new-message"),
    logBox: await box(page, "#log"),
  };
  seen.axe.push(...await axe(page, "phone: new message below, safety messages"));
  await page.screenshot({ path: `${shots}/phone-new-message.png`, animations: "disabled" });
  await page.locator("#new-message").click();
  await page.waitForTimeout(300);
  seen.afterJump = { scrolled: await page.locator("#log").evaluate((log) => log.scrollTop), focus: await activeId(page) };
  // more below: the pill stays and takes the next step, until the end and its buttons are in view
  let taps = 1;
  while (await page.locator("#new-message").isVisible() && taps < 8) {
    await page.locator("#new-message").click();
    await page.waitForTimeout(300);
    taps += 1;
  }
  seen.afterJump.taps = taps;
  seen.afterJump.button = await page.locator("#new-message").isVisible();
  seen.afterJump.lastButtonsInView = await page.locator(".replies").last().evaluate((g) => {
    const view = document.getElementById("log").getBoundingClientRect();
    const box = g.getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  });

  // the connection drops: a message is kept, marked "niet verzonden", sent when it is back,
  // shown as delivered after the receipt, and handled once
  server.drop();
  await page.locator("#offline").waitFor({ state: "visible", timeout: 20000 });
  await send(page, "bericht zonder verbinding");
  seen.unsent = await statusOf(page, "bericht zonder verbinding");
  seen.unsentFocus = await activeId(page);
  seen.unsentKept = await page.evaluate(() => JSON.parse(sessionStorage.getItem("chat_session")).messages
    .filter((m) => m.text === "bericht zonder verbinding").map((m) => m.status));
  seen.axe.push(...await axe(page, "phone: a message not sent"));
  await page.screenshot({ path: `${shots}/phone-unsent.png`, animations: "disabled" });
  server.down = false;
  await page.locator(".msg.user", { hasText: "bericht zonder verbinding" }).locator(".status", { hasText: "Afgeleverd" })
    .waitFor({ timeout: 30000 });
  await waitForBot(page, "Antwoord op: bericht zonder verbinding");
  seen.resent = await statusOf(page, "bericht zonder verbinding");
  // sent, but the receipt never came before the connection dropped: sent again with the same id
  server.receipts = false;
  await send(page, "bericht zonder ontvangstbevestiging");
  await waitForBot(page, "Antwoord op: bericht zonder ontvangstbevestiging");
  seen.withoutReceipt = await statusOf(page, "bericht zonder ontvangstbevestiging");
  server.drop();
  await page.locator("#offline").waitFor({ state: "visible", timeout: 20000 });
  seen.withoutReceiptOffline = await statusOf(page, "bericht zonder ontvangstbevestiging");
  server.receipts = true;
  server.down = false;
  await page.locator(".msg.user", { hasText: "bericht zonder ontvangstbevestiging" })
    .locator(".status", { hasText: "Afgeleverd" }).waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500);
  const sentOf = (text) => server.received.filter(([event, data]) => event === "user_uttered" && data.message === text)
    .map(([, data]) => data.message_id);
  seen.frames = { offline: sentOf("bericht zonder verbinding"), noReceipt: sentOf("bericht zonder ontvangstbevestiging") };
  seen.answers = {
    offline: await page.locator(".msg.bot", { hasText: "Antwoord op: bericht zonder verbinding" }).count(),
    noReceipt: await page.locator(".msg.bot", { hasText: "Antwoord op: bericht zonder ontvangstbevestiging" }).count(),
    userBubbles: await page.locator(".msg.user", { hasText: "bericht zonder" }).count(),
  };
  seen.deliveredAfterAll = await page.locator(".msg.user .status").evaluateAll((marks) => marks.map((m) => m.textContent));
  seen.typingAfterResend = await page.locator("#typing").isVisible();  // the resend was answered before

  // the on-screen keyboard: the input and the send button stay above it
  await page.locator("#message").focus();
  const sendBefore = await box(page, "#send");
  await page.evaluate(() => window.__keyboard(508, 0));
  await page.waitForTimeout(200);
  seen.keyboard = { before: sendBefore, send: await box(page, "#send"), input: await box(page, "#message"),
    exit: await box(page, "#quick-exit"), log: await box(page, "#log") };
  await page.evaluate(() => window.__keyboard(508, 120));  // Safari also moves the visible part down
  await page.waitForTimeout(200);
  seen.keyboardPanned = { send: await box(page, "#send"), exit: await box(page, "#quick-exit") };
  await page.evaluate(() => window.__keyboard(null, 0));
  await page.setViewportSize({ width: 390, height: 508 });  // Chromium: the keyboard resizes the page
  await page.waitForTimeout(300);
  seen.keyboardResized = { send: await box(page, "#send"), input: await box(page, "#message") };
  // with the keyboard open, one tap on "send" sends (phone trial: the first tap was lost when
  // the input lost focus and the page moved under the finger)
  const usersBefore = await page.locator("#log .msg.user").count();
  await page.locator("#message").tap();
  await page.locator("#message").fill("een bericht met het toetsenbord open");
  await page.locator("#send").tap();
  await page.waitForTimeout(600);
  seen.keyboardTapSent = (await page.locator("#log .msg.user").count()) - usersBefore;
  seen.keyboardTapLeft = await page.locator("#message").inputValue();
  // and one tap on an answer button while typing (phone trial 2: the first tap was lost too)
  await waitForBot(page, "Antwoord op: een bericht met het toetsenbord open");
  await page.locator("#message").tap();
  const beforeReply = await page.locator("#log .msg.user").count();
  await page.locator(".replies button").last().tap();
  await page.waitForTimeout(600);
  seen.keyboardReplyTapSent = (await page.locator("#log .msg.user").count()) - beforeReply;
  // the keyboard stays open after that tap (phone trial 4: it closed, the footer came back and
  // pushed the next answer's buttons out of view)
  seen.keyboardReplyTapFocus = await activeId(page);
  await waitForBot(page, "Een herinnering");
  // help below a long text comes into view first (phone trial 2: it was under the fold)
  await page.locator("#message").blur();
  await page.setViewportSize(PHONE.viewport);
  await send(page, "/late-help");
  await waitForBot(page, "Denk je aan een eind aan je leven?");
  seen.lateHelpInView = await startInView(page, "Denk je aan een eind aan je leven?");
  // "Relatiecoach:" is said once for the answer's two messages (phone trial 8: four times)
  seen.lateHelpLabels = await page.evaluate(() => {
    const user = [...document.querySelectorAll("#log .msg.user")].pop();
    const after = [...document.querySelectorAll("#log .msg.bot")]
      .filter((b) => user.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    return { bubbles: after.length, labels: after.filter((b) => b.textContent.startsWith("Relatiecoach: ")).length };
  });
  await page.setViewportSize({ width: 390, height: 508 });
  await page.screenshot({ path: `${shots}/phone-keyboard.png`, animations: "disabled" });
  // with the keyboard open, a long question is read from its start and its buttons stay in
  // view (phone trial 5: Ja/Nee under the safety question were below the fold)
  await page.locator("#message").tap();
  await send(page, "/long-question");
  await waitForBot(page, "Klopt dat?");
  await page.waitForTimeout(300);
  seen.longQuestion = {
    startInView: await startInView(page, "Een lange vraag"),
    log: await box(page, "#log"),
    buttons: await page.locator(".replies button").evaluateAll((buttons) => buttons.map((b) => {
      const r = b.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { text: b.textContent.trim(), top: Math.round(r.top), bottom: Math.round(r.bottom), onTop: b.contains(hit) };
    })),
  };
  await page.screenshot({ path: `${shots}/phone-keyboard-question.png`, animations: "disabled" });
  seen.longQuestionPinned = await page.locator(".replies").last().evaluate((g) => g.classList.contains("pinned"));
  await send(page, "/two-rows");
  await waitForBot(page, "Een korte vraag?");
  seen.twoRowsPinned = await page.locator(".replies").last().evaluate((g) => g.classList.contains("pinned"));
  await send(page, "/aside");
  await waitForBot(page, "Ik blijf ook denken");
  await page.waitForTimeout(300);
  seen.asideStartInView = await startInView(page, "Een lange uitleg over de stappen");
  await page.setViewportSize(PHONE.viewport);
  await page.locator("#message").blur();

  // 200% text (the browser's text size doubled): nothing cut off or overlapping
  const cdp = await context.newCDPSession(page);
  await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
  await page.waitForTimeout(300);
  seen.bigText = {
    rootFont: await page.evaluate(() => getComputedStyle(document.documentElement).fontSize),
    largeTextLayout: await page.evaluate(() => matchMedia("(max-width: 20em)").matches),
    problems: await layoutProblems(page),
    send: await box(page, "#send"), input: await box(page, "#message"), exit: await box(page, "#quick-exit"),
    forget: await box(page, "#forget"),
    pageWidth: await page.evaluate(() => document.documentElement.scrollWidth),
    logHeight: await page.locator("#log").evaluate((l) => l.clientHeight),
  };
  await page.locator(".msg.bot.safety").last().scrollIntoViewIfNeeded();
  seen.bigText.safetyCalls = await page.locator(".msg.bot.safety").last().evaluate((b) => [...b.querySelectorAll(".calls a")]
    .map((a) => { const r = a.getBoundingClientRect(); return { left: r.left, right: r.right, lines: a.querySelector(".nr").getClientRects().length }; }));
  seen.bigText.problemsInLog = await layoutProblems(page);
  seen.axe.push(...await axe(page, "phone: 200% text"));
  await page.screenshot({ path: `${shots}/phone-200-percent.png`, animations: "disabled" });
  await page.locator("#help-toggle").click();
  seen.bigText.help = { shown: await page.locator("#crisis").isVisible(), problems: await layoutProblems(page),
    links: await page.locator("#crisis a.call").count(),
    // the whole panel, its last line (the huisarts) too (phone trial 6: cut off at "Bel 112")
    // scrolled to its end the panel shows it above the way back, which stays in view
    calmInView: await page.locator("#crisis .calm").evaluate((li) => {
      document.querySelector("header").scrollTop = 1e6;
      const back = document.getElementById("help-close").getBoundingClientRect();
      return li.getBoundingClientRect().bottom <= Math.min(back.top + 1, window.innerHeight);
    }) };
  // and the way back right under it, in view (phone trials 7 and 8: the open panel hid the
  // input, and at 200% only the edge of this button showed)
  seen.bigText.helpCloseInView = await page.locator("#help-close").evaluate((b) => {
    const r = b.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  await page.locator("#help-close").click();
  seen.bigText.helpClosed = { panel: await page.locator("#crisis").isVisible(), focus: await activeId(page) };
  await page.locator("#forget").click();
  seen.bigText.dialog = await layoutProblems(page);
  seen.bigText.dialogExit = await box(page, "#forget-dialog [data-quick-exit]");
  seen.axe.push(...await axe(page, "phone: 200% text, dialog open"));
  await page.screenshot({ path: `${shots}/phone-200-percent-dialog.png`, animations: "disabled" });
  await cdp.send("Page.setFontSizes", { fontSizes: { standard: 16, fixed: 13 } });

  // the first screen at 200% text: the call buttons are in view before the first message
  // (phone trials 8 and 9: no number on the first screen), and the welcome still has room
  const fresh = await context.newPage();
  await fakeServer(fresh);
  await (await context.newCDPSession(fresh)).send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
  await fresh.goto(pageUrl);
  await waitForBot(fresh, "Welkom bij de test.");
  seen.bigText.firstScreen = {
    calls: await fresh.locator("#crisis a.call").evaluateAll((links) => links.filter((a) => {
      const r = a.getBoundingClientRect();
      return r.height >= 44 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    }).map((a) => a.getAttribute("href"))),
    problems: await layoutProblems(fresh),
    logHeight: await fresh.locator("#log").evaluate((l) => l.clientHeight),
  };
  await fresh.screenshot({ path: `${shots}/phone-200-percent-first.png`, animations: "disabled" });
  await fresh.close();

  // "Snel weg" with the dialog open: the dialog has its own, and Esc twice works too
  seen.dialogOpen = await page.locator("#forget-dialog").isVisible();
  seen.foreignHosts = foreignHosts(record, own);
  await page.locator("#forget-dialog [data-quick-exit]").click();
  await page.waitForURL(`https://${EXIT_HOST}/`, { timeout: 10000 });
  seen.exitFromDialog = page.url();
  const second = await context.newPage();
  await fakeServer(second);
  await second.goto(pageUrl);
  await waitForBot(second, "Welkom bij de test.");
  await second.locator("#forget").click();
  await second.keyboard.press("Escape");
  await second.keyboard.press("Escape");
  await second.waitForURL(`https://${EXIT_HOST}/`, { timeout: 10000 });
  seen.escFromDialog = second.url();
  await context.close();
}

// Against the real server, through a proxy in the browser: the connection drops, a message
// typed meanwhile is marked "not sent", goes out when the connection is back and is shown
// as delivered after the server's receipt; the proxy sends it to the server twice (as when a
// receipt is lost and the page resends) and the server answers it once.
async function reconnect(browser) {
  const { context } = await recordingContext(browser, PHONE, pageUrl);
  const page = await context.newPage();
  const proxy = { down: false, routes: [], double: false, toServer: [] };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (proxy.down) { ws.close(); return; }
    const server = ws.connectToServer();
    proxy.routes.push({ ws, server });
    ws.onMessage((frame) => {
      const copies = proxy.double && String(frame).includes('"message_id"') ? 2 : 1;
      if (copies === 2) proxy.double = false;
      for (let i = 0; i < copies; i += 1) { proxy.toServer.push(String(frame)); server.send(frame); }
    });
    server.onMessage((frame) => ws.send(frame));
  });
  await page.goto(pageUrl);
  await waitForBot(page, "geen therapeut");
  seen.session = await sessionId(page);
  proxy.down = true;
  for (const { ws, server } of proxy.routes) { ws.close(); server.close(); }
  await page.locator("#offline").waitFor({ state: "visible", timeout: 20000 });
  const text = "we leven als huisgenoten naast elkaar";
  await send(page, text);
  const status = () => page.locator(".msg.user", { hasText: text }).evaluate((b) => ({
    status: b.querySelector(".status").textContent, unsent: b.classList.contains("unsent") }));
  seen.unsent = await status();
  await page.waitForTimeout(1000);
  seen.stillUnsent = await status();
  proxy.down = false;
  proxy.double = true;
  await page.locator(".msg.user", { hasText: text }).locator(".status", { hasText: "Afgeleverd" }).waitFor({ timeout: 40000 });
  seen.delivered = await status();
  seen.offlineAfter = await page.locator("#offline").isVisible();
  await waitForBot(page, "Bron:");
  await page.waitForTimeout(3000);
  seen.sessionAfter = await sessionId(page);
  seen.sentToServer = proxy.toServer.filter((f) => f.includes("user_uttered") && f.includes(text)).length;
  seen.answers = await page.locator(".msg.bot", { hasText: "Bron:" }).count();
  seen.userBubbles = await page.locator(".msg.user", { hasText: text }).count();
  await context.close();
}

const browser = await launch();
try {
  await { phone, keyboard, offline, render, states, reconnect }[scenario](browser);
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
