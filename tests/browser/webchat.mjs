// The chat page in headless Chromium (Debian's /usr/bin/chromium) with playwright-core.
// Usage: node tests/browser/webchat.mjs SCENARIO PAGE_URL SCREENSHOT_DIR
//   phone     a whole conversation on a phone, by touch (tests/service/test_webpage.py)
//   keyboard  a conversation on a desktop with the keyboard only
//   offline   the page when the chat server cannot be reached
//   render    the page against a scripted socket.io server in the browser (no bot): how
//             messages the real server sends in pieces are laid out
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

  // an answer with buttons: the view starts at its first line, the header is one line
  await send(page, "mijn vriend wil nooit over zijn gevoelens praten");
  await waitForBot(page, "Bron: Mijn partner wil niet over gevoelens praten");
  seen.firstAnswerStartInView = await startInView(page, "Wat pijnlijk");
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
      .map((a) => ({ href: a.getAttribute("href"), nowrap: getComputedStyle(a).whiteSpace === "nowrap" }));
  });
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

  // a reload keeps the conversation of this tab, with the last answer's buttons
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
    log: await page.locator("#log").innerText(),
    newSession: await sessionId(page),
    sentMessages: record.sentFrames.filter((f) => f.at >= clickedAt && f.payload.includes("user_uttered"))
      .map((f) => f.payload.slice(0, 200)),
  };
  seen.failedRequests = record.failed;
  seen.foreignHosts = foreignHosts(record, own);
  seen.requests = [...new Set(record.requests.map((u) => new URL(u).pathname))];
  seen.sockets = record.sockets.map((u) => new URL(u).host);

  // Esc twice leaves like "Snel weg": the chat is gone from the tab and from its history
  await page.locator("#message").focus();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.waitForURL(`https://${EXIT_HOST}/`, { timeout: 10000 });
  seen.exitUrl = page.url();
  await page.goBack().catch(() => null);
  seen.afterBack = page.url();
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
    return { tag: e.tagName, id: e.id, text: name.trim().slice(0, 50),
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
  await tabTo("Wat kan ik doen?");
  await page.keyboard.press("Space");
  await waitForBot(page, "Wat je deze week kunt doen:");
  await tabTo("Herken je de signalen");
  await page.keyboard.press("Enter");
  await waitForBot(page, "Vraag 1 van 8");
  seen.axe.push(...await axe(page, "desktop: inside an exercise"));
  await tabTo("Soms");
  await page.keyboard.press("Enter");
  await waitForBot(page, "Vraag 2 van 8");
  // typing into the labelled input, sent with Enter
  await tabTo("Typ je bericht", 40);
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
};

async function fakeServer(page) {
  const received = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    ws.send(`0${JSON.stringify({ sid: "fake", upgrades: [], pingInterval: 25000, pingTimeout: 60000 })}`);
    ws.onMessage((frame) => {
      if (frame === "40") ws.send(`40${JSON.stringify({ sid: "fake-socket" })}`);
      if (!String(frame).startsWith("42")) return;
      const [event, data] = JSON.parse(String(frame).slice(2));
      received.push([event, data]);
      if (event === "session_request") ws.send(`42${JSON.stringify(["session_confirm", "fake.session"])}`);
      if (event === "user_uttered") {
        for (const message of SCRIPT[data.message] || []) ws.send(`42${JSON.stringify(["bot_uttered", message])}`);
      }
    });
  });
  return received;
}

async function render(browser) {
  const { context, own, record } = await recordingContext(browser, PHONE, pageUrl);
  const page = await context.newPage();
  const received = await fakeServer(page);
  await page.goto(pageUrl);
  await waitForBot(page, "Welkom bij de test.");
  await tap(page, "Lang antwoord");
  await waitForBot(page, "Een herinnering");
  seen.received = received.map(([event, data]) => `${event} ${(data && data.message) || ""}`.trim());
  seen.bubbles = await page.locator(".msg.bot").evaluateAll((bubbles) => bubbles.map((b) => [...b.children]
    .filter((c) => !c.classList.contains("visually-hidden"))
    .map((c) => (c.tagName === "OL" ? `ol:${c.children.length}` : c.className || c.tagName.toLowerCase()))));
  seen.brokenBubbles = await brokenBubbles(page);
  seen.question = await repliesOf(page, "Wil je verder?");
  seen.links = await page.locator(".msg.bot a").evaluateAll((links) => links.map((a) => ({
    text: a.textContent, href: a.getAttribute("href"), rel: a.getAttribute("rel"),
    nowrap: getComputedStyle(a).whiteSpace === "nowrap" })));
  seen.botHtml = await page.evaluate(() => ({ ran: window.hacked === 1, images: document.querySelectorAll("#log img").length,
    shown: [...document.querySelectorAll(".msg.bot")].some((b) => b.textContent.includes("<b>vet</b>")) }));
  seen.answerStartInView = await startInView(page, "Een eerste alinea");
  seen.foreignHosts = foreignHosts(record, own);
  await context.close();
}

const browser = await launch();
try {
  await { phone, keyboard, offline, render }[scenario](browser);
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
